// The in-memory wildcard matcher: the same answers as the regular expression it replaced (and
// so as SQLite's LIKE, which the parity tests compare it with), without its exponential time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PatternPart } from '../../src/query/ast.ts';
import { patternMatcher } from '../../src/query/pattern.ts';

/** What the matcher replaced: fine on short inputs, exponential on `*a*a*a…b` against long ones. */
function reference(pattern: readonly PatternPart[]): RegExp {
  const source = pattern.map((part) => {
    if (part.kind === 'anyChars') return '.*';
    if (part.kind === 'oneChar') return '.';
    return part.text.replace(/[.*+?^${}()|[\]\\/]/g, (char) => `\\${char}`);
  }).join('');
  return new RegExp(`^${source}$`, 'su');
}

// Few letters, so that patterns and values meet often; an astral character for `?` on code points.
const letter = fc.constantFrom('a', 'b', 'x', '.', '😀');
const part: fc.Arbitrary<PatternPart> = fc.oneof(
  fc.array(letter, { minLength: 1, maxLength: 3 }).map((chars) => ({ kind: 'literal' as const, text: chars.join('') })),
  fc.constant({ kind: 'anyChars' as const }),
  fc.constant({ kind: 'oneChar' as const }),
);

test('answers as the regular expression did, for any pattern of literals, * and ?', () => {
  fc.assert(fc.property(fc.array(part, { maxLength: 7 }), fc.array(letter, { maxLength: 10 }).map((chars) => chars.join('')), (pattern, value) => {
    assert.equal(patternMatcher(pattern)(value), reference(pattern).test(value), JSON.stringify({ pattern, value }));
  }), { numRuns: 20_000 });
});

test('many stars against a long value that almost matches: answered, not backtracked (a regular expression took minutes)', () => {
  const stars: PatternPart[] = [];
  for (let n = 0; n < 12; n++) stars.push({ kind: 'anyChars' }, { kind: 'literal', text: 'a' });
  stars.push({ kind: 'anyChars' }, { kind: 'literal', text: 'qqq' });
  assert.equal(patternMatcher(stars)('a'.repeat(20_000)), false);
  assert.equal(patternMatcher(stars)(`${'a'.repeat(20_000)}qqq`), true);
  const withOne: PatternPart[] = [...stars.slice(0, -1), { kind: 'oneChar' }, { kind: 'literal', text: 'qq' }];
  assert.equal(patternMatcher(withOne)('a'.repeat(5_000)), false);
});
