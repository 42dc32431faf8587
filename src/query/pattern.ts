// Wildcard patterns (`svc*`, `?` for one character) as an SQL LIKE pattern and as the equivalent
// matcher in memory. Both are case-insensitive for ASCII letters only, as SQLite's LIKE is.
import type { PatternPart } from './ast.ts';
import { asciiLower } from './values.ts';

/** The character bound after ESCAPE in every LIKE this module writes. */
export const LIKE_ESCAPE = '\\';

const LIKE_SPECIAL = /[%_\\]/g;

/** `*text*`: what a bare term means. */
export function containsPattern(text: string): PatternPart[] {
  return [{ kind: 'anyChars' }, { kind: 'literal', text }, { kind: 'anyChars' }];
}

export function likePattern(pattern: readonly PatternPart[]): string {
  return pattern.map((part) => {
    if (part.kind === 'anyChars') return '%';
    if (part.kind === 'oneChar') return '_';
    return part.text.replace(LIKE_SPECIAL, (char) => `${LIKE_ESCAPE}${char}`);
  }).join('');
}

/** One code point of any kind (`?`), in a segment of a pattern matched in memory. */
const ONE = null;
/** A stretch between `*`s: text, or with `?`s the code points and ONE. */
type Segment = string | (string | typeof ONE)[];

/**
 * Matches a whole value that has been passed through asciiLower, as LIKE would: `?` one code
 * point, `*` any run. Each stretch between `*`s is placed at its leftmost fit, which decides the
 * match without backtracking, so `*a*a*a*…b` costs at most value length × pattern length, never the
 * exponential time a RegExp `.*a.*a…` can take (any reader can send such a query).
 */
export function patternMatcher(pattern: readonly PatternPart[]): (lowerValue: string) => boolean {
  const stretches: PatternPart[][] = [[]];
  for (const part of pattern) {
    if (part.kind === 'anyChars') stretches.push([]);
    else stretches.at(-1)!.push(part);
  }
  const withOne = pattern.some((part) => part.kind === 'oneChar');
  const segments: Segment[] = stretches.map((parts) => (withOne
    ? parts.flatMap((part) => (part.kind === 'oneChar' ? [ONE] : Array.from(asciiLower((part as { text: string }).text))))
    : parts.map((part) => asciiLower((part as { text: string }).text)).join('')));
  return withOne
    ? (value) => matchSegments(Array.from(value), segments as (string | typeof ONE)[][], codePointsFitAt, findInCodePoints)
    : (value) => matchSegments(value, segments as string[], (text, at, segment) => text.startsWith(segment, at), (text, from, segment) => text.indexOf(segment, from));
}

type Sequence = { length: number };

/** First stretch at the start, last at the end, the ones between at their leftmost fit in order. */
function matchSegments<T extends Sequence, S extends Sequence>(
  value: T, segments: S[], fitsAt: (value: T, at: number, segment: S) => boolean, find: (value: T, from: number, segment: S) => number,
): boolean {
  const first = segments[0];
  if (segments.length === 1) return value.length === first.length && fitsAt(value, 0, first);
  const last = segments[segments.length - 1];
  const lastAt = value.length - last.length;
  if (lastAt < first.length || !fitsAt(value, 0, first) || !fitsAt(value, lastAt, last)) return false;
  let at = first.length;
  for (let index = 1; index < segments.length - 1; index++) {
    const segment = segments[index];
    const found = find(value, at, segment);
    if (found < 0 || found + segment.length > lastAt) return false;
    at = found + segment.length;
  }
  return true;
}

function codePointsFitAt(codePoints: string[], at: number, segment: (string | typeof ONE)[]): boolean {
  for (let index = 0; index < segment.length; index++) {
    if (segment[index] !== ONE && segment[index] !== codePoints[at + index]) return false;
  }
  return true;
}

function findInCodePoints(codePoints: string[], from: number, segment: (string | typeof ONE)[]): number {
  for (let at = from; at + segment.length <= codePoints.length; at++) if (codePointsFitAt(codePoints, at, segment)) return at;
  return -1;
}
