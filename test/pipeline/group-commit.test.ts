import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';

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
  const counting = new Proxy(store, {
    get: (target, property) => property === 'commit'
      ? (...args: Parameters<typeof store.commit>) => { commits++; return target.commit(...args); }
      : Reflect.get(target, property).bind(target),
  });
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
  const failing = new Proxy(store, {
    get: (target, property) => property === 'commit'
      ? (batch: Parameters<typeof store.commit>[0]) => batch.events.some((event) => event.event_uuid === 'group-9') ? Promise.reject(new Error('disk full')) : target.commit(batch)
      : Reflect.get(target, property).bind(target),
  });
  const pipeline = createPipeline({ store: failing, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [good, bad] = await Promise.allSettled([pipeline.ingest(records(ipsEvent(8))), pipeline.ingest(records(ipsEvent(9)))]);
  assert.equal(good.status === 'fulfilled' && good.value.accepted, 1);
  assert.equal(bad.status === 'rejected' && (bad.reason as Error).message, 'disk full');
  assert.ok(await store.getEvent('group-8'));
});
