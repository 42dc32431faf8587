// The literal prefilter, inverted: rather than asking rule by rule whether the event holds one of its
// literals, one pass over each field an event's rules look at finds every literal present, and the
// rules those literals belong to are the only ones with a requirement worth evaluating. Rules with no
// requirement are always evaluated.
import { LiteralSet } from './aho-corasick.ts';
import type { FieldText, FieldView } from './field-view.ts';
import type { LiteralAtom } from './requirement.ts';
import { TextMemo } from './text-memo.ts';

/**
 * Longer literals are searched by their last this many characters: a part of a required literal is
 * required too, and long literals (hashes, full paths) would otherwise make automata of millions of
 * states for no better selection.
 */
const MAX_NEEDLE = 24;

/** Scan numbers stamp `possible`; they restart before they would overflow its 32-bit entries. */
const MAX_SCANS = 0x3fffffff;

/** Up to this many literals, a native regular expression first tells whether a text holds any. */
const MAX_GATED = 64;

/**
 * A fixed set of literals rules require in one event field (or in any value, for keywords), and where
 * they occur. Most texts hold none: for a small set, one native search (Boyer–Moore, far faster
 * than any JavaScript loop) settles that; a large set is scanned by the automaton, whose answers are
 * remembered per recurring text.
 */
class FieldLiterals {
  private readonly literals: LiteralSet;
  private readonly gate: RegExp | undefined;
  private readonly found = new TextMemo<readonly number[]>();

  constructor(needles: readonly string[]) {
    this.literals = new LiteralSet(needles);
    // `iu` folds case at least as widely as lower-casing does, but for İ, whose lower case is i and a
    // dot. (Under `u` a lone surrogate would not match half of a pair: such sets go ungated.)
    if (needles.length <= MAX_GATED && !needles.some((needle) => LONE_SURROGATE.test(needle))) {
      this.gate = new RegExp(`${needles.map(escapeRegExp).join('|')}|\u0130`, 'iu');
    }
  }

  idOf(needle: string): number {
    return this.literals.idOf(needle)!;
  }

  /** The ids of the literals in the text (case-insensitively). */
  in(text: string): readonly number[] {
    if (this.gate) return this.gate.test(text) ? this.literals.findIn(text) : NONE;
    let ids = this.found.get(text);
    if (ids === undefined) {
      ids = this.literals.findIn(text);
      this.found.set(text, ids);
    }
    return ids;
  }
}

/** Literal sets by field and content, shared by the prefilters of an engine that ask for the same. */
export class LiteralIndex {
  private readonly sets = new Map<string, FieldLiterals>();

  literalsFor(field: string | undefined, needles: readonly string[]): FieldLiterals {
    const key = `${field ?? ''}\0${field === undefined ? 'keywords' : 'field'}\0${[...needles].sort().join('\0')}`;
    let literals = this.sets.get(key);
    if (!literals) this.sets.set(key, (literals = new FieldLiterals(needles)));
    return literals;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const NONE: readonly number[] = [];
const LONE_SURROGATE = /\p{Cs}/u;

/** The needle searched for a required literal: its end, if long, without splitting a surrogate pair. */
function searchedPart(needle: string): string {
  if (needle.length <= MAX_NEEDLE) return needle;
  const end = needle.slice(-MAX_NEEDLE);
  return /^[\udc00-\udfff]/.test(end) ? end.slice(1) : end;
}

interface ScannedField {
  /** undefined for keywords: every value of the event. */
  readonly field: string | undefined;
  readonly literals: FieldLiterals;
  /** The candidates requiring each literal (by id). */
  readonly candidates: ReadonlyMap<number, readonly number[]>;
}

const NO_TEXTS: readonly FieldText[] = [];

/** Which of a fixed list of candidates an event may match; built once per list, used for every event. */
export class Prefilter {
  private readonly fields: ScannedField[] = [];
  /** 1 for the candidates evaluated whatever the event holds. */
  private readonly always: Uint8Array;
  /** The scan in which each candidate was last found possible. */
  private readonly possible: Int32Array;
  private scans = 0;

  /**
   * @param requirements each candidate's requirement, its fields named as the event names them;
   *   undefined when the candidate must always be evaluated
   */
  constructor(index: LiteralIndex, requirements: readonly (readonly LiteralAtom[] | undefined)[]) {
    this.always = new Uint8Array(requirements.length);
    this.possible = new Int32Array(requirements.length);
    const needlesByField = new Map<string | undefined, Map<string, number[]>>();
    requirements.forEach((requirement, candidate) => {
      if (!requirement) {
        this.always[candidate] = 1;
        return;
      }
      for (const { field, needle } of requirement) {
        let byNeedle = needlesByField.get(field);
        if (!byNeedle) needlesByField.set(field, (byNeedle = new Map()));
        const searched = searchedPart(needle);
        const candidates = byNeedle.get(searched);
        if (!candidates) byNeedle.set(searched, [candidate]);
        else if (candidates[candidates.length - 1] !== candidate) candidates.push(candidate);
      }
    });
    for (const [field, byNeedle] of needlesByField) {
      const literals = index.literalsFor(field, [...byNeedle.keys()]);
      const candidates = new Map([...byNeedle].map(([needle, requiring]) => [literals.idOf(needle), requiring]));
      this.fields.push({ field, literals, candidates });
    }
  }

  /** Finds the literals in the event; until the next scan, `mayMatch` answers for this event. */
  scan(view: FieldView): void {
    if (this.scans === MAX_SCANS) {
      this.possible.fill(0);
      this.scans = 0;
    }
    const scan = ++this.scans;
    const { possible } = this;
    for (const { field, literals, candidates } of this.fields) {
      const texts = field === undefined ? view.allTexts() : (view.texts(field) ?? NO_TEXTS);
      for (const text of texts) {
        for (const id of literals.in(text.text)) {
          const requiring = candidates.get(id);
          if (requiring) for (const candidate of requiring) possible[candidate] = scan;
        }
      }
    }
  }

  /** False when the scanned event lacks every literal the candidate needs, so it cannot match. */
  mayMatch(candidate: number): boolean {
    return this.always[candidate] === 1 || this.possible[candidate] === this.scans;
  }
}
