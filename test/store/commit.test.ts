import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EdrEvent } from '../../src/model/index.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { ALL, batch, detection, incident, tempDatabasePath } from './fixtures.ts';

async function memoryStore(t: { after: (fn: () => Promise<void>) => void }): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  return store;
}

test('a batch whose incident insert fails leaves no events, incidents or endpoints', async (t) => {
  const store = await memoryStore(t);
  await store.commit(batch({ createdIncidents: [incident({ uuid: 'inc-1' })] }));
  const duplicate = incident({ uuid: 'inc-1' });
  const failing = batch({
    events: [detection({ event_uuid: 'ev-1', incident: 'inc-1' })],
    createdIncidents: [incident({ uuid: 'inc-2' }), duplicate],
  });
  await assert.rejects(store.commit(failing), /UNIQUE constraint failed: incidents.uuid/);
  assert.equal(await store.getEvent('ev-1'), undefined);
  assert.equal(await store.getIncident('inc-2'), undefined);
  assert.equal((await store.listEndpoints(ALL)).total, 0);
  assert.equal(duplicate.atp_incident_id, 0, 'a failed batch assigns no ids to the caller');
});

test('an invalid event late in a batch rolls back the events and incidents before it', async (t) => {
  const store = await memoryStore(t);
  const created = incident({ uuid: 'inc-1' });
  const invalid = { ...detection({ event_uuid: 'ev-2' }), type_id: undefined } as unknown as EdrEvent;
  await assert.rejects(store.commit(batch({ createdIncidents: [created], events: [detection({ event_uuid: 'ev-1', incident: 'inc-1' }), invalid] })), /NOT NULL constraint failed: events.type_id/);
  assert.equal(await store.getEvent('ev-1'), undefined);
  assert.equal(await store.getIncident('inc-1'), undefined);
  assert.equal((await store.listEndpoints(ALL)).total, 0);
});

