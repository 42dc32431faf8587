// Search identifiers (maps, lists, keywords) and every condition form of the specification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition } from '../../../src/detect/sigma/condition.ts';
import { detection, detects, rejection } from './helpers.ts';

const SELECTIONS = `    sel_a:
        A: 'x'
    sel_b:
        B: 'x'
    filter_c:
        C: 'x'
    _hidden:
        D: 'x'
`;

function when(condition: string, event: Record<string, string>): boolean {
  return detects(detection(`${SELECTIONS}    condition: ${condition}`), event);
}

test('a map is the AND of its fields; a list of maps is their OR', () => {
  const map = detection("    s:\n        A: 'x'\n        B: 'y'\n    condition: s");
  assert.ok(detects(map, { A: 'x', B: 'y' }));
  assert.ok(!detects(map, { A: 'x' }));
  const list = detection("    s:\n        - A: 'x'\n        - B: 'y'\n    condition: s");
  assert.ok(detects(list, { B: 'y' }));
  assert.ok(!detects(list, { A: 'y', B: 'x' }));
});

test('keyword lists search every value of the event; |all needs each keyword', () => {
  const keywords = detection("    keywords:\n        - 'event::clear'\n        - 'svchost.exe -n evil'\n    condition: keywords");
  assert.ok(detects(keywords, { Message: 'mimikatz EVENT::CLEAR done' }));
  assert.ok(detects(keywords, { Other: 'x', CommandLine: 'c:\\svchost.exe -n evil' }));
  assert.ok(!detects(keywords, { Message: 'nothing' }));
  const all = detection("    keywords:\n        '|all':\n            - 'OabVirtualDirectory'\n            - ' -ExternalUrl '\n    condition: keywords");
  assert.ok(detects(all, { Payload: 'Set-OabVirtualDirectory -ExternalUrl http://x' }));
  assert.ok(detects(all, { A: 'OabVirtualDirectory', B: 'x -ExternalUrl y' }));
  assert.ok(!detects(all, { Payload: 'Set-OabVirtualDirectory' }));
  const single = detection("    keyword: 'needle'\n    condition: keyword");
  assert.ok(detects(single, { A: 'hayneedlestack' }));
});

test('and, or, not with precedence or < and < not', () => {
  assert.ok(when('sel_a and sel_b', { A: 'x', B: 'x' }));
  assert.ok(!when('sel_a and sel_b', { A: 'x' }));
  assert.ok(when('sel_a or sel_b', { B: 'x' }));
  assert.ok(when('sel_a and not filter_c', { A: 'x' }));
  assert.ok(!when('sel_a and not filter_c', { A: 'x', C: 'x' }));
  // sel_a or (sel_b and filter_c)
  assert.ok(when('sel_a or sel_b and filter_c', { A: 'x' }));
  assert.ok(!when('sel_b and filter_c or sel_a and filter_c', { A: 'x' }));
  // (not sel_a) and sel_b
  assert.ok(when('not sel_a and sel_b', { B: 'x' }));
  assert.ok(!when('not not sel_a', {}));
  assert.ok(when('NOT sel_a AND sel_b', { B: 'x' }), 'operators in any case');
});

test('parentheses group', () => {
  assert.ok(!when('(sel_a or sel_b) and filter_c', { A: 'x' }));
  assert.ok(when('(sel_a or sel_b) and filter_c', { A: 'x', C: 'x' }));
  assert.ok(when('not (sel_a and sel_b)', { A: 'x' }));
  assert.ok(when('((sel_a))', { A: 'x' }));
});

test('1 of / all of with wildcard patterns', () => {
  assert.ok(when('1 of sel_*', { B: 'x' }));
  assert.ok(!when('all of sel_*', { B: 'x' }));
  assert.ok(when('all of sel_*', { A: 'x', B: 'x' }));
  assert.ok(when('1 of sel_* and not 1 of filter_*', { A: 'x' }));
  assert.ok(!when('1 of sel_* and not 1 of filter_*', { A: 'x', C: 'x' }));
  assert.ok(when('any of *_b', { B: 'x' }));
  assert.ok(when('2 of sel_* or filter_c', { A: 'x', B: 'x' }));
  assert.ok(!when('2 of sel_*', { A: 'x' }));
});

test('them is every identifier not starting with an underscore', () => {
  assert.ok(when('1 of them', { C: 'x' }));
  assert.ok(!when('1 of them', { D: 'x' }));
  assert.ok(when('all of them', { A: 'x', B: 'x', C: 'x' }));
  assert.ok(when('1 of _hid*', { D: 'x' }), 'an explicit pattern reaches underscored identifiers');
});

test('a list of conditions is their OR', () => {
  const sigma = detection(`${SELECTIONS}    condition:\n        - sel_a and sel_b\n        - filter_c`);
  assert.ok(detects(sigma, { C: 'x' }));
  assert.ok(detects(sigma, { A: 'x', B: 'x' }));
  assert.ok(!detects(sigma, { A: 'x' }));
});

test('the condition parses to the tree the precedence implies', () => {
  assert.deepEqual(parseCondition('a or not b and 1 of c*'), {
    kind: 'or',
    operands: [
      { kind: 'identifier', name: 'a' },
      { kind: 'and', operands: [{ kind: 'not', operand: { kind: 'identifier', name: 'b' } }, { kind: 'of', count: 1, target: 'c*' }] },
    ],
  });
});

test('condition mistakes are rejected with the reason', () => {
  const reject = (condition: string) => rejection(`title: t\nlogsource: {product: windows}\ndetection:\n    sel:\n        A: x\n    condition: ${condition}\n`);
  assert.match(reject('sel and missing'), /inline\.yml:6:16: detection\.condition: "missing" is not a search identifier/);
  assert.match(reject('1 of filter*'), /"filter\*" matches no search identifier/);
  assert.match(reject('(sel'), /condition ends where "\)" was expected/);
  assert.match(reject('sel sel'), /unexpected "sel"/);
  assert.match(reject('sel | count() > 5'), /correlation rule/);
  assert.match(reject('sel and'), /condition ends/);
});
