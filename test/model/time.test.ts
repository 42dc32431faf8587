import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTime, renderConsoleTime } from '../../src/model/index.ts';

const iso = (value: unknown) => {
  const parsed = parseTime(value);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.iso;
};

test('the console form, ISO-8601 and epoch values give one stored form', () => {
  const expected = '2021-06-08T20:08:00.000Z';
  for (const value of ['2021-06-08 20:08:00 UTC', '2021-06-08T20:08:00Z', '2021-06-08T20:08:00.000Z', '2021-06-08T22:08:00+02:00',
    '2021-06-08T20:08:00', 1623182880000, 1623182880, '1623182880000']) {
    assert.equal(iso(value), expected, String(value));
  }
  assert.equal(iso('2021-06-08'), '2021-06-08T00:00:00.000Z');
  assert.equal(renderConsoleTime(expected), '2021-06-08 20:08:00 UTC');
});

test('what is not a time is refused with a hint', () => {
  for (const value of ['yesterday', '', '2021-13-40T00:00:00Z', null, {}, Number.NaN]) {
    const parsed = parseTime(value);
    assert.equal(parsed.ok, false, String(value));
  }
  const parsed = parseTime('yesterday');
  assert.ok(!parsed.ok && /ISO-8601/.test(parsed.reason));
});

test('an impossible day in the stored form is not passed through unchanged', () => {
  const parsed = parseTime('2021-02-30T00:00:00.000Z');
  assert.ok(!parsed.ok || parsed.iso !== '2021-02-30T00:00:00.000Z');
});

test('times outside the years 0000–9999 are refused as out of range, not turned into a form nothing reads back', () => {
  for (const value of [253402300800000, -62167219200001, 1e15]) {
    const parsed = parseTime(value);
    assert.ok(!parsed.ok && /out of range/.test(parsed.reason), String(value));
  }
  assert.deepEqual(parseTime(253402300799999), { ok: true, iso: '9999-12-31T23:59:59.999Z' });
});
