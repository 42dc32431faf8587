// Finds which of many literals occur in a text in one pass (Aho–Corasick), so the prefilter costs one
// scan per event field however many rules look at the field. Matching is case-insensitive as
// lower-casing makes it: the literals are lower-case, ASCII letters of the text fold in the
// automaton itself, and only a text with other characters is lower-cased first (their lower case may
// be ASCII: İ, K). The automaton is flattened into typed arrays once built: states near the start,
// where a scan spends most characters, have a full transition row; deeper ones keep their own
// transitions and failure links.

const NONE: readonly number[] = [];
/** Scan numbers stamp `reported`; they restart before they would overflow its 32-bit entries. */
const MAX_SCANS = 0x3fffffff;
/** At most this many cells (states × alphabet) of full transition rows. */
const DENSE_CELLS = 1 << 18;

export class LiteralSet {
  private readonly ids = new Map<string, number>();
  private readonly automaton: Automaton;

  /** @param literals lower-case, each with the id of its first place in the list */
  constructor(literals: Iterable<string>) {
    for (const literal of literals) if (!this.ids.has(literal)) this.ids.set(literal, this.ids.size);
    this.automaton = new Automaton([...this.ids.keys()]);
  }

  idOf(literal: string): number | undefined {
    return this.ids.get(literal);
  }

  /** The ids of every literal occurring in the text lower-cased, each once. */
  findIn(text: string): readonly number[] {
    return this.automaton.findIn(text);
  }
}

class Automaton {
  /** Character classes: 0 for characters in no literal, ASCII capitals as their small letters. */
  private readonly asciiClass = new Uint16Array(128);
  private readonly otherClass = new Map<number, number>();
  private readonly classes: number;
  /** States are numbered breadth-first; the first `denseStates` have full rows in `dense`. */
  private readonly denseStates: number;
  private readonly dense: Int32Array;
  /** Transitions of a deeper state s, by class: edgeClass/edgeTarget[edgeStart[s] .. edgeStart[s + 1]). */
  private readonly edgeStart: Int32Array;
  private readonly edgeClass: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Literal ids ending at state s (failure links included): outputIds[outputStart[s] .. outputStart[s + 1]). */
  private readonly outputStart: Int32Array;
  private readonly outputIds: Int32Array;
  /** When each literal was last reported, so that a scan reports it once. */
  private readonly reported: Int32Array;
  private scans = 0;

  constructor(literals: readonly string[]) {
    let classes = 1;
    const classOf = (code: number): number => {
      if (code < 128) return this.asciiClass[code] || (this.asciiClass[code] = classes++);
      let known = this.otherClass.get(code);
      if (known === undefined) this.otherClass.set(code, (known = classes++));
      return known;
    };
    // The trie, by class, in insertion order.
    const trie: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    literals.forEach((literal, id) => {
      let state = 0;
      for (let index = 0; index < literal.length; index++) {
        const symbol = classOf(literal.charCodeAt(index));
        let target = trie[state].get(symbol);
        if (target === undefined) {
          target = trie.length;
          trie.push(new Map());
          ends.push([]);
          trie[state].set(symbol, target);
        }
        state = target;
      }
      ends[state].push(id);
    });
    for (let code = 65; code <= 90; code++) this.asciiClass[code] = this.asciiClass[code + 32];
    this.classes = classes;

    // Breadth-first numbering, so that shallow states come first and failure targets precede their states.
    const order = [0];
    const number = new Int32Array(trie.length);
    for (let head = 0; head < order.length; head++) {
      for (const target of trie[order[head]].values()) {
        number[target] = order.length;
        order.push(target);
      }
    }
    const states = order.length;
    const next = order.map((state) => new Map([...trie[state]].map(([symbol, target]) => [symbol, number[target]])));
    const outputs = order.map((state) => ends[state]);
    this.fail = new Int32Array(states);
    for (let state = 1; state < states; state++) {
      for (const [symbol, target] of next[state]) {
        let fallback = this.fail[state];
        while (fallback !== 0 && !next[fallback].has(symbol)) fallback = this.fail[fallback];
        this.fail[target] = next[fallback].get(symbol) ?? 0;
      }
      outputs[state] = [...outputs[state], ...outputs[this.fail[state]]];
    }

    // Any first part of the numbering can have full rows: a failure target comes before its state.
    const denseStates = Math.min(states, Math.max(1, Math.floor(DENSE_CELLS / classes)));
    this.denseStates = denseStates;
    this.dense = new Int32Array(denseStates * classes);
    for (let state = 0; state < denseStates; state++) {
      for (let symbol = 1; symbol < classes; symbol++) {
        this.dense[state * classes + symbol] = next[state].get(symbol) ?? (state === 0 ? 0 : this.dense[this.fail[state] * classes + symbol]);
      }
    }

    this.edgeStart = new Int32Array(states + 1);
    this.outputStart = new Int32Array(states + 1);
    let edges = 0;
    let outputCount = 0;
    for (let state = 0; state < states; state++) {
      this.edgeStart[state] = edges;
      this.outputStart[state] = outputCount;
      if (state >= denseStates) edges += next[state].size;
      outputCount += outputs[state].length;
    }
    this.edgeStart[states] = edges;
    this.outputStart[states] = outputCount;
    this.edgeClass = new Uint16Array(edges);
    this.edgeTarget = new Int32Array(edges);
    this.outputIds = new Int32Array(outputCount);
    for (let state = 0; state < states; state++) {
      if (state >= denseStates) {
        let at = this.edgeStart[state];
        for (const [symbol, target] of [...next[state]].sort(([a], [b]) => a - b)) {
          this.edgeClass[at] = symbol;
          this.edgeTarget[at++] = target;
        }
      }
      this.outputIds.set(outputs[state], this.outputStart[state]);
    }
    this.reported = new Int32Array(literals.length);
  }

  findIn(text: string): readonly number[] {
    return this.scan(text, false) ?? this.scan(text.toLowerCase(), true) ?? NONE;
  }

  /** The literals found; undefined when the text needs lower-casing first (a character beyond ASCII). */
  private scan(text: string, lowered: boolean): readonly number[] | undefined {
    const { asciiClass, dense, classes, denseStates, outputStart, outputIds, reported } = this;
    if (this.scans === MAX_SCANS) {
      reported.fill(0);
      this.scans = 0;
    }
    const scan = ++this.scans;
    let found: number[] | undefined;
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      let symbol: number;
      if (code < 128) {
        symbol = asciiClass[code];
      } else {
        if (!lowered) return undefined;
        symbol = this.otherClass.get(code) ?? 0;
      }
      if (symbol === 0) {
        state = 0;
        continue;
      }
      state = state < denseStates ? dense[state * classes + symbol] : this.deepStep(state, symbol);
      for (let output = outputStart[state]; output < outputStart[state + 1]; output++) {
        const id = outputIds[output];
        if (reported[id] !== scan) {
          reported[id] = scan;
          (found ??= []).push(id);
        }
      }
    }
    return found ?? NONE;
  }

  /** The transition from a state without a full row: its own edge, else its failure chain's. */
  private deepStep(from: number, symbol: number): number {
    const { edgeClass, edgeStart, fail, denseStates } = this;
    let state = from;
    for (;;) {
      let low = edgeStart[state];
      let high = edgeStart[state + 1] - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const candidate = edgeClass[middle];
        if (candidate === symbol) return this.edgeTarget[middle];
        if (candidate < symbol) low = middle + 1;
        else high = middle - 1;
      }
      state = fail[state];
      if (state < denseStates) return this.dense[state * this.classes + symbol];
    }
  }
}
