// Incident lifecycle through the native API: roles, state and resolution, comments, the audit
// log, closed incidents, listing, and persistence across a restart.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { bearer, getJson, PASSWORD, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const seedLater = (minutes: number, uuid: string) => ({
  ...seedEvent(), event_uuid: uuid, device_time: new Date(Date.parse('2021-06-08T20:08:00Z') + minutes * 60_000).toISOString(),
});

async function patch(vigil: TestVigil, id: string | number, body: unknown, token: string) {
  const response = await vigil.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: bearer(token), payload: body as object });
  return { status: response.statusCode, body: response.json() };
}

describe('incident lifecycle', () => {
  let vigil: TestVigil;
  before(async () => {
    vigil = await startTestVigil();
    await postEvents(vigil, seedEvent());
  });
  after(() => vigil.destroy());

  test('a viewer cannot change an incident; an analyst can', async () => {
    const denied = await patch(vigil, 100000, { state: 3 }, vigil.tokens.viewer);
    assert.equal(denied.status, 403);
    assert.match(denied.body.message, /viewer role may not change incidents/);
    const allowed = await patch(vigil, 100000, { state: 'In-Progress', assignee: 'analyst' }, vigil.tokens.analyst);
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.state, 3);
    assert.equal(allowed.body.assignee, 'analyst');
  });

  test('bad changes are refused with a reason', async () => {
    assert.equal((await patch(vigil, 100000, { state: 9 }, vigil.tokens.analyst)).status, 400);
    assert.equal((await patch(vigil, 100000, { resolution: 'FALSE_POSITIVE' }, vigil.tokens.analyst)).status, 400);
    assert.equal((await patch(vigil, 100000, {}, vigil.tokens.analyst)).status, 400);
    const missing = await patch(vigil, '00000000-0000-0000-0000-000000000000', { state: 4 }, vigil.tokens.analyst);
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /Specified uuid could not be found/);
  });

  test('comments are stored, limited to 512 characters, and listed', async () => {
    const add = (comment: string, token: string) => vigil.app.inject({ method: 'POST', url: '/api/v1/incidents/100000/comments', headers: bearer(token), payload: { comment } });
    assert.equal((await add('Beaconing every 15 minutes; checking Tomcat.', vigil.tokens.analyst)).statusCode, 201);
    assert.equal((await add('x'.repeat(513), vigil.tokens.analyst)).statusCode, 400);
    assert.equal((await add('viewers only read', vigil.tokens.viewer)).statusCode, 403);
    const comments = await getJson(vigil, '/api/v1/incidents/100000/comments');
    assert.equal(comments.body.total, 1);
    assert.equal(comments.body.result[0].comment, 'Beaconing every 15 minutes; checking Tomcat.');
    assert.equal(comments.body.result[0].incident_responder_name, 'analyst');

    // Characters, not UTF-16 units: each emoji is one character made of two units.
    assert.equal((await add('\u{1F600}'.repeat(512), vigil.tokens.analyst)).statusCode, 201);
    const emojiOver = await add('\u{1F600}'.repeat(513), vigil.tokens.analyst);
    assert.equal(emojiOver.statusCode, 400);
    assert.equal(emojiOver.json().message, 'a comment is at most 512 characters; this one has 513');
  });

  test('closing as FALSE_POSITIVE is stored and audited', async () => {
    const closed = await patch(vigil, 100000, { state: 4, resolution: 'FALSE_POSITIVE' }, vigil.tokens.analyst);
    assert.equal(closed.status, 200);
    assert.equal(closed.body.state, 4);
    assert.equal(closed.body.resolution, 2);
    const audit = await getJson(vigil, '/api/v1/audit?limit=50', vigil.tokens.admin);
    assert.equal(audit.status, 200);
    const closing = audit.body.result.find((event: any) => event.message.includes('Incident Closed Successfully.'));
    assert.ok(closing, 'closing is audited');
    assert.equal(closing.type_id, 21);
    assert.equal(closing.feature_name, 'Incident');
    assert.equal(closing.user_name, 'analyst');
    assert.equal(closing.entity_result.uid, closed.body.uuid);
    assert.ok(audit.body.result.some((event: any) => event.type_id === 21 && event.message === 'Incident comment added.'));
    assert.equal((await getJson(vigil, '/api/v1/audit', vigil.tokens.analyst)).status, 403, 'only admins read the audit log');
  });

  test('after an incident is closed the next matching event opens a new one', async () => {
    const answer = await postEvents(vigil, seedLater(30, 'after-close-1'));
    assert.equal(answer.body.incidents.created.length, 1);
    const fresh = await getJson(vigil, `/api/v1/incidents/${answer.body.incidents.created[0]}`);
    assert.equal(fresh.body.atp_incident_id, 100001);
    assert.equal(fresh.body.state, 1);
    const old = await getJson(vigil, '/api/v1/incidents/100000');
    assert.equal(old.body.state, 4, 'the closed incident is not reopened');
    assert.equal(old.body.event_count, 1);
  });

  test('an event far outside the window opens a new incident', async () => {
    const answer = await postEvents(vigil, seedLater(3 * 24 * 60, 'window-1'));
    assert.equal(answer.body.incidents.created.length, 1);
    const incident = await getJson(vigil, `/api/v1/incidents/${answer.body.incidents.created[0]}`);
    assert.equal(incident.body.atp_incident_id, 100002);
  });

  test('listing filters by state and priority, sorts, and pages with a cursor', async () => {
    const open = await getJson(vigil, '/api/v1/incidents?state=open');
    assert.deepEqual(open.body.result.map((incident: any) => incident.atp_incident_id).sort(), [100001, 100002]);
    const closed = await getJson(vigil, '/api/v1/incidents?state=4&priority=high');
    assert.deepEqual(closed.body.result.map((incident: any) => incident.atp_incident_id), [100000]);
    const ascending = await getJson(vigil, '/api/v1/incidents?sort=atp_incident_id&limit=2');
    assert.deepEqual(ascending.body.result.map((incident: any) => incident.atp_incident_id), [100000, 100001]);
    assert.equal(ascending.body.total, 3);
    assert.equal(Buffer.from(ascending.body.next, 'base64').toString().split(',')[0], '2');
    const next = await getJson(vigil, `/api/v1/incidents?sort=atp_incident_id&limit=2&next=${encodeURIComponent(ascending.body.next)}`);
    assert.deepEqual(next.body.result.map((incident: any) => incident.atp_incident_id), [100002]);
    assert.equal(next.body.next, null);
    assert.equal((await getJson(vigil, '/api/v1/incidents?state=sleeping')).status, 400);
    assert.equal((await getJson(vigil, '/api/v1/incidents?next=garbage')).status, 400);
  });

  test('a cursor this server could not have issued answers 400 in the error shape on every paged list, never 500', async () => {
    const cursor = (decoded: string) => encodeURIComponent(Buffer.from(decoded).toString('base64'));
    const forged: [url: string, problem: RegExp][] = [
      [`/api/v1/incidents?next=${cursor('1e20,2021-01-01T00:00:00Z')}`, /offset "1e20" is not a whole number/],
      [`/api/v1/events?next=${cursor('99999999999999999999,2021-01-01T00:00:00Z')}`, /offset "99999999999999999999" is not a whole number/],
      [`/api/v1/incidents/100000/comments?next=${cursor('1e20,2021-01-01T00:00:00Z')}`, /offset "1e20"/],
      [`/api/v1/incidents/100000/events?next=${cursor('-1,2021-01-01T00:00:00Z')}`, /offset "-1"/],
      [`/api/v1/dead-letters?next=${cursor('0,99999-01-01')}`, /query time "99999-01-01" is not a time/],
      [`/api/v1/endpoints?next=${cursor('0,+275760-09-13T00:00:00.000Z')}`, /query time/],
      [`/api/v1/audit?next=${cursor('5,-271821-04-20T00:00:00.000Z')}`, /query time/],
      [`/api/v1/incidents?next=${cursor('0,2021-01-01T00:00:00Z,extra')}`, /text with 2 commas, not "<offset>,<query time>"/],
    ];
    for (const [url, problem] of forged) {
      const answer = await getJson(vigil, url, vigil.tokens.admin);
      assert.equal(answer.status, 400, url);
      assert.deepEqual(Object.keys(answer.body), ['status', 'error', 'message'], url);
      assert.match(answer.body.message, /^next is not a cursor this server issued: /, url);
      assert.match(answer.body.message, problem, url);
    }
  });

  test('a cursor edited as Siemplify does, base64("{total-limit},{time}"), jumps to the last page', async () => {
    const first = await getJson(vigil, '/api/v1/incidents?sort=atp_incident_id&limit=2');
    const queryTime = Buffer.from(first.body.next, 'base64').toString().split(',')[1];
    const edited = Buffer.from(`${first.body.total - 2},${queryTime}`).toString('base64');
    const last = await getJson(vigil, `/api/v1/incidents?sort=atp_incident_id&limit=2&next=${encodeURIComponent(edited)}`);
    assert.equal(last.status, 200);
    assert.deepEqual(last.body.result.map((incident: any) => incident.atp_incident_id), [100001, 100002]);
    assert.equal(last.body.next, null);
  });

  test('pages keep to the first page\'s query time while incidents, comments and events arrive', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const ids = (page: { body: { result: { atp_incident_id: number }[] } }) => page.body.result.map((incident) => incident.atp_incident_id);
    const first = await getJson(vigil, '/api/v1/incidents?limit=1');
    await pause();
    assert.equal((await postEvents(vigil, seedLater(9 * 24 * 60, 'paging-new-incident'))).body.incidents.created.length, 1);
    const second = await getJson(vigil, `/api/v1/incidents?limit=1&next=${encodeURIComponent(first.body.next)}`);
    assert.notDeepEqual(ids(second), ids(first), 'the new incident does not push the first page\'s into the second');
    assert.equal(second.body.total, first.body.total);

    const comment = (text: string) => vigil.app.inject({ method: 'POST', url: '/api/v1/incidents/100001/comments', headers: bearer(vigil.tokens.analyst), payload: { comment: text } });
    await comment('older');
    await pause();
    await comment('newer');
    const newest = await getJson(vigil, '/api/v1/incidents/100001/comments?limit=1');
    await pause();
    await comment('newest, after the first page');
    const older = await getJson(vigil, `/api/v1/incidents/100001/comments?limit=1&next=${encodeURIComponent(newest.body.next)}`);
    assert.deepEqual([newest.body.result[0].comment, older.body.result[0].comment, older.body.total], ['newer', 'older', 2]);

    assert.equal((await postEvents(vigil, seedLater(40, 'paging-second-event'))).body.incidents.updated.length, 1);
    const events = await getJson(vigil, '/api/v1/incidents/100001/events?limit=1');
    await pause();
    assert.equal((await postEvents(vigil, seedLater(20, 'paging-late-event'))).body.incidents.updated.length, 1);
    const rest = await getJson(vigil, `/api/v1/incidents/100001/events?limit=1&next=${encodeURIComponent(events.body.next)}`);
    assert.deepEqual([events.body.result[0].event_uuid, rest.body.result[0].event_uuid], ['after-close-1', 'paging-second-event'],
      'the late event, older by device time, does not shift the paging');
    assert.equal(rest.body.total, events.body.total);
  });

  test('an admin creates users; others may not', async () => {
    const create = (token: string, body: object) => vigil.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: body });
    assert.equal((await create(vigil.tokens.analyst, { username: 'eve', role: 'admin', password: PASSWORD })).statusCode, 403);
    assert.equal((await create(vigil.tokens.admin, { username: 'bob', role: 'viewer', password: 'short' })).statusCode, 400);
    const created = await create(vigil.tokens.admin, { username: 'bob', role: 'viewer', password: PASSWORD });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().role, 'viewer');
    assert.equal(created.json().password_hash, undefined);
  });
});

