// Finds which of many literals occur in a text in one pass (Aho–Corasick), so the prefilter costs one
// scan per event field however many rules look at the field. (For a handful of literals the native
// String.includes is faster; the prefilter makes that choice. Whether any literal occurs at all, the
// common question, is one native regular expression search.)
import { memoized } from './text-memo.ts';

export class LiteralSet {
  private readonly ids = new Map<string, number>();
  private automaton: Automaton | undefined;
  private anyTest: ((text: string) => boolean) | undefined;

  /** The id of a literal, adding it if new. */
  add(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(literal, id);
      this.automaton = undefined;
      this.anyTest = undefined;
    }
    return id;
  }

  /** Whether any of the literals occurs in the text: one native regular expression search. */
  anyIn(text: string): boolean {
    if (!this.anyTest) {
      const alternation = new RegExp([...this.ids.keys()].map((literal) => literal.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'));
      this.anyTest = memoized((candidate) => alternation.test(candidate));
    }
    return this.anyTest(text);
  }

  /** Adds the ids of every literal occurring in the text to `found`. */
  scan(text: string, found: Set<number>): void {
    this.automaton ??= new Automaton([...this.ids.keys()]);
    this.automaton.scan(text, found);
  }
}

class Automaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Literal ids ending at each state, including those reached by failure links. */
  private readonly outputs: number[][] = [[]];

  constructor(literals: readonly string[]) {
    literals.forEach((literal, id) => {
      let state = 0;
      for (let index = 0; index < literal.length; index++) {
        const code = literal.charCodeAt(index);
        let target = this.next[state].get(code);
        if (target === undefined) {
          target = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.outputs.push([]);
          this.next[state].set(code, target);
        }
        state = target;
      }
      this.outputs[state].push(id);
    });
    // Breadth-first, so a state's failure target is finished before the state.
    const queue = [...this.next[0].values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [code, target] of this.next[state]) {
        let fallback = this.fail[state];
        while (fallback !== 0 && !this.next[fallback].has(code)) fallback = this.fail[fallback];
        const failTarget = this.next[fallback].get(code);
        this.fail[target] = failTarget !== undefined && failTarget !== target ? failTarget : 0;
        this.outputs[target] = [...this.outputs[target], ...this.outputs[this.fail[target]]];
        queue.push(target);
      }
    }
  }

  scan(text: string, found: Set<number>): void {
    let state = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      let target = this.next[state].get(code);
      while (target === undefined && state !== 0) {
        state = this.fail[state];
        target = this.next[state].get(code);
      }
      state = target ?? 0;
      for (const id of this.outputs[state]) found.add(id);
    }
  }
}
