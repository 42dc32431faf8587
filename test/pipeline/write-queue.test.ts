import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueFullError, WriteQueue } from '../../src/pipeline/index.ts';

const fulfilled = <R>(value: R): PromiseSettledResult<R> => ({ status: 'fulfilled', value });

/** A queue whose writer logs each group and answers each item doubled, after `ms`. */
function doublingQueue(maxWeight: number, ms = 0) {
  const groups: number[][] = [];
  const queue = new WriteQueue<number, number>(maxWeight, async (items) => {
    groups.push(items);
    await new Promise((resolve) => setTimeout(resolve, ms));
    return items.map((item) => fulfilled(item * 2));
  });
  return { queue, groups };
}

test('items waiting while the writer is busy are written together, in order, each answered with its own result', async () => {
  const { queue, groups } = doublingQueue(100, 20);
  const first = queue.add(1, 1);
  await new Promise((resolve) => setTimeout(resolve, 5)); // the first group is being written
  assert.deepEqual(await Promise.all([first, queue.add(2, 1), queue.add(3, 1)]), [2, 4, 6]);
  assert.deepEqual(groups, [[1], [2, 3]]);
});

test('an item is answered once its own group is written, not after later groups', async () => {
  const { queue } = doublingQueue(100, 20);
  const first = queue.add(1, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const later = queue.add(2, 1);
  let laterDone = false;
  void later.then(() => { laterDone = true; });
  assert.equal(await first, 2);
  assert.equal(laterDone, false);
  assert.equal(await later, 4);
});

test('a full queue refuses new work with a retry hint, and accepts again once drained', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const queue = new WriteQueue<string, string>(10, async (items) => { await gate; return items.map(fulfilled); });
  const blocked = queue.add('big', 8);
  await assert.rejects(queue.add('too much', 3), (error: unknown) => error instanceof QueueFullError && error.retryAfterSeconds === 1);
  const fits = queue.add('fits', 2);
  release();
  assert.deepEqual(await Promise.all([blocked, fits]), ['big', 'fits']);
  await queue.drain();
  assert.equal(queue.pending, 0);
  assert.equal(await queue.add('after', 10), 'after');
});

test('a failed item does not stop the items behind it, and a throwing writer fails its group only', async () => {
  let calls = 0;
  const queue = new WriteQueue<number, number>(10, async (items) => {
    if (calls++ === 0) throw new Error('boom');
    return items.map(fulfilled);
  });
  await assert.rejects(queue.add(1, 1), /boom/);
  assert.equal(await queue.add(2, 1), 2);
});

test('an item heavier than the whole limit is written when nothing waits', async () => {
  const { queue } = doublingQueue(5);
  assert.equal(await queue.add(50, 50), 100);
});

test('under sustained load the next group gathers until its weight waits; an item at an idle writer is written at once', async () => {
  const groups: number[][] = [];
  // Gathering that only its weight can end within the test: 3 events, or a minute.
  const queue = new WriteQueue<number, number>(100_000, async (items) => {
    groups.push(items);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return items.map((item) => fulfilled(item * 2));
  }, { ms: 60_000, weight: 3 });
  assert.equal(await queue.add(1, 1), 2, 'idle: written at once, alone');
  const first = queue.add(10, 1);
  await new Promise((resolve) => setTimeout(resolve, 1)); // 10 is being written: the writer is busy
  const rest = [queue.add(20, 1), queue.add(30, 1)];
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(groups, [[1], [10]], 'two events wait: the group is still gathering');
  rest.push(queue.add(40, 1));
  assert.deepEqual(await Promise.all([first, ...rest]), [20, 40, 60, 80]);
  assert.deepEqual(groups, [[1], [10], [20, 30, 40]]);
});
