import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateSyntaxError, parseJson } from '../../src/ingest/json-syntax.ts';

const MALFORMED = [
  '{"a":}', 'x', '{"a":1}x', '[1,2', '', '{"a":"b\u0000"}', '[1,,2]', '{"a" 1}', '[tru]', '[1,\n{"a": 1,}\n]', '"abc',
  '{"a":"\\q"}', '[-]', '[01]', '[1.]', '["a"\n"b"]', '{"a":1 "b":2}', '[nul]', '[1e]', '{a:1}', '[1]]', '["\\u12G4"]',
  '["\\u12"]', '{"a":1,}', '[1,]', '{,}', '[truex]', '[-a]', '{"a":[1,2}', '[1 2]', '{"a":1', '  \n ', '[1e+]', '{"a"',
];

/** V8's own position, when its message has one ("... in JSON at position 7"). */
function v8Position(text: string): number | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    const match = /at position (\d+)/.exec((error as Error).message);
    if (match) return Number(match[1]);
    if ((error as Error).message === 'Unexpected end of JSON input') return text.length;
  }
  return undefined;
}

describe('locateSyntaxError', () => {
  test('agrees with every position V8 reports', () => {
    let compared = 0;
    for (const text of MALFORMED) {
      const expected = v8Position(text);
      if (expected === undefined) continue;
      assert.equal(locateSyntaxError(text)?.offset, expected, JSON.stringify(text));
      compared++;
    }
    assert.ok(compared >= 25, `only ${compared} inputs had a V8 position`);
  });

  test('locates the errors V8 reports without a position', () => {
    const cases: [string, number, RegExp][] = [
      ['[1,]', 3, /expected a value .*found "\]"/],
      ['{"a":}', 5, /expected a value/],
      ['[tru]', 4, /expected true, found "\]"/],
      ['x', 0, /expected a value .*found "x"/],
      ['[1,,2]', 3, /found ","/],
    ];
    for (const [text, offset, reason] of cases) {
      const located = locateSyntaxError(text);
      assert.equal(located?.offset, offset, text);
      assert.match(located!.reason, reason);
    }
  });

  test('finds nothing wrong in valid JSON, however deep', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e+3, "\\u00e9\\n", true, false, null, {}]} ', '"x"', '0', '[{"":[]}]']) {
      assert.equal(locateSyntaxError(text), undefined, text);
    }
    assert.equal(locateSyntaxError('['.repeat(100_000) + ']'.repeat(100_000)), undefined);
  });

  test('survives unclosed deep nesting without overflowing the stack', () => {
    assert.deepEqual(locateSyntaxError('['.repeat(1_000_000)), { offset: 1_000_000, reason: 'expected a value (object, array, string, number, true, false or null), found the end of the input' });
  });
});

describe('parseJson', () => {
  test('returns the value, or the offset and reason of the error', () => {
    assert.deepEqual(parseJson('{"a":[1]}'), { ok: true, value: { a: [1] } });
    assert.deepEqual(parseJson('{"a":[1}'), { ok: false, offset: 7, reason: 'expected \',\' or \']\' after an array element, found "}"' });
  });
});
