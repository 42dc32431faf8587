// Backoff: doubling waits from the base, capped, each moved by at most ±20% at random.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/notify/backoff.ts';

const policy = { baseMs: 1000, maxMs: 5000 };

test('waits double from the base and stop at the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((retry) => backoffDelay(policy, retry, () => 0.5)), [1000, 2000, 4000, 5000, 5000]);
});

test('jitter keeps each wait within ±20%', () => {
  assert.deepEqual([0, 1].map((random) => backoffDelay(policy, 2, () => random)), [1600, 2400]);
});
