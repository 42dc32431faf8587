// Sigma string values: literal text with the wildcards `*` (any run) and `?` (one character), and the
// specification's escapes. A pattern is a list of parts; literal runs are merged.

const ANY = Symbol('*');
const ONE = Symbol('?');
export type PatternPart = string | typeof ANY | typeof ONE;
export type Pattern = readonly PatternPart[];

/**
 * Reads a rule value as the specification's Escaping section defines: `\*`, `\?` and `\\` are the
 * plain characters; a backslash before anything else is itself (so `\\\*` is `\` then `*`, and three
 * or four backslashes are two).
 */
export function parsePattern(raw: string): Pattern {
  const parts: PatternPart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index];
    if (char === '\\') {
      const next = raw[index + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        index++;
      } else {
        literal += '\\';
      }
    } else if (char === '*' || char === '?') {
      flush();
      parts.push(char === '*' ? ANY : ONE);
    } else {
      literal += char;
    }
  }
  flush();
  return parts;
}

function hasWildcards(pattern: Pattern): boolean {
  return pattern.some((part) => typeof part !== 'string');
}

/** The pattern's text when it has no wildcards. */
export function literalText(pattern: Pattern): string | undefined {
  return hasWildcards(pattern) ? undefined : pattern.join('');
}

/** Adds `*` at the start and/or end, unless one is already there. */
export function widen(pattern: Pattern, atStart: boolean, atEnd: boolean): Pattern {
  const parts = [...pattern];
  if (atStart && parts[0] !== ANY) parts.unshift(ANY);
  if (atEnd && parts[parts.length - 1] !== ANY) parts.push(ANY);
  return parts;
}

/** The same pattern with every literal run transformed. */
export function mapLiterals(pattern: Pattern, transform: (text: string) => string): Pattern {
  return mergeLiterals(pattern.map((part) => (typeof part === 'string' ? transform(part) : part)));
}

export function mergeLiterals(parts: readonly PatternPart[]): Pattern {
  const merged: PatternPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  return merged;
}

/** The literal runs every match must contain, for prefilters. */
export function requiredLiterals(pattern: Pattern): string[] {
  return pattern.filter((part): part is string => typeof part === 'string');
}

export type TextPredicate = (text: string) => boolean;

/**
 * Text as case-insensitive matching compares it: lower-cased, with final sigma ς as σ, since Σ lowers
 * to either by its neighbours ('ΟΣ' is 'ος' alone, but 'οσα' in 'ΟΣΑ').
 */
export function lowerCase(text: string): string {
  const lower = text.toLowerCase();
  // V8 answers this search at once for one-byte (Latin-1) strings: ASCII text costs no extra pass.
  return lower.includes('ς') ? lower.replaceAll('ς', 'σ') : lower;
}

/**
 * A matcher for whole values. Case-insensitive matchers expect the text already in `lowerCase` (the field
 * view caches that), so each field is lowered once per event, not once per rule.
 */
export function compilePattern(pattern: Pattern, caseSensitive: boolean): TextPredicate {
  const parts = caseSensitive ? pattern : mapLiterals(pattern, lowerCase);
  if (parts.includes(ONE)) return globMatcher(parts);
  const segments = splitOnAny(parts);
  if (segments.length === 1) {
    const [only] = segments;
    return (text) => text === only;
  }
  const first = segments[0];
  const last = segments[segments.length - 1];
  const middle = segments.slice(1, -1).filter((segment) => segment !== '');
  if (middle.length === 0) {
    if (first === '' && last === '') return () => true;
    if (first === '') return (text) => text.endsWith(last);
    if (last === '') return (text) => text.startsWith(first);
    const minimum = first.length + last.length;
    return (text) => text.length >= minimum && text.startsWith(first) && text.endsWith(last);
  }
  if (first === '' && last === '' && middle.length === 1) {
    const [needle] = middle;
    return (text) => text.includes(needle);
  }
  return (text) => {
    if (!text.startsWith(first)) return false;
    // Leftmost placement of each middle run is optimal for a `*`-only glob, so this is linear.
    let from = first.length;
    for (const needle of middle) {
      const at = text.indexOf(needle, from);
      if (at < 0) return false;
      from = at + needle.length;
    }
    return text.length - last.length >= from && text.endsWith(last);
  };
}

function splitOnAny(parts: Pattern): string[] {
  const segments = [''];
  for (const part of parts) {
    if (part === ANY) segments.push('');
    else segments[segments.length - 1] += part as string;
  }
  return segments;
}

/** The general matcher for patterns with `?`: backtracks only to the last `*`, so O(text × pattern). */
function globMatcher(parts: Pattern): TextPredicate {
  const ANY_CODE = -1;
  const ONE_CODE = -2;
  const tokens: number[] = [];
  for (const part of parts) {
    if (part === ANY) tokens.push(ANY_CODE);
    else if (part === ONE) tokens.push(ONE_CODE);
    else for (let index = 0; index < part.length; index++) tokens.push(part.charCodeAt(index));
  }
  return (text) => {
    let at = 0;
    let token = 0;
    let star = -1;
    let resume = 0;
    while (at < text.length) {
      const expected = tokens[token];
      if (token < tokens.length && (expected === ONE_CODE || expected === text.charCodeAt(at))) {
        at++;
        token++;
      } else if (expected === ANY_CODE) {
        star = token++;
        resume = at;
      } else if (star >= 0) {
        token = star + 1;
        at = ++resume;
      } else {
        return false;
      }
    }
    while (tokens[token] === ANY_CODE) token++;
    return token === tokens.length;
  };
}
