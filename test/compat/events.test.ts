// Events, audit events, system activities and appliances over HTTPS as the clients call them
// (reference §1.2–1.3, §3, §5): XSOAR's lowercase `and` and `(1OR2)` joins, Phantom's and
// CyberDefend3r's paging with `next` and an otherwise unchanged body — through more than 250
// events while new ones keep arriving — and the §5.4 audit and system activity shapes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { assertError, assertFieldTypes, assertPage, decodeCursor, ISO_MS, minutesAgo, startCompatServer, type CompatServer } from './client.ts';

const PAGED_EVENTS = 260;
const PAGE_LIMIT = 100;
const PAGING_HOST = 'PAGING-HOST';
// XSOAR's events sit three days back, in a window of their own.
const XSOAR_MINUTES_AGO = 3 * 24 * 60;
const XSOAR_WINDOW = { start_time: minutesAgo(XSOAR_MINUTES_AGO + 60), end_time: minutesAgo(XSOAR_MINUTES_AGO - 60) };

// reference §5.4, audit_event_data.json (entity_result only on entity audits, type 21).
const AUDIT_FIELDS: Record<string, string> = {
  user_agent_ip: 'string', status_id: 'number', feature_name: 'string', device_ip: 'string', user_name: 'string', atp_node_role: 'number',
  category_id: 'number', device_uid: 'string', log_name: 'string', count: 'number', device_name: 'string', message: 'string', log_time: 'string',
  severity_id: 'number', device_cap: 'string', id: 'number', device_time: 'string', product_ver: 'string', device_end_time: 'string',
  type_id: 'number', uuid: 'string', product_name: 'string', status_detail: 'string', timezone: 'number', user_uid: 'string',
};
// reference §5.4, system_activity.json.
const SYSTEM_ACTIVITY_FIELDS: Record<string, string> = {
  timezone: 'number', atp_node_role: 'number', process: 'object', product_ver: 'string', device_name: 'string', status_id: 'number',
  device_time: 'string', feature_name: 'string', type_id: 'number', message: 'string', log_name: 'string',
};
const EVENT_FIELDS: Record<string, string> = {
  type_id: 'number', severity_id: 'number', status_id: 'number', device_time: 'string', log_time: 'string', event_uuid: 'string', device_uid: 'string',
};

function processEvent(device_name: string, device_time: string, extra: Record<string, unknown> = {}) {
  return { type_id: 8001, event_uuid: randomUUID(), device_time, device_uid: `uid-${device_name}`, device_name, process: { pid: 4242, name: 'notepad.exe' }, ...extra };
}