describe('login and sessions', () => {
  let vigil: TestVigil;
  before(async () => { vigil = await startTestVigil(); });
  after(() => vigil.destroy());

  test('login returns a token and sets a strict HttpOnly cookie; wrong passwords are refused and audited', async () => {
    const ok = await vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password: PASSWORD } });
    assert.equal(ok.statusCode, 200);
    const { token, csrf_token: csrf } = ok.json();
    assert.match(token, /^vgs_/);
    const cookie = String(ok.headers['set-cookie']);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.equal((await getJson(vigil, '/api/v1/incidents', token)).status, 200);

    const wrong = await vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password: 'wrong password here' } });
    assert.equal(wrong.statusCode, 401);
    const audit = await getJson(vigil, '/api/v1/audit', vigil.tokens.admin);
    assert.ok(audit.body.result.some((event: any) => event.type_id === 20 && event.status_id === 2 && event.user_name === 'viewer'));
    assert.ok(audit.body.result.some((event: any) => event.type_id === 20 && event.status_id === 1 && event.user_name === 'viewer'));

    // A cookie session must send the CSRF header on writes.
    const sessionCookie = cookie.split(';')[0];
    const noCsrf = await vigil.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: sessionCookie } });
    assert.equal(noCsrf.statusCode, 403);
    const withCsrf = await vigil.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: sessionCookie, 'x-csrf-token': csrf } });
    assert.equal(withCsrf.statusCode, 204);
    assert.equal((await getJson(vigil, '/api/v1/incidents', token)).status, 401, 'the session is gone after logout');
  });

  test('every response carries a strict content security policy', async () => {
    const page = await vigil.app.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });
});

describe('restart', () => {
  test('a restarted server has every event, incident and account', async () => {
    const first = await startTestVigil();
    await postEvents(first, seedEvent());
    await postEvents(first, seedLater(5, 'restart-2'));
    const { dir } = first;
    await first.stop();

    const second = await startTestVigil({ dir });
    try {
      const incident = await getJson(second, '/api/v1/incidents/100000');
      assert.equal(incident.status, 200);
      assert.equal(incident.body.event_count, 2);
      assert.equal(incident.body.endpoints.length, 1);
      const more = await postEvents(second, seedLater(10, 'restart-3'));
      assert.deepEqual(more.body.incidents.updated, [incident.body.uuid], 'correlation continues after the restart');
      const resent = await postEvents(second, seedEvent());
      assert.equal(resent.body.duplicates, 1, 'deduplication survives the restart');
    } finally {
      await second.destroy();
    }
  });
});
