// Reads one token at a time. The parser says which mode it reads in: after "field:" and inside
// ranges and field groups a value may contain colons (times, IPv6) and may start with a minus
// sign (a negative number); elsewhere a colon ends a field name and a leading minus prohibits.
import type { PatternPart } from './ast.ts';
import { QueryError, quoted } from './errors.ts';

export type TokenType =
  | 'word' | 'phrase' | 'and' | 'or' | 'not' | 'plus' | 'minus' | 'bang' | 'colon'
  | 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'lbrace' | 'rbrace' | 'eof';

export type LexMode = 'query' | 'value';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** The text with escapes resolved (a phrase without its quotes). */
  text: string;
  /** Only when the text has an unescaped `*` or `?`, in words and phrases alike. */
  pattern?: PatternPart[];
}

const PUNCTUATION: Readonly<Record<string, TokenType>> = {
  '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', '{': 'lbrace', '}': 'rbrace', '!': 'bang', '+': 'plus',
};

// Lowercase operators are accepted because real clients send them (XSOAR: "... and status_id: (1)").
const KEYWORDS: Readonly<Record<string, TokenType>> = { AND: 'and', and: 'and', OR: 'or', or: 'or', NOT: 'not', not: 'not' };

const WORD_END = /[\s()[\]{}"^~!]/;
const WHITESPACE = /\s/;
const DIGIT = /\d/;

export function readToken(input: string, from: number, mode: LexMode): Token {
  let start = from;
  while (start < input.length && WHITESPACE.test(input[start])) start++;
  if (start >= input.length) return { type: 'eof', start, end: start, text: '' };
  const char = input[start];
  const pair = input.slice(start, start + 2);
  if (pair === '&&') return { type: 'and', start, end: start + 2, text: pair };
  if (pair === '||') return { type: 'or', start, end: start + 2, text: pair };
  if (Object.hasOwn(PUNCTUATION, char)) return { type: PUNCTUATION[char], start, end: start + 1, text: char };
  if (char === ':' && mode === 'query') return { type: 'colon', start, end: start + 1, text: char };
  if (char === '-' && !(mode === 'value' && DIGIT.test(input[start + 1] ?? ''))) return { type: 'minus', start, end: start + 1, text: char };
  if (char === '^' || char === '~') {
    throw new QueryError({
      expected: 'a search term', position: start, found: quoted(char),
      detail: `boosts and fuzzy matching are not supported; write \\${char} to search for the character`,
    });
  }
  return char === '"' ? readPhrase(input, start) : readWord(input, start, mode);
}

function readPhrase(input: string, start: number): Token {
  const scanned = scanText(input, start + 1, (char) => char === '"');
  if (scanned.end >= input.length) {
    throw new QueryError({ expected: `a closing " for the phrase opened at position ${start}`, position: input.length });
  }
  return { type: 'phrase', start, end: scanned.end + 1, text: scanned.text, ...(scanned.pattern && { pattern: scanned.pattern }) };
}

function readWord(input: string, start: number, mode: LexMode): Token {
  const { end, text, pattern } = scanText(input, start, (char) => WORD_END.test(char) || (char === ':' && mode === 'query'));
  const raw = input.slice(start, end);
  if (raw === text && !pattern && Object.hasOwn(KEYWORDS, raw)) return { type: KEYWORDS[raw], start, end, text };
  return { type: 'word', start, end, text, ...(pattern && { pattern }) };
}

/** Reads up to the first unescaped character that `stops`, resolving escapes and noting wildcards. */
function scanText(input: string, start: number, stops: (char: string) => boolean): { end: number; text: string; pattern?: PatternPart[] } {
  const pattern: PatternPart[] = [];
  let literal = '';
  let text = '';
  let hasWildcard = false;
  let end = start;
  for (; end < input.length; end++) {
    let char = input[end];
    if (stops(char)) break;
    if (char === '*' || char === '?') {
      hasWildcard = true;
      if (literal) pattern.push({ kind: 'literal', text: literal });
      pattern.push(char === '*' ? { kind: 'anyChars' } : { kind: 'oneChar' });
      literal = '';
    } else {
      if (char === '\\') {
        end = escapedIndex(input, end);
        char = input[end];
      }
      literal += char;
    }
    text += char;
  }
  if (literal) pattern.push({ kind: 'literal', text: literal });
  return hasWildcard ? { end, text, pattern } : { end, text };
}

/** The index of the character a backslash at `index` escapes. */
function escapedIndex(input: string, index: number): number {
  if (index + 1 >= input.length) throw new QueryError({ expected: 'a character after the escape \\', position: index + 1 });
  return index + 1;
}
