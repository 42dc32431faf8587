import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueFullError, SerialQueue } from '../../src/pipeline/index.ts';

test('jobs run one at a time in the order they came', async () => {
  const queue = new SerialQueue(100);
  const log: string[] = [];
  const job = (name: string, ms: number) => () => new Promise<string>((resolve) => {
    log.push(`start ${name}`);
    setTimeout(() => { log.push(`end ${name}`); resolve(name); }, ms);
  });
  const results = await Promise.all([queue.run(1, job('a', 20)), queue.run(1, job('b', 1)), queue.run(1, job('c', 5))]);
  assert.deepEqual(results, ['a', 'b', 'c']);
  assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
});

test('a full queue refuses new work with a retry hint, and accepts again once drained', async () => {
  const queue = new SerialQueue(10);
  let release!: () => void;
  const blocked = queue.run(8, () => new Promise<void>((resolve) => { release = resolve; }));
  await assert.rejects(queue.run(3, async () => 'too much'), (error: unknown) => error instanceof QueueFullError && error.retryAfterSeconds === 1);
  const fits = queue.run(2, async () => 'fits');
  release();
  assert.equal(await fits, 'fits');
  await blocked;
  await queue.drain();
  assert.equal(queue.pending, 0);
  assert.equal(await queue.run(10, async () => 'after'), 'after');
});

test('a failing job does not stop the jobs behind it', async () => {
  const queue = new SerialQueue(10);
  const failing = queue.run(1, async () => { throw new Error('boom'); });
  const next = queue.run(1, async () => 'still runs');
  await assert.rejects(failing, /boom/);
  assert.equal(await next, 'still runs');
});

test('a job heavier than the whole limit runs when the queue is empty', async () => {
  const queue = new SerialQueue(5);
  assert.equal(await queue.run(50, async () => 'alone'), 'alone');
});
