// Wildcard patterns (`svc*`, `?` for one character) as an SQL LIKE pattern and as the equivalent
// RegExp. Both are case-insensitive for ASCII letters only, as SQLite's LIKE is.
import type { PatternPart } from './ast.ts';
import { asciiLower } from './values.ts';

/** The character bound after ESCAPE in every LIKE this module writes. */
export const LIKE_ESCAPE = '\\';

const LIKE_SPECIAL = /[%_\\]/g;
// The characters a 'u' RegExp lets (and needs) escaping.
const REGEXP_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

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

/** Matches a whole value that has been passed through asciiLower. */
export function patternRegExp(pattern: readonly PatternPart[]): RegExp {
  const source = pattern.map((part) => {
    if (part.kind === 'anyChars') return '.*';
    if (part.kind === 'oneChar') return '.';
    return asciiLower(part.text).replace(REGEXP_SPECIAL, (char) => `\\${char}`);
  }).join('');
  // 's': `.` also matches line breaks; 'u': `.` is one code point, as LIKE's `_` is one character.
  return new RegExp(`^${source}$`, 'su');
}
