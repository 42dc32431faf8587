// The detection condition: `and`, `or`, `not`, parentheses, and `1 of X*` / `all of them` / `N of X*`,
// with the specification's precedence (or < and < not < x of < parentheses). Parsed once to a tree,
// then compiled to closures over the compiled search identifiers.
import { allOf, anyOf, type Compiled } from './compiled.ts';
import { eitherRequirement } from './requirement.ts';

export type ConditionNode =
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'not'; readonly operand: ConditionNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly ConditionNode[] }
  /** `count` is how many of the matched identifiers must hold; 'all' for every one. */
  | { readonly kind: 'of'; readonly count: number | 'all'; readonly target: string };

const TOKEN = /\s*(?:(\()|(\))|([^\s()]+))/y;

function tokenize(condition: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < condition.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(condition);
    if (!match) {
      if (condition.slice(at).trim() === '') break;
      throw new Error(`unexpected text at "${condition.slice(at)}"`);
    }
    tokens.push(match[1] ?? match[2] ?? match[3]);
  }
  return tokens;
}

const OPERATORS = new Set(['and', 'or', 'not', 'of']);

export function parseCondition(condition: string): ConditionNode {
  if (condition.includes('|')) throw new Error('aggregations (`| count() …`) are Sigma v1; write a correlation rule instead');
  const tokens = tokenize(condition);
  let position = 0;
  const peek = (): string | undefined => tokens[position]?.toLowerCase();
  const expect = (what: string): string => {
    const token = tokens[position++];
    if (token === undefined) throw new Error(`condition ends where ${what} was expected`);
    return token;
  };

  const parseOr = (): ConditionNode => {
    const operands = [parseAnd()];
    while (peek() === 'or') {
      position++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  };
  const parseAnd = (): ConditionNode => {
    const operands = [parseNot()];
    while (peek() === 'and') {
      position++;
      operands.push(parseNot());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  };
  const parseNot = (): ConditionNode => {
    if (peek() === 'not') {
      position++;
      return { kind: 'not', operand: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = expect('a search identifier');
    if (token === '(') {
      const inner = parseOr();
      if (expect('")"') !== ')') throw new Error(`expected ")" before "${tokens[position - 1]}"`);
      return inner;
    }
    const lower = token.toLowerCase();
    if (peek() === 'of') {
      position++;
      const count = lower === 'all' ? 'all' : lower === 'any' ? 1 : Number(lower);
      if (count !== 'all' && (!Number.isInteger(count) || count < 1)) throw new Error(`"${token} of" needs 1, any, all or a positive number`);
      const target = expect('a search identifier pattern or "them"');
      if (target === '(' || target === ')' || OPERATORS.has(target.toLowerCase())) throw new Error(`"${token} of" needs a pattern or "them", not "${target}"`);
      return { kind: 'of', count, target };
    }
    if (token === ')' || OPERATORS.has(lower)) throw new Error(`unexpected "${token}"`);
    return { kind: 'identifier', name: token };
  };

  const tree = parseOr();
  if (position < tokens.length) throw new Error(`unexpected "${tokens[position]}"`);
  return tree;
}

/** Identifiers a pattern names: `them` is every one not starting with `_`; `*` matches any run. */
function identifiersMatching(target: string, names: readonly string[]): string[] {
  if (target.toLowerCase() === 'them') return names.filter((name) => !name.startsWith('_'));
  const pattern = new RegExp(`^${target.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return names.filter((name) => pattern.test(name));
}

export function compileCondition(node: ConditionNode, identifiers: ReadonlyMap<string, Compiled>): Compiled {
  switch (node.kind) {
    case 'identifier': {
      const compiled = identifiers.get(node.name);
      if (!compiled) throw new Error(`"${node.name}" is not a search identifier of this rule`);
      return compiled;
    }
    case 'not': {
      const operand = compileCondition(node.operand, identifiers).test;
      return { test: (view) => !operand(view), requirement: undefined };
    }
    case 'and':
      return allOf(node.operands.map((operand) => compileCondition(operand, identifiers)));
    case 'or':
      return anyOf(node.operands.map((operand) => compileCondition(operand, identifiers)));
    case 'of': {
      const names = identifiersMatching(node.target, [...identifiers.keys()]);
      if (names.length === 0) throw new Error(`"${node.target}" matches no search identifier`);
      const operands = names.map((name) => identifiers.get(name)!);
      if (node.count === 'all') return allOf(operands);
      if (node.count === 1) return anyOf(operands);
      const needed = node.count;
      const tests = operands.map((operand) => operand.test);
      return {
        test: (view) => {
          let held = 0;
          for (const test of tests) if (test(view) && ++held >= needed) return true;
          return false;
        },
        // N of them hold only if one of them does.
        requirement: eitherRequirement(operands.map((operand) => operand.requirement)),
      };
    }
  }
}
