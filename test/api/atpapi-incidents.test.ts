// /atpapi/v2 incidents as Symantec EDR clients call them: the §2.1 query bodies verbatim, the §2.2
// PATCH bodies (close, Siemplify's close + resolution, comment), comments, the envelope's errors
// and the roles of OAuth clients.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { bearer, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const INCIDENT_FIELDS: Record<string, string> = {
  atp_incident_id: 'number', priority_level: 'number', state: 'number', resolution: 'number', uuid: 'string', rule_name: 'string',
  atp_rule_id: 'string', detection_type: 'string', summary: 'string', recommended_action: 'string', log_name: 'string',
  device_time: 'string', time: 'string', updated: 'string', first_event_seen: 'string', last_event_seen: 'string', event_count: 'number',
};
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('/atpapi/v2 incidents', () => {
  let vigil: TestVigil;
  let uuid: string;
  let userToken: string;
  let adminToken: string;

  const call = async (method: 'POST' | 'PATCH', url: string, payload: unknown, token = adminToken) => {
    const response = await vigil.app.inject({ method, url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
  const queryIncidents = (body: unknown, token?: string) => call('POST', '/atpapi/v2/incidents', body, token);
  const patch = (ops: unknown, token?: string) => call('PATCH', '/atpapi/v2/incidents', ops, token);

  async function oauthToken(role: 'admin' | 'user'): Promise<string> {
    const created = await vigil.app.inject({ method: 'POST', url: '/api/v1/oauth-clients', headers: bearer(vigil.tokens.admin), payload: { role } });
    const { client_id, client_secret } = created.json();
    const response = await vigil.app.inject({
      method: 'POST', url: '/atpapi/oauth2/tokens', payload: 'grant_type=client_credentials&scope=customer',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client_id}:${client_secret}`).toString('base64')}` },
    });
    return response.json().access_token;
  }

  before(async () => {
    vigil = await startTestVigil();
    const recent = new Date(Date.now() - 3600_000).toISOString();
    await postEvents(vigil, { ...seedEvent(), device_time: recent, time: recent, log_time: recent });
    adminToken = await oauthToken('admin');
    userToken = await oauthToken('user');
    uuid = (await queryIncidents({ verb: 'query', limit: 1, query: '' })).body.result[0].uuid;
  });
  after(() => vigil.destroy());

  test('§2.1 queries verbatim answer {result, next, total} with the documented fields and types', async () => {
    const first = await queryIncidents({ verb: 'query', limit: 1, query: '' });
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body).sort(), ['next', 'result', 'total']);
    assert.equal(first.body.total, 1);
    assert.equal(first.body.next, null);
    const incident = first.body.result[0];
    for (const [field, type] of Object.entries(INCIDENT_FIELDS)) assert.equal(typeof incident[field], type, field);
    for (const field of ['device_time', 'time', 'updated', 'first_event_seen', 'last_event_seen']) assert.match(incident[field], ISO_MS, field);
    assert.ok(Array.isArray(incident.deviceUid));
    assert.equal(incident.grouping_key, undefined, 'Vigil-only fields stay in /api/v1');

    const bodies = [
      { verb: 'query', limit: 50, query: 'priority_level: (3 OR 2) AND state: (1)', start_time: '2023-01-01T00:00:00.000Z' },
      { verb: 'query', query: '(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[2020-06-08T15:39:55.616Z TO now]', limit: 1000, next: '' },
      { verb: 'query', query: `atp_incident_id: ${incident.atp_incident_id}` },
    ];
    for (const body of bodies) {
      const answer = await queryIncidents(body, userToken);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.result.map((found: { uuid: string }) => found.uuid), [uuid], body.query);
    }
  });

  test('envelope errors: bad verb, bad query, a window over 7 days, a bad limit', async () => {
    const badVerb = await queryIncidents({ verb: 'where', query: '' });
    assert.equal(badVerb.status, 400);
    assert.deepEqual(Object.keys(badVerb.body).slice(0, 3), ['status', 'error', 'message']);
    const badQuery = await queryIncidents({ verb: 'query', query: 'state:(1 OR' });
    assert.equal(badQuery.status, 400);
    assert.match(badQuery.body.message, /position|expected/i);
    const wide = await queryIncidents({ verb: 'query', start_time: '2023-01-01T00:00:00.000Z', end_time: '2023-01-08T00:00:00.001Z' });
    assert.equal(wide.status, 400);
    assert.equal(wide.body.message, 'Max date range allowed by API is 7 days');
    assert.equal((await queryIncidents({ verb: 'query', start_time: '2023-01-01T00:00:00.000Z', end_time: '2023-01-08T00:00:00.000Z' })).status, 200);
    assert.equal((await queryIncidents({ verb: 'query', limit: 1001 })).status, 400);
  });

  test('PATCH: a user client gets 403; an unknown uuid 404 with the text Siemplify reads; nothing is half-applied', async () => {
    const close = [{ op: 'replace', path: `/${uuid}/state`, value: 4 }];
    assert.equal((await patch(close, userToken)).status, 403);
    const unknown = await patch([...close, { op: 'replace', path: '/00000000-0000-0000-0000-000000000000/state', value: 4 }]);
    assert.equal(unknown.status, 404);
    assert.match(unknown.body.message, /Specified uuid could not be found/);
    assert.equal((await queryIncidents({ verb: 'query', query: '' })).body.result[0].state, 1, 'the valid op was not applied either');
    assert.equal((await patch([{ op: 'replace', path: `/${uuid}/owner`, value: 1 }])).status, 400);
  });

  test('PATCH: an op without "value" answers 400 naming it, and nothing is applied', async () => {
    const noValue = await patch([{ op: 'add', path: `/${uuid}/comments`, value: 'kept back' }, { op: 'replace', path: `/${uuid}/state` }]);
    assert.equal(noValue.status, 400);
    assert.deepEqual(Object.keys(noValue.body), ['status', 'error', 'message']);
    assert.equal(noValue.body.message, `ops[1].value is required: the new state for /${uuid}/state`);
    assert.match((await patch([{ op: 'add', path: `/${uuid}/comments` }])).body.message, /^ops\[0\]\.value is required: the comment text/);
    assert.equal((await queryIncidents({ verb: 'query', query: '' })).body.result[0].state, 1);
    const comments = await call('POST', `/atpapi/v2/incidents/${uuid}/comments`, { verb: 'query' });
    assert.equal(comments.body.total, 0, 'the valid op beside it was not applied either');
  });

  test('malformed JSON answers 400 with line and column, as ingest does; prototype poisoning is still refused', async () => {
    const send = (method: 'POST' | 'PATCH', url: string, payload: string) => vigil.app.inject({ method, url, headers: { ...bearer(adminToken), 'content-type': 'application/json' }, payload });
    const malformed = await send('POST', '/atpapi/v2/incidents', '{"verb": "query",\n "limit": 5,,}');
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(malformed.json(), {
      status: 400, error: 'Bad Request', message: 'malformed JSON at line 2, column 13: expected a double-quoted property name, found ","', line: 2, column: 13,
    });
    const nativePatch = await send('PATCH', `/api/v1/incidents/${uuid}`, '{"state": 4');
    assert.equal(nativePatch.statusCode, 400);
    assert.match(nativePatch.json().message, /^malformed JSON at line 1, column 12: /);
    const poisoned = await send('PATCH', `/api/v1/incidents/${uuid}`, '{"__proto__": {"state": 4}}');
    assert.equal(poisoned.statusCode, 400);
    assert.match(poisoned.json().message, /"__proto__" key.*prototype poisoning/);
    assert.equal((await queryIncidents({ verb: 'query', query: '' })).body.result[0].state, 1);
  });

  test('PATCH §2.2: a comment, then Siemplify\'s close + resolution in one call: 204 and an audit event', async () => {
    const comment = await patch([{ op: 'add', path: `/${uuid}/comments`, value: 'comment text (max 512 chars)' }]);
    assert.equal(comment.status, 204);
    assert.equal((await patch([{ op: 'add', path: `/${uuid}/comments`, value: 'x'.repeat(513) }])).status, 400);
    const closed = await patch([{ op: 'replace', path: `/${uuid}/state`, value: 4 }, { op: 'replace', path: `/${uuid}/resolution`, value: 0 }]);
    assert.equal(closed.status, 204);
    assert.equal(closed.body, undefined);
    const incident = (await queryIncidents({ verb: 'query', query: `uuid: ${uuid}` })).body.result[0];
    assert.equal(incident.state, 4);
    assert.equal(incident.resolution, 0);
    const audit = (await vigil.store.listAudit({ offset: 0, limit: 100 })).result;
    const closing = audit.find((event) => event.message.startsWith('Incident Closed Successfully.'));
    assert.equal(closing?.feature_name, 'Incident');
  });

  test('comments: the query envelope, default limit 20, records as §2.3', async () => {
    for (let index = 0; index < 21; index++) await patch([{ op: 'add', path: `/${uuid}/comments`, value: `note ${index}` }]);
    const page = await call('POST', `/atpapi/v2/incidents/${uuid}/comments`, { verb: 'query', start_time: '2023-01-01T00:00:00.000Z' }, userToken);
    assert.equal(page.status, 200);
    assert.equal(page.body.result.length, 20);
    assert.ok(page.body.total >= 22);
    assert.equal(typeof page.body.next, 'string');
    const [first] = page.body.result;
    assert.deepEqual(Object.keys(first).sort(), ['comment', 'incident_responder_name', 'time', 'user_id']);
    assert.equal(typeof first.user_id, 'number');
    assert.match(first.time, ISO_MS);
    assert.equal((await call('POST', '/atpapi/v2/incidents/00000000-0000-0000-0000-000000000000/comments', { verb: 'query' })).status, 404);
  });

  test('pages keep to the first page\'s query time, also with an end_time after it: new incidents and comments shift nothing', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const window = { verb: 'query', start_time: new Date(Date.now() - 2 * 24 * 3600_000).toISOString(), end_time: new Date(Date.now() + 24 * 3600_000).toISOString() };
    const other = new Date(Date.now() - 30 * 3600_000).toISOString();
    await postEvents(vigil, { ...seedEvent(), event_uuid: 'atp-paging-1', device_time: other, time: other, log_time: other, external_ip: '198.51.100.77' });
    const first = await queryIncidents({ ...window, limit: 1 });
    await pause();
    const newest = new Date().toISOString();
    await postEvents(vigil, { ...seedEvent(), event_uuid: 'atp-paging-2', device_time: newest, time: newest, log_time: newest, external_ip: '198.51.100.78' });
    const second = await queryIncidents({ ...window, limit: 1, next: first.body.next });
    assert.notEqual(second.body.result[0].uuid, first.body.result[0].uuid);
    assert.equal(second.body.total, first.body.total);

    const comments = await call('POST', `/atpapi/v2/incidents/${uuid}/comments`, { verb: 'query', limit: 1 });
    await pause();
    await patch([{ op: 'add', path: `/${uuid}/comments`, value: 'posted while paging' }]);
    const more = await call('POST', `/atpapi/v2/incidents/${uuid}/comments`, { verb: 'query', limit: 1, next: comments.body.next });
    assert.notEqual(more.body.result[0].comment, comments.body.result[0].comment);
    assert.equal(more.body.total, comments.body.total);
  });
});
