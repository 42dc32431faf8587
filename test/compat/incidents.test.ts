// Incidents over HTTPS as XSOAR, Phantom and Siemplify use them (reference §2.1–2.3, §4): the
// query bodies verbatim, the atp_incident_id → uuid lookup then PATCH by uuid, Siemplify's close +
// resolution in one call and its jump to the last page by rewriting the cursor, comments, and
// incidentevents with Siemplify's limit 5000.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import {
  assertError, assertFieldTypes, assertPage, decodeCursor, encodeCursor, ISO_MS, minutesAgo, startCompatServer, type CompatServer,
} from './client.ts';

// reference §4, incident_list_data.json.
const INCIDENT_FIELDS: Record<string, string> = {
  atp_incident_id: 'number', priority_level: 'number', state: 'number', resolution: 'number', uuid: 'string', rule_name: 'string',
  atp_rule_id: 'string', detection_type: 'string', summary: 'string', recommended_action: 'string', log_name: 'string',
  device_time: 'string', time: 'string', updated: 'string', first_event_seen: 'string', last_event_seen: 'string',
};
const INCIDENT_TIMES = ['device_time', 'time', 'updated', 'first_event_seen', 'last_event_seen'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_UUID = '9d6f2100-7158-11ed-da26-000000000001';

/**
 * The seed's IPS detection against `remoteIp`, `minutes` ago. One incident per remote party; the
 * SEP severity sets its priority (0–3 Critical → 3 High, 4–7 Major → 2 Medium, 12–15 Info → 1 Low).
 */
function detection(remoteIp: string, sepSeverity: number, minutes: number) {
  const time = minutesAgo(minutes);
  return { ...seedEvent(), external_ip: remoteIp, severity: sepSeverity, event_uuid: `compat-incident-${remoteIp}`, device_time: time, time, log_time: time };
}

interface Incident { uuid: string; atp_incident_id: number; priority_level: number; state: number; resolution: number; updated: string }

describe('compat: incidents (XSOAR, Phantom, Siemplify)', () => {
  let server: CompatServer;
  /** By priority: 3 High, 2 Medium, 1 Low. */
  const byPriority = new Map<number, Incident>();

  const queryIncidents = (body: unknown) => server.user.post('incidents', body);

  before(async () => {
    server = await startCompatServer();
    const posted = await server.ingest([detection('192.0.2.100', 3, 50), detection('198.51.100.7', 5, 40), detection('198.51.100.8', 13, 30)]);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.incidents.created.length, 3);
    for (const incident of (await queryIncidents({ verb: 'query', limit: 1000 })).body.result) byPriority.set(incident.priority_level, incident);
    assert.deepEqual([...byPriority.keys()].sort(), [1, 2, 3]);
  });
  after(() => server?.stop());

  test('XSOAR\'s connectivity test {"verb": "query", "limit": 1, "query": ""}: one incident, §4 fields and types, a base64 "<offset>,<time>" next', async () => {
    const page = await queryIncidents({ verb: 'query', limit: 1, query: '' });
    assertPage(page, 'incidents');
    assert.equal(page.body.total, 3);
    assert.equal(page.body.result.length, 1);
    const [incident] = page.body.result;
    assertFieldTypes(incident, INCIDENT_FIELDS, 'incident');
    for (const field of INCIDENT_TIMES) assert.match(incident[field], ISO_MS, field);
    assert.ok(Number.isInteger(incident.atp_incident_id) && incident.atp_incident_id >= 100000, 'atp_incident_id counts from 100000');
    assert.match(incident.uuid, UUID);
    assert.match(incident.log_name, /^epmp_incident-\d{4}-\d\d-\d\d$/);
    assert.ok([1, 2, 3].includes(incident.priority_level));
    assert.equal(incident.state, 1, 'a new incident is Open');
    assert.equal(incident.resolution, 4, 'a new incident\'s resolution is NOT_SET');
    const cursor = decodeCursor(page.body.next);
    assert.equal(cursor.offset, 1);
  });

  test('Phantom/XSOAR fetch "priority_level: (3 OR 2) AND state: (1)" with start_time 2023-01-01: the High and Medium open incidents', async () => {
    const page = await queryIncidents({ verb: 'query', limit: 50, query: 'priority_level: (3 OR 2) AND state: (1)', start_time: '2023-01-01T00:00:00.000Z' });
    assertPage(page, 'incidents');
    assert.deepEqual(page.body.result.map((incident: Incident) => incident.priority_level).sort(), [2, 3]);
    assert.equal(page.body.total, 2);
    assert.equal(page.body.next, null);
  });

  test('Siemplify\'s cursor rewrite: limit 1 for total and next, then base64("{total-limit},{time}") with limit 2 reads the last page', async () => {
    const query = `(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[${minutesAgo(24 * 60)} TO now]`;
    const probe = await queryIncidents({ verb: 'query', query, limit: 1, next: '' });
    assertPage(probe, 'probe');
    const { time } = decodeCursor(probe.body.next);
    const limit = 2;
    const last = await queryIncidents({ verb: 'query', query, limit, next: encodeCursor(probe.body.total - limit, time) });
    assertPage(last, 'last page');
    assert.equal(last.body.next, null, 'nothing follows the last page');
    assert.equal(last.body.total, probe.body.total);
    const everything = (await queryIncidents({ verb: 'query', query, limit: 1000 })).body.result;
    assert.deepEqual(last.body.result.map((incident: Incident) => incident.uuid), everything.slice(-limit).map((incident: Incident) => incident.uuid));
  });

  test('XSOAR: atp_incident_id → uuid lookup, then PATCH comment and close by uuid (204, empty body); "!state:4" stops matching it', async () => {
    const target = byPriority.get(1)!;
    const lookup = await server.admin.post('incidents', { verb: 'query', query: `atp_incident_id: ${target.atp_incident_id}` });
    assertPage(lookup, 'lookup');
    assert.deepEqual(lookup.body.result.map((incident: Incident) => incident.uuid), [target.uuid]);

    const commented = await server.admin.patch('incidents', [{ op: 'add', path: `/${target.uuid}/comments`, value: 'comment text (max 512 chars)' }]);
    assert.equal(commented.status, 204, JSON.stringify(commented.body));
    assert.equal(commented.body, undefined);
    const closed = await server.admin.patch('incidents', [{ op: 'replace', path: `/${target.uuid}/state`, value: 4 }]);
    assert.equal(closed.status, 204, JSON.stringify(closed.body));

    const open = await queryIncidents({
      verb: 'query', query: '(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[2020-06-08T15:39:55.616Z TO now]', limit: 1000, next: '',
    });
    assertPage(open, 'open incidents');
    assert.deepEqual(open.body.result.map((incident: Incident) => incident.priority_level).sort(), [2, 3]);

    const audit = await server.admin.post('auditevents', { verb: 'query', query: `entity_result.uid: ${target.uuid}` });
    const closing = audit.body.result.find((event: { message: string }) => event.message.startsWith('Incident Closed Successfully.'));
    assert.ok(closing, JSON.stringify(audit.body));
    assert.equal(closing.type_id, 21);
    assert.equal(closing.feature_name, 'Incident');
  });

  test('Siemplify closes and sets the resolution in one PATCH: 204, then state 4 and resolution 0 as numbers', async () => {
    const target = byPriority.get(2)!;
    const answer = await server.admin.patch('incidents', [
      { op: 'replace', path: `/${target.uuid}/state`, value: 4 },
      { op: 'replace', path: `/${target.uuid}/resolution`, value: 0 },
    ]);
    assert.equal(answer.status, 204, JSON.stringify(answer.body));
    const [incident] = (await queryIncidents({ verb: 'query', query: `atp_incident_id: ${target.atp_incident_id}` })).body.result;
    assert.equal(incident.state, 4);
    assert.equal(incident.resolution, 0);
    assert.ok(incident.updated > target.updated, 'updated moves so that clients see the change');
  });

  test('PATCH of an unknown uuid: 404 {status, error, message} with "Specified uuid could not be found"', async () => {
    const answer = await server.admin.patch('incidents', [{ op: 'replace', path: `/${UNKNOWN_UUID}/state`, value: 4 }]);
    assertError(answer, 404, /Specified uuid could not be found/);
    assert.equal(answer.body.error, 'Not Found');
  });

  test('a User-role client\'s PATCH is 403 {status, error, message} (Siemplify\'s SymantecATPTokenPermissionError) and changes nothing', async () => {
    const target = byPriority.get(3)!;
    assertError(await server.user.patch('incidents', [{ op: 'replace', path: `/${target.uuid}/state`, value: 4 }]), 403);
    const [incident] = (await queryIncidents({ verb: 'query', query: `atp_incident_id: ${target.atp_incident_id}` })).body.result;
    assert.equal(incident.state, 1);
  });

  test('comments: {"verb": "query", "limit": 20, "start_time": …} answers §2.3 records', async () => {
    const target = byPriority.get(3)!;
    const text = 'added as part of testing xsoar command examples';
    assert.equal((await server.admin.patch('incidents', [{ op: 'add', path: `/${target.uuid}/comments`, value: text }])).status, 204);
    const page = await server.user.post(`incidents/${target.uuid}/comments`, { verb: 'query', limit: 20, start_time: minutesAgo(24 * 60) });
    assertPage(page, 'comments');
    assert.equal(page.body.total, 1);
    const [comment] = page.body.result;
    assert.deepEqual(Object.keys(comment).sort(), ['comment', 'incident_responder_name', 'time', 'user_id']);
    assertFieldTypes(comment, { comment: 'string', time: 'string', user_id: 'number', incident_responder_name: 'string' }, 'comment');
    assert.equal(comment.comment, text);
    assert.match(comment.time, ISO_MS);
  });

  test('incidentevents: Siemplify\'s {"query": "incident:<uuid>", "limit": 5000} answers the incident\'s events', async () => {
    const target = byPriority.get(3)!;
    const page = await server.user.post('incidentevents', { verb: 'query', query: `incident:${target.uuid}`, limit: 5000 });
    assertPage(page, 'incidentevents');
    assert.equal(page.body.total, 1);
    const [event] = page.body.result;
    assertFieldTypes(event, { type_id: 'number', severity_id: 'number', device_time: 'string', event_uuid: 'string', incident: 'string', event_source: 'number' }, 'event');
    assert.equal(event.incident, target.uuid);
    assert.equal(event.type_id, 4124);
    assert.equal(event.event_source, 1, 'the event that triggered the incident');
  });

  test('envelope errors: a window over 7 days, a query over 10,240 characters, a v1 "where" verb → 400 {status, error, message}', async () => {
    const wide = await queryIncidents({ verb: 'query', start_time: '2022-12-01T00:00:00.000Z', end_time: '2022-12-08T00:00:00.001Z' });
    assertError(wide, 400, /^Max date range allowed by API is 7 days/);
    const week = await queryIncidents({ verb: 'query', start_time: '2022-12-01T00:00:00.000Z', end_time: '2022-12-08T00:00:00.000Z' });
    assertPage(week, 'exactly 7 days');
    assertPage(await queryIncidents({ verb: 'query', query: 'state: 1'.padEnd(10_240, ' ') }), 'a 10,240-character query');
    assertError(await queryIncidents({ verb: 'query', query: 'state: 1'.padEnd(10_241, ' ') }), 400);
    assertError(await queryIncidents({ verb: 'where', where: "updated>='2020-06-06T15:39:55.616Z'" }), 400);
  });
});
