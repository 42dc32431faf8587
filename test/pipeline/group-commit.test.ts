import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { withCommit } from '../helpers/store-commit.ts';

function ipsEvent(n: number, overrides: Record<string, unknown> = {}) {
  return {
    event_uuid: `group-${n}`, type_id: 4124, event_id: 206, severity: 3, device_time: `2024-03-01T10:00:${String(n).padStart(2, '0')}.000Z`,
    device_uid: `dev-${n}`, device_ip: `10.0.0.${n}`, external_ip: '203.0.113.9', traffic_direction: 2, network_protocol: 2,
    signature_id: 30001, signature_name: 'Attack: Test Signature', ...overrides,
  };
}

const records = (...values: unknown[]) => values.map((value, index) => ({ index, value }));

test('batches waiting together are committed together, each answered with its own outcome', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  let commits = 0;
  const counting = withCommit(store, (batch, stored) => { commits++; return stored(batch); });
  const pipeline = createPipeline({ store: counting, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [first, second] = await Promise.all([
    pipeline.ingest(records(ipsEvent(1), ipsEvent(2))),
    pipeline.ingest(records(ipsEvent(2), ipsEvent(3))),
  ]);
  assert.equal(commits, 1);
  assert.deepEqual([first.accepted, first.duplicates, first.incidents.created.length, first.incidents.updated.length], [2, 0, 1, 0]);
  assert.deepEqual([second.accepted, second.duplicates, second.incidents.created.length], [1, 1, 0]);
  assert.deepEqual(second.incidents.updated, first.incidents.created, 'the later batch joins the incident the earlier one opened');
  const incident = await store.getIncident(first.incidents.created[0]);
  assert.equal(incident?.event_count, 3);
  assert.equal(incident?.atp_incident_id, 100000);
});

test('a batch that fails in a group fails alone', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const failing = withCommit(store, (batch, stored) => (batch.events.some((event) => event.event_uuid === 'group-9') ? Promise.reject(new Error('disk full')) : stored(batch)));
  const pipeline = createPipeline({ store: failing, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [good, bad] = await Promise.allSettled([pipeline.ingest(records(ipsEvent(8))), pipeline.ingest(records(ipsEvent(9)))]);
  assert.equal(good.status === 'fulfilled' && good.value.accepted, 1);
  assert.equal(bad.status === 'rejected' && (bad.reason as Error).message, 'disk full');
  assert.ok(await store.getEvent('group-8'));
});

test('a late event joins the older open incident of its time, also when a newer one of the same key is open and in the same group', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100 });
  const at = (time: string, n: number) => ipsEvent(n, { event_uuid: `late-${n}`, device_time: time });
  const older = await pipeline.ingest(records(at('2021-06-08T00:00:00.000Z', 1), at('2021-06-08T01:00:00.000Z', 2)));
  const newer = await pipeline.ingest(records(at('2021-06-10T00:00:00.000Z', 3)));
  assert.notDeepEqual(newer.incidents.created, older.incidents.created, '47 h later: a new incident');
  // Two batches committed together: the second sees the first's changes to both incidents.
  const [late, later] = await Promise.all([
    pipeline.ingest(records(at('2021-06-08T02:00:00.000Z', 4))),
    pipeline.ingest(records(at('2021-06-08T03:00:00.000Z', 5), at('2021-06-10T01:00:00.000Z', 6))),
  ]);
  assert.deepEqual([late.incidents.created, late.incidents.updated], [[], older.incidents.created]);
  assert.deepEqual(later.incidents.created, []);
  assert.deepEqual(new Set(later.incidents.updated), new Set([...older.incidents.created, ...newer.incidents.created]));
  const incident = await store.getIncident(older.incidents.created[0]);
  assert.deepEqual([incident?.event_count, incident?.last_event_seen], [4, '2021-06-08T03:00:00.000Z']);
  assert.equal((await store.listIncidents({}, { offset: 0, limit: 10 })).total, 2);
});
