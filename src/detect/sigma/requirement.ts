// Literal prefilter facts: what text an event must contain for a rule to possibly match. A rule's
// requirement is a list of (field, lower-cased literal) atoms of which at least one must occur; the
// engine finds all atoms of all rules in one pass per field and skips rules none of whose atoms occur.
import { requiredLiterals, type Pattern } from './pattern.ts';

export interface LiteralAtom {
  /** undefined for keywords: the literal may be in any value. */
  readonly field: string | undefined;
  readonly needle: string;
}

/** At least one atom must occur; undefined when nothing is known (the rule is always evaluated). */
export type Requirement = readonly LiteralAtom[] | undefined;

/** Literals shorter than this are too common to tell rules apart, unless they hold a non-ASCII character (emoji, lookalike letters). */
const MIN_NEEDLE = 3;
const NON_ASCII = /[^\x00-\x7f]/;

/** What a value pattern requires: its longest literal run in the field. */
export function patternRequirement(field: string | undefined, pattern: Pattern): Requirement {
  // Atoms are found in the text lower-cased, where Σ is σ or ς by its neighbours, and the matcher takes
  // σ and ς for one letter (see `lowerCase`): any sigma breaks a literal.
  return longestRequirement(field, requiredLiterals(pattern).flatMap((literal) => literal.split(/[Σσς]/)));
}

/**
 * What a regular expression requires, from the literal all its matches contain. Only ASCII pieces
 * count, and under `i` none with an s: the atom is checked in the lower-cased text, and RE2's case
 * folding also matches ſ (long s) for s, which lower-casing leaves as it is.
 */
export function regexRequirement(field: string | undefined, literal: string | undefined, ignoreCase: boolean): Requirement {
  return literal === undefined ? undefined : longestRequirement(field, literal.split(ignoreCase ? /[^\x00-\x7f]|s/i : /[^\x00-\x7f]/));
}

function longestRequirement(field: string | undefined, literals: readonly string[]): Requirement {
  const longest = literals.reduce((best, literal) => (literal.length > best.length ? literal : best), '');
  return longest.length >= MIN_NEEDLE || NON_ASCII.test(longest) ? [{ field, needle: longest.toLowerCase() }] : undefined;
}

/** Requirement of an OR: any alternative's atoms; nothing known if one alternative is unconstrained. */
export function eitherRequirement(requirements: readonly Requirement[]): Requirement {
  if (requirements.length === 0 || requirements.some((requirement) => requirement === undefined)) return undefined;
  return requirements.flatMap((requirement) => requirement!);
}

/** Requirement of an AND: every operand's holds, so the most selective one will do. */
export function bothRequirement(requirements: readonly Requirement[]): Requirement {
  let best: Requirement;
  for (const requirement of requirements) if (requirement && (!best || selectivity(requirement) > selectivity(best))) best = requirement;
  return best;
}

/** Fewer and longer literals rule out more events. */
function selectivity(requirement: readonly LiteralAtom[]): number {
  const shortest = Math.min(...requirement.map((atom) => atom.needle.length));
  return shortest / Math.sqrt(requirement.length);
}
