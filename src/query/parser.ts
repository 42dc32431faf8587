// Recursive descent over the Lucene-like query language (docs/QUERY.md). Precedence, loosest
// first: OR (`||`), AND (`&&`, or nothing: adjacent clauses are ANDed), then the prefixes
// NOT / `!` / `-` (prohibit) and `+` (required, which every ANDed clause already is).
import { isFieldPath, type QueryNode, type RangeBound, type TermValue } from './ast.ts';
import { QueryError, quoted } from './errors.ts';
import { parseCidr } from './ip.ts';
import { readToken, type LexMode, type Token, type TokenType } from './lexer.ts';

export const MAX_QUERY_LENGTH = 10_240;
/** As Lucene's default maxClauseCount; also keeps the SQL under SQLite's parameter limit. */
const MAX_TERMS = 1024;
/** Nested groups and negations; keeps the SQL under SQLite's expression depth limit. */
const MAX_NESTING = 100;

const EXISTS_FIELD = '_exists_';
/** XSOAR joins list values with "OR" and no spaces: `(1OR2)`. Only digits are split, so that words such as "DOOR" stay whole. */
const JOINED_NUMBERS = /^\d+(?:OR\d+)+$/i;
/** Values shaped like a CIDR network; they must then be a valid one. */
const CIDR_SHAPE = /^(?=[^/]*[.:])[0-9A-Fa-f.:]+\/\d+$/;

const MATCH_ALL: QueryNode = { kind: 'all' };

/** Where values are read: at the top level (bare terms are free text) or inside `field:( … )`. */
interface Scope {
  field?: string;
  grouped: boolean;
}
const TOP: Scope = { grouped: false };

export function parseQuery(query: string): QueryNode {
  if (query.length > MAX_QUERY_LENGTH) {
    throw new QueryError({ expected: `a query of at most ${MAX_QUERY_LENGTH} characters`, position: MAX_QUERY_LENGTH, found: `${query.length} characters` });
  }
  // SQLite's LIKE and NOCASE stop at NUL, so a NUL could not match literally: refuse it.
  const nul = query.indexOf('\0');
  if (nul >= 0) throw new QueryError({ expected: 'text without NUL characters', position: nul, found: 'U+0000' });
  return new Parser(query).parse();
}

class Parser {
  private offset = 0;
  private lookahead?: { mode: LexMode; token: Token };
  private nesting = 0;
  private terms = 0;

  constructor(private readonly input: string) {}

  parse(): QueryNode {
    if (this.peek('query').type === 'eof') return MATCH_ALL;
    const node = this.parseOr(TOP);
    const rest = this.next('query');
    if (rest.type !== 'eof') throw this.unexpected(rest, 'AND, OR or the end of the query');
    return node;
  }

  private parseOr(scope: Scope): QueryNode {
    const children = [this.parseAnd(scope)];
    while (this.peek(modeOf(scope)).type === 'or') {
      this.next(modeOf(scope));
      children.push(this.parseAnd(scope));
    }
    return combine('or', children);
  }

  private parseAnd(scope: Scope): QueryNode {
    const children = [this.parseUnary(scope)];
    for (;;) {
      const token = this.peek(modeOf(scope));
      if (token.type === 'and') this.next(modeOf(scope));
      else if (token.type === 'or' || token.type === 'rparen' || token.type === 'eof') break;
      children.push(this.parseUnary(scope));
    }
    return combine('and', children);
  }

  private parseUnary(scope: Scope): QueryNode {
    let token = this.next(modeOf(scope));
    // `+` (required) adds nothing to a term that is required anyway; a loop, since thousands in a row must not overflow the stack.
    while (token.type === 'plus') token = this.next(modeOf(scope));
    if (token.type === 'not' || token.type === 'bang' || token.type === 'minus') {
      const child = this.nested(token, () => this.parseUnary(scope));
      return child.kind === 'not' ? child.child : { kind: 'not', child };
    }
    return this.parsePrimary(scope, token);
  }

  private parsePrimary(scope: Scope, token: Token): QueryNode {
    switch (token.type) {
      case 'lparen':
        return this.group(token, scope);
      case 'lbracket':
      case 'lbrace':
        if (scope.field === undefined) throw this.unexpected(token, 'a field name before the range, such as device_time:[a TO b]');
        return this.range(scope.field, token);
      case 'word':
      case 'phrase':
        if (scope.field !== undefined) return this.value(scope.field, scope.grouped, token);
        if (token.type === 'word' && this.peek('query').type === 'colon') {
          this.next('query');
          return this.fieldClause(token);
        }
        return this.freeText(token);
      default:
        throw this.unexpected(token, scope.field === undefined ? 'a search term' : `a value for "${scope.field}"`);
    }
  }

  private group(open: Token, scope: Scope): QueryNode {
    return this.nested(open, () => {
      const inner = this.parseOr(scope);
      const close = this.next(modeOf(scope));
      if (close.type !== 'rparen') throw this.unexpected(close, `")" to close the "(" at position ${open.start}`);
      return inner;
    });
  }

  /** After `field:`: a value, a `( … )` group of values, or a range. */
  private fieldClause(fieldToken: Token): QueryNode {
    const field = this.fieldName(fieldToken);
    const token = this.next('value');
    switch (token.type) {
      case 'lparen':
        return this.group(token, { field, grouped: true });
      case 'lbracket':
      case 'lbrace':
        return this.range(field, token);
      case 'word':
      case 'phrase':
        return this.value(field, false, token);
      default:
        throw this.unexpected(token, `a value after "${field}:"`);
    }
  }