test('an endpoint hit for an unknown incident fails the batch (foreign keys are on)', async (t) => {
  const store = await memoryStore(t);
  const hit = { incident_uuid: 'nowhere', device_uid: 'd1', event_count: 1, first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z' };
  await assert.rejects(store.commit(batch({ events: [detection({ event_uuid: 'ev-1' })], endpointHits: [hit] })), /FOREIGN KEY constraint failed/);
  assert.equal(await store.getEvent('ev-1'), undefined);
});

test('updating an incident that is not stored fails the batch', async (t) => {
  const store = await memoryStore(t);
  await assert.rejects(store.commit(batch({ events: [detection({ event_uuid: 'ev-1' })], updatedIncidents: [incident({ uuid: 'ghost' })] })), /cannot update incident ghost: it is not stored/);
  assert.equal(await store.getEvent('ev-1'), undefined);
});

test('atp_incident_id runs 100000, 100001, … is written back, and continues after reopening', async (t) => {
  const { path, cleanup } = tempDatabasePath();
  t.after(cleanup);
  let store = await openSqliteStore(path);
  const first = incident({ uuid: 'inc-a' });
  const second = incident({ uuid: 'inc-b' });
  await store.commit(batch({ createdIncidents: [first, second] }));
  assert.deepEqual([first.atp_incident_id, second.atp_incident_id], [100000, 100001]);
  assert.equal((await store.getIncident('inc-b'))?.atp_incident_id, 100001, 'the stored document carries the id');
  await store.close();

  store = await openSqliteStore(path);
  const third = incident({ uuid: 'inc-c' });
  await store.commit(batch({ createdIncidents: [third] }));
  assert.equal(third.atp_incident_id, 100002);
  await store.close();
});

test('events are stored as their documents; a resent uuid is ignored, not duplicated', async (t) => {
  const store = await memoryStore(t);
  const event = detection({ event_uuid: 'ev-1', incident: 'inc-1', categories: ['Attack', 'Trojan'], infected: true });
  await store.commit(batch({ events: [event] }));
  await store.commit(batch({ events: [{ ...event, description: 'resent' }] }));
  assert.deepEqual(await store.getEvent('ev-1'), event);
  assert.equal((await store.listEvents({}, ALL)).total, 1);
  assert.deepEqual(await store.existingEventUuids(['ev-1', 'ev-2']), new Set(['ev-1']));
});

test('endpoint hits add up per incident and endpoint', async (t) => {
  const store = await memoryStore(t);
  const hit = (overrides: object) => ({ incident_uuid: 'inc-1', event_count: 1, first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z', ...overrides });
  await store.commit(batch({
    createdIncidents: [incident({ uuid: 'inc-1' })],
    endpointHits: [
      hit({ device_uid: 'd1', device_ip: '192.0.2.10', device_name: 'OLD-NAME', event_count: 2, first_seen: '2021-06-08T20:00:00.000Z', last_seen: '2021-06-08T20:05:00.000Z' }),
      hit({ device_ip: '192.0.2.11' }),
    ],
  }));
  await store.commit(batch({
    endpointHits: [
      // Newer: its address and name win; an empty name does not erase the stored one.
      hit({ device_uid: 'd1', device_ip: '192.0.2.20', device_name: 'NEW-NAME', event_count: 3, first_seen: '2021-06-08T20:06:00.000Z', last_seen: '2021-06-08T20:10:00.000Z' }),
      // Older and late: widens first_seen but does not replace the address.
      hit({ device_uid: 'd1', device_ip: '192.0.2.99', device_name: '', event_count: 1, first_seen: '2021-06-08T19:00:00.000Z', last_seen: '2021-06-08T19:00:00.000Z' }),
      hit({ device_ip: '192.0.2.11', event_count: 4 }),
    ],
  }));
  const endpoints = await store.incidentEndpoints('inc-1');
  assert.deepEqual(endpoints, [
    { device_uid: 'd1', device_ip: '192.0.2.20', device_name: 'NEW-NAME', event_count: 6, first_seen: '2021-06-08T19:00:00.000Z', last_seen: '2021-06-08T20:10:00.000Z' },
    { device_ip: '192.0.2.11', event_count: 5, first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z' },
  ]);
});

test('the endpoint inventory follows the stored events that name a device_uid', async (t) => {
  const store = await memoryStore(t);
  await store.commit(batch({
    events: [
      detection({ event_uuid: 'e1', device_uid: 'd1', device_ip: '192.0.2.10', device_time: '2021-06-08T20:00:00.000Z' }),
      detection({ event_uuid: 'e2', device_uid: 'd1', device_ip: '192.0.2.12', device_time: '2021-06-08T21:00:00.000Z' }),
      detection({ event_uuid: 'e3', device_uid: 'd2', device_name: 'WS-2', device_time: '2021-06-08T22:00:00.000Z' }),
      detection({ event_uuid: 'e4', device_uid: undefined }),
    ],
  }));
  // A duplicate is not counted again.
  await store.commit(batch({ events: [detection({ event_uuid: 'e1', device_uid: 'd1' })] }));
  const { result, total } = await store.listEndpoints(ALL);
  assert.equal(total, 2);
  assert.deepEqual(result.map((e) => [e.device_uid, e.event_count, e.device_ip, e.first_seen, e.last_seen]), [
    ['d1', 2, '192.0.2.12', '2021-06-08T20:00:00.000Z', '2021-06-08T21:00:00.000Z'],
    ['d2', 1, '192.0.2.10', '2021-06-08T22:00:00.000Z', '2021-06-08T22:00:00.000Z'],
  ]);
  // Listed in the order first heard of: a device seen later, or seen again, does not move the ones before it.
  await store.commit(batch({ events: [detection({ event_uuid: 'e5', device_uid: 'd0', device_time: '2021-06-09T00:00:00.000Z' }), detection({ event_uuid: 'e6', device_uid: 'd1', device_time: '2021-06-09T01:00:00.000Z' })] }));
  assert.equal(result[1].device_name, 'WS-2');
  assert.deepEqual((await store.listEndpoints(ALL)).result.map((e) => e.device_uid), ['d1', 'd2', 'd0']);
});

test('openIncidentsByKey returns the open incidents of each key that reach into the span, oldest last event first', async (t) => {
  const store = await memoryStore(t);
  await store.commit(batch({
    createdIncidents: [
      incident({ uuid: 'a-old', grouping_key: 'A', first_event_seen: '2021-06-01T00:00:00.000Z', last_event_seen: '2021-06-02T00:00:00.000Z' }),
      incident({ uuid: 'a-mid', grouping_key: 'A', first_event_seen: '2021-06-08T19:00:00.000Z', last_event_seen: '2021-06-08T20:00:00.000Z' }),
      incident({ uuid: 'a-new', grouping_key: 'A', state: 3, first_event_seen: '2021-06-08T21:00:00.000Z', last_event_seen: '2021-06-08T21:00:00.000Z' }),
      incident({ uuid: 'a-later', grouping_key: 'A', first_event_seen: '2021-06-20T00:00:00.000Z', last_event_seen: '2021-06-20T00:00:00.000Z' }),
      incident({ uuid: 'a-closed', grouping_key: 'A', state: 4, first_event_seen: '2021-06-08T22:00:00.000Z', last_event_seen: '2021-06-08T22:00:00.000Z' }),
      incident({ uuid: 'b-closed', grouping_key: 'B', state: 4 }),
      incident({ uuid: 'c', grouping_key: 'C' }),
    ],
  }));
  const open = await store.openIncidentsByKey(['A', 'B', 'D'], { from: '2021-06-08T00:00:00.000Z', to: '2021-06-09T00:00:00.000Z' });
  assert.deepEqual([...open.keys()], ['A']);
  assert.deepEqual(open.get('A')?.map((found) => found.uuid), ['a-mid', 'a-new']);
});

test('a replaced incident is read back whole, by uuid, id and numeric string', async (t) => {
  const store = await memoryStore(t);
  const created = incident({ uuid: 'inc-1' });
  await store.commit(batch({ createdIncidents: [created] }));
  const updated = { ...created, event_count: 7, priority_level: 2, last_event_seen: '2021-06-09T00:00:00.000Z', deviceUid: ['d1', 'd2'] };
  await store.commit(batch({ updatedIncidents: [updated] }));
  assert.deepEqual(await store.getIncident('inc-1'), updated);
  assert.deepEqual(await store.getIncident(100000), updated);
  assert.deepEqual(await store.getIncident('100000'), updated);
  assert.equal(await store.getIncident(100001), undefined);
  // The columns moved with the document: the priority filter sees the new level.
  assert.equal((await store.listIncidents({ priority_level: [2] }, ALL)).total, 1);
});
