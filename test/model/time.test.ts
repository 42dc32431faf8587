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

test('the stored form is passed through exactly when it names a real instant', () => {
  // What the shortcut must agree with: the text read as a date and written back unchanged.
  const roundTrips = (text: string) => {
    const ms = Date.parse(text);
    return !Number.isNaN(ms) && new Date(ms).toISOString() === text;
  };
  const texts = [
    '2021-06-08T20:08:00.000Z', '2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z',
    '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2021-04-31T00:00:00.000Z', '2021-00-10T00:00:00.000Z', '2021-13-01T00:00:00.000Z',
    '2021-06-00T00:00:00.000Z', '2021-06-08T24:00:00.000Z', '2021-06-08T23:60:00.000Z', '2021-06-08T23:59:60.000Z',
  ];
  // And every day of a leap and a common year, at a few times of day.
  for (const year of ['2024', '2023', '2100']) {
    for (let month = 1; month <= 12; month++) {
      for (let day = 28; day <= 32; day++) texts.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:34:56.789Z`);
    }
  }
  for (const text of texts) {
    const parsed = parseTime(text);
    const passedThrough = parsed.ok && parsed.iso === text;
    assert.equal(passedThrough, roundTrips(text), text);
  }
});
