// The feed's listener for forwarding and webhooks: it never runs the work on the publisher's stack,
// hands changes over one at a time in order, merges an `updated` that still waits with the next one,
// and drops (and counts) changes beyond its bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IncidentChange } from '../../src/incidents/index.ts';
import { ChangeCoalescer } from '../../src/notify/change-coalescer.ts';

const change = (kind: IncidentChange['kind'], uuid: string, at: string): IncidentChange => ({ kind, uuid, at });

test('changes are handled later, one at a time, in order; a waiting updated absorbs the next updated of its incident', async () => {
  const handled: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const coalescer = new ChangeCoalescer(async ({ kind, uuid, at }) => {
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise((resolve) => setImmediate(resolve));
    handled.push(`${kind} ${uuid} ${at}`);
    running -= 1;
  }, { maxPending: 100, onError: assert.fail, onDrop: assert.fail });
  coalescer.push(change('created', 'a', '1'));
  coalescer.push(change('updated', 'a', '2'));
  coalescer.push(change('updated', 'b', '3'));
  coalescer.push(change('updated', 'a', '4'));
  coalescer.push(change('closed', 'a', '5'));
  assert.deepEqual(handled, [], 'nothing runs on the caller stack');
  await coalescer.idle();
  assert.deepEqual(handled, ['created a 1', 'updated a 4', 'updated b 3', 'closed a 5']);
  assert.equal(mostAtOnce, 1);
});

test('beyond maxPending a change is dropped and counted; a failing handler is reported and the next change still runs', async () => {
  const drops: number[] = [];
  const errors: string[] = [];
  const handled: string[] = [];
  const coalescer = new ChangeCoalescer(async ({ kind, uuid, at }) => {
    if (uuid === 'bad') throw new Error('store closed');
    handled.push(`${kind} ${uuid} ${at}`);
  }, { maxPending: 3, onError: (error, { uuid }) => errors.push(`${uuid}: ${(error as Error).message}`), onDrop: (_change, dropped) => drops.push(dropped) });
  coalescer.push(change('created', 'bad', '1'));
  coalescer.push(change('created', 'good', '2'));
  coalescer.push(change('updated', 'good', '3'));
  coalescer.push(change('created', 'late', '4'));
  coalescer.push(change('updated', 'good', '5'));
  assert.deepEqual(drops, [1], 'merging into an updated already waiting is no drop');
  await coalescer.idle();
  assert.deepEqual(errors, ['bad: store closed']);
  assert.deepEqual(handled, ['created good 2', 'updated good 5']);
});