describe('compat: events, auditevents, systemactivities, appliances', () => {
  let server: CompatServer;

  before(async () => {
    server = await startCompatServer();
    const xsoarTime = (offset: number) => minutesAgo(XSOAR_MINUTES_AGO - offset);
    const events = [
      processEvent('XSOAR-1', xsoarTime(1), { severity_id: 1, status_id: 1 }),
      processEvent('XSOAR-2', xsoarTime(2), { severity_id: 2, status_id: 1 }),
      { ...processEvent('XSOAR-3', xsoarTime(3), { severity_id: 1, status_id: 2 }), type_id: 8007, external_ip: '203.0.113.5', external_port: 443 },
      ...Array.from({ length: PAGED_EVENTS }, (_, index) => processEvent(PAGING_HOST, minutesAgo(index + 2))),
    ];
    const posted = await server.ingest(events);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, events.length);
  });
  after(() => server?.stop());

  test('XSOAR\'s lowercase `and` and `(1OR2)` joins select the right events, with numeric codes', async () => {
    const names = async (query: string) => {
      const page = await server.user.post('events', { verb: 'query', query, ...XSOAR_WINDOW, limit: 50 });
      assertPage(page, query);
      return page.body.result.map((event: { device_name: string }) => event.device_name).sort();
    };
    assert.deepEqual(await names('severity_id: (1) and status_id: (1)'), ['XSOAR-1']);
    assert.deepEqual(await names('severity_id: (1OR2) and status_id: (1)'), ['XSOAR-1', 'XSOAR-2']);
    assert.deepEqual(await names('type_id: (8001OR8007) and status_id: (1OR2)'), ['XSOAR-1', 'XSOAR-2', 'XSOAR-3']);

    const page = await server.user.post('events', { verb: 'query', query: '', ...XSOAR_WINDOW });
    assert.equal(page.body.total, 3);
    for (const event of page.body.result) {
      assertFieldTypes(event, EVENT_FIELDS, 'event');
      assert.match(event.device_time, ISO_MS);
      assert.match(event.log_time, ISO_MS);
    }
    assert.deepEqual(page.body.result.map((event: { type_id: number }) => event.type_id), [8007, 8001, 8001], 'newest first');
  });

  test('Phantom/CyberDefend3r paging: more than 250 events, limit 100 and the same body but `next`, each exactly once while new events arrive', async () => {
    const body = { verb: 'query', query: `device_name: ${PAGING_HOST}`, start_time: minutesAgo(6 * 60), end_time: new Date().toISOString(), limit: PAGE_LIMIT };
    const expected = new Set<string>();
    for (const event of (await server.user.post('events', { ...body, limit: 1000 })).body.result) expected.add(event.event_uuid);
    assert.equal(expected.size, PAGED_EVENTS);

    const seen: string[] = [];
    const totals: number[] = [];
    const cursors: { offset: number; time: string }[] = [];
    let next = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await server.user.post('events', { ...body, next });
      assertPage(page, `page ${pages + 1}`);
      totals.push(page.body.total);
      seen.push(...page.body.result.map((event: { event_uuid: string }) => event.event_uuid));
      if (page.body.next === null) break;
      cursors.push(decodeCursor(page.body.next));
      next = page.body.next;
      // Late arrivals inside the window: one newer than every paged event, one among them.
      const arrivals = await server.ingest([processEvent(PAGING_HOST, new Date(Date.parse(body.end_time) - 1000).toISOString()), processEvent(PAGING_HOST, minutesAgo(100))]);
      assert.equal(arrivals.body.accepted, 2);
    }
    assert.deepEqual(cursors.map((cursor) => cursor.offset), [100, 200]);
    assert.equal(new Set(cursors.map((cursor) => cursor.time)).size, 1, 'every cursor carries the first page\'s query time');
    const twice = seen.filter((uuid, index) => seen.indexOf(uuid) !== index);
    assert.deepEqual(twice, [], 'no event is returned twice');
    assert.deepEqual([...expected].filter((uuid) => !seen.includes(uuid)), [], 'no event of the first page\'s query is skipped');
    assert.equal(seen.length, PAGED_EVENTS);
    assert.deepEqual(totals, [PAGED_EVENTS, PAGED_EVENTS, PAGED_EVENTS], 'every page reports the first page\'s total');
  });

  test('events: a window over 7 days and a limit over 1000 → 400 {status, error, message}', async () => {
    assertError(await server.user.post('events', { verb: 'query', start_time: '2023-02-16T00:00:00.000Z', end_time: '2023-02-23T12:01:30.519Z' }), 400, /^Max date range allowed by API is 7 days/);
    assertError(await server.user.post('events', { verb: 'query', limit: 1001 }), 400);
  });

  test('auditevents: token requests as type_id 20 (Logon), client creations (CLI and API) as type_id 21 (Create), in the §5.4 shape', async () => {
    const sessions = await server.admin.post('auditevents', { verb: 'query', query: 'type_id: 20', limit: 100 });
    assertPage(sessions, 'auditevents');
    const issued = sessions.body.result.filter((event: { feature_name: string }) => event.feature_name === 'OAuth');
    assert.ok(issued.length >= 2, 'the admin and user clients\' token requests');
    for (const event of issued) {
      assertFieldTypes(event, AUDIT_FIELDS, 'audit event');
      assert.deepEqual([event.type_id, event.id, event.status_id, event.category_id, event.atp_node_role, event.count, event.timezone], [20, 1, 1, 4, 5, 1, 0]);
      assert.equal(event.device_cap, 'EDR');
      assert.equal(event.device_end_time, event.device_time);
      assert.match(event.device_time, ISO_MS);
      assert.match(event.log_name, /^atp_audit_log-\d{4}-\d\d$/);
    }
    const entities = await server.admin.post('auditevents', { verb: 'query', query: 'type_id: 21 AND feature_name: "OAuth Client"' });
    const created = entities.body.result.filter((event: { id: number }) => event.id === 1);
    assert.deepEqual(created.map((event: { user_name: string }) => event.user_name).sort(), ['cli', server.clients.admin.client_id].sort(), 'the CLI created one client, the admin client the other');
    for (const event of created) assertFieldTypes(event, { ...AUDIT_FIELDS, entity_result: 'object' }, 'entity audit event');
    assertError(await server.user.post('auditevents', { verb: 'query' }), 403);
  });

  test('systemactivities: the server\'s start as type_id 1 in the §5.4 shape', async () => {
    const page = await server.user.post('systemactivities', { verb: 'query', query: 'message: "Vigil started"', next: '' });
    assertPage(page, 'systemactivities');
    assert.equal(page.body.total, 1);
    const [activity] = page.body.result;
    assertFieldTypes(activity, SYSTEM_ACTIVITY_FIELDS, 'system activity');
    assert.deepEqual([activity.type_id, activity.status_id, activity.atp_node_role, activity.timezone], [1, 1, 5, 0]);
    assert.equal(typeof activity.process.pid, 'number');
    assert.match(activity.log_name, /^atp_system_log-\d{4}-\d\d-\d\d$/);
  });

  test('appliances: GET answers the v1 appliance_list that XSOAR\'s first draft used as a connectivity test', async () => {
    const answer = await server.user.get('appliances');
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body), ['appliance_list']);
    assert.equal(answer.body.appliance_list.length, 1);
    const [appliance] = answer.body.appliance_list;
    assertFieldTypes(appliance, { appliance_id: 'string', appliance_name: 'string', software_version: 'string', appliance_time: 'string', role: 'string' }, 'appliance');
    assert.match(appliance.appliance_time, ISO_MS);
    assert.equal(appliance.role, 'endpoint, network scanner, management');
  });
});
