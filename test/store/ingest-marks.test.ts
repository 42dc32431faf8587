// Events "as committed by" a cursor's query time: late events (an old device_time, committed
// after the first page) do not shift the pages of a query already running.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/store/index.ts';
import { batch, detection } from './fixtures.ts';

test('committedBy bounds a listing to the events committed by then; without it everything shows', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  {
    const beforeAnything = new Date().toISOString();
    await sleep(5);
    await store.commit(batch({ events: [detection({ event_uuid: 'a', device_time: '2021-06-08T20:08:00.000Z' }), detection({ event_uuid: 'b', device_time: '2021-06-08T20:09:00.000Z' })] }));
    await sleep(5);
    const queryTime = new Date().toISOString();
    await sleep(5);
    // A late event, older than both, arrives after the query started.
    await store.commit(batch({ events: [detection({ event_uuid: 'late', device_time: '2021-06-08T20:00:00.000Z' })] }));
    const uuids = async (committedBy?: string) => (await store.listEvents({ committedBy }, { offset: 0, limit: 10 })).result.map((e) => e.event_uuid);
    assert.deepEqual(await uuids(queryTime), ['b', 'a']);
    assert.equal((await store.listEvents({ committedBy: queryTime }, { offset: 0, limit: 10 })).total, 2);
    assert.deepEqual(await uuids(), ['b', 'a', 'late']);
    assert.deepEqual(await uuids(new Date().toISOString()), ['b', 'a', 'late']);
    assert.deepEqual(await uuids(beforeAnything), []);
    // Past the marks' 24 hours the oldest mark left bounds the listing: looser, never empty by mistake.
    assert.deepEqual(await uuids('2000-01-01T00:00:00.000Z'), ['b', 'a']);
  }
});
