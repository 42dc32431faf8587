// Cutting a window into chart buckets: a round interval, at most one bucket more than asked,
// aligned to the epoch, covering both ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketRange, bucketsOf, planBuckets } from '../../src/store/sqlite/time-buckets.ts';

const MINUTE = 60_000;

test('a window gets the round interval that needs no more buckets than asked (one more for alignment)', () => {
  const from = Date.parse('2021-06-08T20:08:00Z');
  const to = Date.parse('2021-06-08T23:08:19Z');
  const plan = planBuckets(from, to, 60);
  assert.equal(plan.intervalMs, 5 * MINUTE, '3 h 0 min 20 s / 60 is just over 3 min');
  assert.equal(new Date(bucketRange(plan, 0).startMs).toISOString(), '2021-06-08T20:05:00.000Z');
  assert.ok(bucketRange(plan, plan.count - 1).endMs >= to && bucketRange(plan, plan.count - 1).startMs <= to);
  assert.equal(plan.count, 37);

  for (const [span, wanted] of [[1, 60], [999, 1], [30 * 24 * 3600_000, 60], [400 * 24 * 3600_000, 50], [7_777_777, 13]]) {
    const { intervalMs, count } = planBuckets(from, from + span, wanted);
    assert.ok(count <= wanted + 1 && count >= 1, `${span} ms in ${wanted}: ${count} buckets`);
    assert.ok(intervalMs * count > span, `${span} ms in ${wanted}: covered`);
  }
  assert.equal(planBuckets(from, from + 400 * 24 * 3600_000, 50).intervalMs % (24 * 3600_000), 0, 'long spans get whole days');
});

test('every bucket is listed, empty ones with 0; bad plans are refused', () => {
  const plan = planBuckets(0, 10 * MINUTE - 1, 10);
  assert.deepEqual(bucketsOf(plan, (index) => (index === 2 ? 7 : undefined)).slice(0, 4), [
    { start: '1970-01-01T00:00:00.000Z', count: 0 },
    { start: '1970-01-01T00:01:00.000Z', count: 0 },
    { start: '1970-01-01T00:02:00.000Z', count: 7 },
    { start: '1970-01-01T00:03:00.000Z', count: 0 },
  ]);
  assert.throws(() => planBuckets(0, 1, 0), /at least 1/);
  assert.throws(() => planBuckets(10, 1, 5), /must not end/);
});
