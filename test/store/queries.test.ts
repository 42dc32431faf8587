import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { EdrEvent } from '../../src/model/index.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { ALL, batch, detection, incident } from './fixtures.ts';

let store: Store;

// Incidents 100000…100004 (in creation order) and six events, shared by the read-only tests.
before(async () => {
  store = await openSqliteStore(':memory:');
  const hit = (incident_uuid: string, device_uid: string) => ({ incident_uuid, device_uid, event_count: 1, first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z' });
  await store.commit(batch({
    createdIncidents: [
      incident({ uuid: 'i0', time: '2021-06-01T00:00:00.000Z', state: 1, priority_level: 3, updated: '2021-06-09T00:00:00.000Z' }),
      incident({ uuid: 'i1', time: '2021-06-02T00:00:00.000Z', state: 2, priority_level: 1 }),
      incident({ uuid: 'i2', time: '2021-06-02T00:00:00.000Z', state: 4, priority_level: 3 }),
      incident({ uuid: 'i3', time: '2021-06-03T00:00:00.000Z', state: 3, priority_level: 2 }),
      incident({ uuid: 'i4', time: '2021-06-04T00:00:00.000Z', state: 1, priority_level: 3 }),
    ],
    endpointHits: [hit('i1', 'host-a'), hit('i3', 'host-a'), hit('i3', 'host-b')],
    events: [
      detection({ event_uuid: 'e0', device_time: '2021-06-08T20:00:00.000Z', incident: 'i1' }),
      detection({ event_uuid: 'e1', device_time: '2021-06-08T20:01:00.000Z', incident: 'i1', sid: 443 }),
      detection({ event_uuid: 'e2', device_time: '2021-06-08T20:01:00.000Z', external_ip: '198.51.100.7', event_id: 207 }),
      detection({ event_uuid: 'e3', device_time: '2021-06-08T20:02:00.000Z', type_id: 8007, mitre: { tactic: 'Discovery' }, sid: '8080' }),
      detection({ event_uuid: 'e4', device_time: '2021-06-08T20:03:00.000Z', device_ip: "x' OR 1=1 --" }),
      detection({ event_uuid: 'e5', device_time: '2021-06-08T20:04:00.000Z', signature_id: 30000 }),
    ],
  }));
});
after(() => store.close());

async function incidentUuids(...args: Parameters<Store['listIncidents']>): Promise<string[]> {
  return (await store.listIncidents(...args)).result.map((i) => i.uuid);
}

async function eventUuids(...args: Parameters<Store['listEvents']>): Promise<string[]> {
  return (await store.listEvents(...args)).result.map((e) => e.event_uuid);
}

test('listIncidents sorts newest first with atp_incident_id breaking ties, and pages with a total', async () => {
  assert.deepEqual(await incidentUuids({}, ALL), ['i4', 'i3', 'i2', 'i1', 'i0']);
  const page = await store.listIncidents({}, { offset: 1, limit: 2 });
  assert.deepEqual(page.result.map((i) => i.uuid), ['i3', 'i2']);
  assert.equal(page.total, 5);
  assert.deepEqual(await incidentUuids({ sort: { field: 'time', order: 'asc' } }, ALL), ['i0', 'i1', 'i2', 'i3', 'i4']);
  assert.deepEqual(await incidentUuids({ sort: { field: 'priority_level', order: 'desc' } }, ALL), ['i4', 'i2', 'i0', 'i3', 'i1']);
});

test('listIncidents filters by state, priority, time range, time field and device', async () => {
  assert.deepEqual(await incidentUuids({ state: [1, 2] }, ALL), ['i4', 'i1', 'i0']);
  assert.deepEqual(await incidentUuids({ state: [1], priority_level: [3] }, ALL), ['i4', 'i0']);
  const ranged = await store.listIncidents({ from: '2021-06-02T00:00:00Z', to: '2021-06-03 00:00:00 UTC' }, { offset: 0, limit: 1 });
  assert.deepEqual(ranged.result.map((i) => i.uuid), ['i3']);
  assert.equal(ranged.total, 3, 'both bounds are inclusive and total ignores the page');
  assert.deepEqual(await incidentUuids({ timeField: 'updated', from: '2021-06-09T00:00:00.000Z' }, ALL), ['i0']);
  assert.deepEqual(await incidentUuids({ device_uid: 'host-a' }, ALL), ['i3', 'i1']);
  assert.deepEqual(await incidentUuids({ device_uid: "host-a' OR 1=1 --" }, ALL), []);
});

test('listIncidents rejects a sort field or time field outside its whitelist', async () => {
  const sneaky = { sort: { field: 'time; DROP TABLE incidents', order: 'desc' } } as unknown as Parameters<Store['listIncidents']>[0];
  await assert.rejects(store.listIncidents(sneaky, ALL), /sort field must be one of time, updated/);
  await assert.rejects(store.listIncidents({ timeField: 'doc' as 'time' }, ALL), /timeField must be one of/);
  await assert.rejects(store.listIncidents({ from: 'yesterday' }, ALL), /filter "from": "yesterday" is not a time/);
  await assert.rejects(store.listIncidents({}, { offset: -1, limit: 10 }), /page offset must be a non-negative integer/);
});

test('listEvents orders by device_time then arrival, either way, with a total', async () => {
  assert.deepEqual(await eventUuids({}, ALL), ['e5', 'e4', 'e3', 'e2', 'e1', 'e0']);
  assert.deepEqual(await eventUuids({ order: 'asc' }, ALL), ['e0', 'e1', 'e2', 'e3', 'e4', 'e5']);
  const page = await store.listEvents({ from: '2021-06-08T20:01:00Z', to: '2021-06-08T20:03:00.000Z' }, { offset: 0, limit: 2 });
  assert.deepEqual(page.result.map((e) => e.event_uuid), ['e4', 'e3']);
  assert.equal(page.total, 4);
});

test('listEvents filters on hot columns, numeric strings matching integer columns', async () => {
  assert.deepEqual(await eventUuids({ incident: 'i1' }, ALL), ['e1', 'e0']);
  assert.deepEqual(await eventUuids({ equals: { external_ip: '198.51.100.7' } }, ALL), ['e2']);
  assert.deepEqual(await eventUuids({ equals: { event_id: '207' } }, ALL), ['e2']);
  assert.deepEqual(await eventUuids({ equals: { type_id: 8007 } }, ALL), ['e3']);
  assert.deepEqual(await eventUuids({ equals: { signature_id: 32350, type_id: '4124', incident: 'i1' } }, ALL), ['e1', 'e0']);
});

test('listEvents filters on JSON fields by dotted path, numbers and numeric strings alike', async () => {
  assert.deepEqual(await eventUuids({ equals: { 'mitre.tactic': 'Discovery' } }, ALL), ['e3']);
  assert.deepEqual(await eventUuids({ equals: { sid: '443' } }, ALL), ['e1']);
  assert.deepEqual(await eventUuids({ equals: { sid: 8080 } }, ALL), ['e3'], 'a number matches a document that holds it as a string');
  assert.deepEqual(await eventUuids({ equals: { 'mitre.no_such_field': 'x' } }, ALL), []);
});

test('listEvents treats an SQL-injection-looking value as a plain value', async () => {
  const injection = "x' OR 1=1 --";
  assert.deepEqual(await eventUuids({ equals: { external_ip: injection } }, ALL), []);
  assert.deepEqual(await eventUuids({ equals: { 'mitre.tactic': injection } }, ALL), []);
  assert.deepEqual(await eventUuids({ equals: { signature_id: injection } }, ALL), []);
  assert.deepEqual(await eventUuids({ incident: injection }, ALL), []);
  assert.deepEqual(await eventUuids({ equals: { device_ip: injection } }, ALL), ['e4'], 'it matches only the event holding that exact text');
});

test('listEvents rejects a field that is not a dotted path, saying what a path is', async () => {
  for (const field of ["mitre.tactic') OR 1=1 --", 'mitre..tactic', '$.mitre', '1st', 'a-b', '']) {
    await assert.rejects(store.listEvents({ equals: { [field]: 'x' } }, ALL), (error: Error) => {
      assert.match(error.message, /event filter field ".*" is not a field path: use names of letters, digits and underscores joined by dots, such as mitre\.tactic/);
      return true;
    });
  }
});

test('events come back as the documents stored, with their incident link', async () => {
  const [event] = (await store.listEvents({ incident: 'i1', order: 'asc' }, { offset: 0, limit: 1 })).result;
  const expected: EdrEvent = detection({ event_uuid: 'e0', device_time: '2021-06-08T20:00:00.000Z', incident: 'i1' });
  assert.deepEqual(event, expected);
});

test('updateIncident changes the fields given and updated, keeping document and columns in step', async (t) => {
  const own = await openSqliteStore(':memory:');
  t.after(() => own.close());
  await own.commit(batch({ createdIncidents: [incident({ uuid: 'x', assignee: 'alice' })] }));
  const closed = await own.updateIncident('x', { state: 4, resolution: 2 }, '2021-06-10T00:00:00.000Z');
  assert.equal(closed?.state, 4);
  assert.equal(closed?.resolution, 2);
  assert.equal(closed?.assignee, 'alice', 'fields not named keep their value');
  assert.equal(closed?.updated, '2021-06-10T00:00:00.000Z');
  assert.deepEqual(await own.getIncident('x'), closed);
  assert.equal((await own.openIncidentsByKey([closed!.grouping_key], { from: '0000-01-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' })).size, 0, 'the state column was updated too');
  assert.equal((await own.listIncidents({ timeField: 'updated', from: '2021-06-10T00:00:00.000Z' }, ALL)).total, 1);
  const unassigned = await own.updateIncident('x', { assignee: null }, '2021-06-11T00:00:00.000Z');
  assert.equal(unassigned?.assignee, null);
  assert.equal(await own.updateIncident('missing', { state: 4 }, '2021-06-10T00:00:00.000Z'), undefined);
});

test('comments list newest first with a total; a comment on no incident is refused', async (t) => {
  const own = await openSqliteStore(':memory:');
  t.after(() => own.close());
  await own.commit(batch({ createdIncidents: [incident({ uuid: 'x' })] }));
  const comment = (text: string, time: string) => ({ comment: text, time, user_id: 1, incident_responder_name: 'admin' });
  assert.equal(await own.addComment('x', comment('first', '2021-06-08T20:00:00.000Z')), true);
  assert.equal(await own.addComment('x', comment('second', '2021-06-08T21:00:00.000Z')), true);
  assert.equal(await own.addComment('nowhere', comment('lost', '2021-06-08T22:00:00.000Z')), false);
  const page = await own.listComments('x', { offset: 0, limit: 1 });
  assert.deepEqual(page, { result: [comment('second', '2021-06-08T21:00:00.000Z')], total: 2 });
});

test('the audit log assigns uuid and log_time and lists newest first', async (t) => {
  const own = await openSqliteStore(':memory:');
  t.after(() => own.close());
  const entry = (message: string) => ({
    type_id: 21 as const, id: 2, feature_name: 'Incident', message, user_name: 'admin', user_uid: '1', user_agent_ip: '127.0.0.1',
    status_id: 1, status_detail: 'Success', device_time: '2022-12-25T20:16:39.824Z',
    entity_result: { type: 'Incident', uid: 'x', name: 'incident_management' },
  });
  const first = await own.appendAudit(entry('Incident Updated Successfully.'));
  const second = await own.appendAudit(entry('Incident Closed Successfully.'));
  assert.match(first.uuid, /^[0-9a-f-]{36}$/);
  assert.notEqual(first.uuid, second.uuid);
  assert.ok(!Number.isNaN(Date.parse(first.log_time)));
  const { result, total } = await own.listAudit(ALL);
  assert.equal(total, 2);
  assert.deepEqual(result, [second, first]);
});

test('listEvents by device_uid and by incident spans hours and honours the time range', async (t) => {
  const own = await openSqliteStore(':memory:');
  t.after(() => own.close());
  const at = (hour: number) => `2021-06-08T${String(hour).padStart(2, '0')}:30:00.000Z`;
  await own.commit(batch({
    events: [
      detection({ event_uuid: 'h1', device_uid: 'd1', device_time: at(1), incident: 'x' }),
      detection({ event_uuid: 'h5', device_uid: 'd1', device_time: at(5), incident: 'x' }),
      detection({ event_uuid: 'h9', device_uid: 'd1', device_time: at(9) }),
      detection({ event_uuid: 'other', device_uid: 'd2', device_time: at(5), incident: 'y' }),
    ],
  }));
  const uuids = async (filter: Parameters<Store['listEvents']>[0]) => (await own.listEvents(filter, ALL)).result.map((e) => e.event_uuid);
  assert.deepEqual(await uuids({ equals: { device_uid: 'd1' } }), ['h9', 'h5', 'h1']);
  assert.deepEqual(await uuids({ equals: { device_uid: 'd1' }, from: at(2), to: at(9) }), ['h9', 'h5']);
  assert.deepEqual(await uuids({ incident: 'x', order: 'asc' }), ['h1', 'h5']);
  assert.deepEqual(await uuids({ incident: 'x', from: at(3) }), ['h5']);
  assert.deepEqual(await uuids({ equals: { device_uid: 'nobody' } }), []);
  assert.deepEqual(await uuids({ equals: { device_time: '2021-06-08 05:30:00 UTC' } }), ['other', 'h5'], 'any time format matches the stored time');
});
