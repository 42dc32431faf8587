// Regular expressions Vigil answers without RE2 must answer as RE2 does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RE2 } from 're2-wasm';
import { compileRegex } from '../../../src/detect/sigma/regex.ts';

const FLAGS = { ignoreCase: false, multiline: false, dotAll: false };

test('`.{n,}` (a long line) counts characters as RE2 does on the well-formed text: newlines break lines unless s, a pair or a lone surrogate is one character', () => {
  const texts = ['abcd', 'abcde', 'ab\ncde', 'abc\ndefgh', 'ab\r\ncd', '\u{1F600}'.repeat(4), '\u{1F600}'.repeat(5), 'a\u{1F600}b\u{1F600}', '', 'a\ud800bcd', 'abcde\udc00', 'ab\udc00cdefg', '\ud800\ud800abcde', 'ab\ud800\ncde', 'abcd\ud800'];
  for (const [source, flags, re2Flags] of [
    ['.{5,}', FLAGS, 'u'],
    ['.{5,}', { ...FLAGS, dotAll: true }, 'us'],
    ['(?s).{5,}', FLAGS, 'u'],
    ['(?i).{4,}', FLAGS, 'u'],
  ] as const) {
    const ours = compileRegex(source, flags);
    const re2 = new RE2(source, re2Flags);
    for (const text of texts) assert.equal(ours(text), re2.test(text.toWellFormed()), `${source} /${re2Flags} on ${JSON.stringify(text)}`);
  }
});

test('counts RE2 refuses are refused still', () => {
  assert.throws(() => compileRegex('.{1001,}', FLAGS), /RE2 cannot run/);
});