  private value(field: string, grouped: boolean, token: Token): QueryNode {
    const position = token.start;
    if (grouped && token.type === 'word' && JOINED_NUMBERS.test(this.raw(token))) return this.joinedNumbers(field, token);
    this.countTerm(position);
    if (field === EXISTS_FIELD) return { kind: 'exists', field: this.fieldName(token), position };
    if (token.pattern) {
      if (isMatchAll(token)) return { kind: 'exists', field, position };
      return { kind: 'term', field, value: { kind: 'wildcard', pattern: token.pattern }, position };
    }
    const raw = this.raw(token);
    if (token.type === 'word' && CIDR_SHAPE.test(raw)) {
      const network = parseCidr(raw);
      if (!network) throw this.unexpected(token, 'a CIDR network such as 192.0.2.0/24 or 2001:db8::/32');
      return { kind: 'cidr', field, network, position };
    }
    return { kind: 'term', field, value: { kind: 'exact', text: token.text }, position };
  }

  private joinedNumbers(field: string, token: Token): QueryNode {
    const children: QueryNode[] = [];
    const number = /\d+/g;
    for (let match = number.exec(token.text); match; match = number.exec(token.text)) {
      const position = token.start + match.index;
      this.countTerm(position);
      children.push({ kind: 'term', field, value: { kind: 'exact', text: match[0] }, position });
    }
    return combine('or', children);
  }

  private range(field: string, open: Token): QueryNode {
    if (field === EXISTS_FIELD) throw this.unexpected(open, `a field name after "${EXISTS_FIELD}:"`);
    this.countTerm(open.start);
    const lower = this.rangeBound('the lower bound of the range', open.type === 'lbracket');
    const to = this.next('value');
    if (to.type !== 'word' || (this.raw(to) !== 'TO' && this.raw(to) !== 'to')) throw this.unexpected(to, '"TO"');
    const upper = this.rangeBound('the upper bound of the range', undefined);
    const close = this.next('value');
    if (close.type !== 'rbracket' && close.type !== 'rbrace') {
      throw this.unexpected(close, `"]" or "}" to close the range opened at position ${open.start}`);
    }
    if (upper) upper.inclusive = close.type === 'rbracket';
    return { kind: 'range', field, lower, upper, position: open.start };
  }

  /** A bound, or undefined for `*`; the upper bound's inclusiveness is known only at its bracket. */
  private rangeBound(expected: string, inclusive: boolean | undefined): RangeBound | undefined {
    const token = this.next('value');
    if (token.type !== 'word' && token.type !== 'phrase') throw this.unexpected(token, expected);
    if (!token.pattern) return { text: token.text, inclusive: inclusive ?? false, position: token.start };
    if (isMatchAll(token)) return undefined;
    throw this.unexpected(token, `${expected} without wildcards (or * for an open end)`);
  }

  private freeText(token: Token): QueryNode {
    this.countTerm(token.start);
    if (isMatchAll(token)) return MATCH_ALL;
    const value: TermValue = token.pattern ? { kind: 'wildcard', pattern: token.pattern } : { kind: 'exact', text: token.text };
    return { kind: 'freeText', value, position: token.start };
  }

  private fieldName(token: Token): string {
    if (token.type !== 'word' || token.pattern || this.raw(token) !== token.text || !isFieldPath(token.text)) {
      throw this.unexpected(token, 'a field name (letters, digits, _ and - joined by dots, such as mitre.tactic)');
    }
    return token.text;
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.nesting > MAX_NESTING) throw new QueryError({ expected: `at most ${MAX_NESTING} nested groups and negations`, position: token.start });
    const result = parse();
    this.nesting--;
    return result;
  }

  private countTerm(position: number): void {
    if (++this.terms > MAX_TERMS) throw new QueryError({ expected: `at most ${MAX_TERMS} terms`, position });
  }

  private raw(token: Token): string {
    return this.input.slice(token.start, token.end);
  }

  private unexpected(token: Token, expected: string): QueryError {
    return new QueryError({ expected, position: token.start, found: token.type === 'eof' ? undefined : quoted(this.raw(token)) });
  }

  private peek(mode: LexMode): Token {
    if (this.lookahead?.mode !== mode) this.lookahead = { mode, token: readToken(this.input, this.offset, mode) };
    return this.lookahead.token;
  }

  private next(mode: LexMode): Token {
    const token = this.peek(mode);
    this.offset = token.end;
    this.lookahead = undefined;
    return token;
  }
}

/** A lone `*`. */
function isMatchAll(token: Token): boolean {
  return token.pattern?.length === 1 && token.pattern[0].kind === 'anyChars';
}

function modeOf(scope: Scope): LexMode {
  return scope.field === undefined ? 'query' : 'value';
}

/** One node for a run of AND or OR, flattening nested runs of the same operator. */
function combine(kind: Extract<TokenType, 'and' | 'or'>, children: QueryNode[]): QueryNode {
  if (children.length === 1) return children[0];
  return { kind, children: children.flatMap((child) => (child.kind === kind ? child.children : [child])) };
}
