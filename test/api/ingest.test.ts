// POST /api/v1/events: batches, idempotency, and an exact answer for every kind of bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { MAX_DEVICE_UID_LENGTH } from '../../src/ingest/field-values.ts';
import type { Store } from '../../src/store/index.ts';
import { bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { withCommit } from '../helpers/store-commit.ts';

function ipsEvent(n: number, overrides: Record<string, unknown> = {}) {
  return {
    type_id: 4124, event_id: 206, severity: 3, device_time: `2024-03-01T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    device_uid: `dev-${n}`, device_ip: `10.0.0.${n % 250}`, device_name: `HOST-${n}`, external_ip: '203.0.113.9', external_port: 443,
    traffic_direction: 2, network_protocol: 2, signature_id: 30001, signature_name: 'Attack: Test Signature', event_uuid: `ingest-test-${n}`, ...overrides,
  };
}

describe('ingest', () => {
  let vigil: TestVigil;
  before(async () => { vigil = await startTestVigil({ ingestBodyLimit: 64 * 1024 }); });
  after(() => vigil.destroy());

  test('a resent event is counted as a duplicate, not stored twice', async () => {
    const first = await postEvents(vigil, seedEvent());
    assert.equal(first.body.accepted, 1);
    const again = await postEvents(vigil, [seedEvent(), seedEvent()]);
    assert.equal(again.status, 200);
    assert.equal(again.body.accepted, 0);
    assert.equal(again.body.duplicates, 2);
    const events = await getJson(vigil, '/api/v1/events?event_uuid=39887aa0-c895-11eb-dcee-0000181b4915');
    assert.equal(events.body.total, 1);
    const incident = await getJson(vigil, '/api/v1/incidents/100000');
    assert.equal(incident.body.event_count, 1, 'a duplicate does not count towards the incident');
  });

  test('events without event_uuid are deduplicated by content', async () => {
    const { event_uuid: _uuid, ...withoutUuid } = ipsEvent(1);
    const first = await postEvents(vigil, withoutUuid);
    const second = await postEvents(vigil, { ...withoutUuid });
    assert.equal(first.body.accepted, 1);
    assert.equal(second.body.duplicates, 1);
  });

  test('a batch with good and bad events keeps the good ones and says what was wrong where', async () => {
    const batch = [
      ipsEvent(10),
      { ...ipsEvent(11), network_protocol: '3: TCP' },
      ipsEvent(12),
      { ...ipsEvent(13), type_id: undefined },
      'not an object',
      { ...ipsEvent(14), device_time: 'yesterday' },
    ];
    const answer = await postEvents(vigil, batch);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accepted, 2);
    const rejected = answer.body.rejected as { index: number; path: string; reason: string }[];
    assert.deepEqual(rejected.map((r) => [r.index, r.path]), [[1, '$.network_protocol'], [3, '$.type_id'], [4, '$'], [5, '$.device_time']]);
    for (const rejection of rejected) assert.ok(rejection.reason.length > 5, rejection.reason);
    const stored = await getJson(vigil, '/api/v1/events?signature_id=30001&limit=1000');
    assert.ok(stored.body.result.some((event: any) => event.event_uuid === 'ingest-test-10'));
    assert.ok(stored.body.result.some((event: any) => event.event_uuid === 'ingest-test-12'));
    assert.ok(!stored.body.result.some((event: any) => event.event_uuid === 'ingest-test-11'));
  });

  test('a detection whose device_uid or device_name is not text fails alone; the good detections beside it are stored', async () => {
    const batch = [
      ipsEvent(30),
      ipsEvent(31, { device_uid: { a: 1 } }),
      ipsEvent(32, { device_uid: true }),
      ipsEvent(33, { device_uid: [] }),
      ipsEvent(34, { device_name: { first: 'x' } }),
      ipsEvent(35, { device_uid: 'x'.repeat(257) }),
      ipsEvent(37, { device_name: 'N'.repeat(5000) }),
      ipsEvent(36, { device_uid: 4711 }),
    ];
    const answer = await postEvents(vigil, batch);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accepted, 3, 'a long host name is kept');
    assert.deepEqual(answer.body.rejected.map((r: { index: number; path: string }) => [r.index, r.path]),
      [[1, '$.device_uid'], [2, '$.device_uid'], [3, '$.device_uid'], [4, '$.device_name'], [5, '$.device_uid']]);
    const numbered = await getJson(vigil, '/api/v1/events?event_uuid=ingest-test-36');
    assert.equal(numbered.body.result[0].device_uid, '4711', 'a numbered host keeps its number as text');
    const good = await getJson(vigil, '/api/v1/events?event_uuid=ingest-test-30');
    assert.equal(good.body.total, 1);
  });

  test('a batch where everything is rejected answers 400 with the rejections', async () => {
    const answer = await postEvents(vigil, [{ nothing: 'here' }]);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.accepted, 0);
    assert.equal(answer.body.rejected[0].path, '$.type_id');
  });

  test('NDJSON: a malformed line is rejected with line and column, the others kept', async () => {
    const body = [JSON.stringify(ipsEvent(20)), '{"type_id": 4124, "device_time": ', JSON.stringify(ipsEvent(21)), ''].join('\n');
    const response = await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...bearer(vigil.tokens.ingest), 'content-type': 'application/x-ndjson' }, payload: body });
    assert.equal(response.statusCode, 200);
    const answer = response.json();
    assert.equal(answer.accepted, 2);
    assert.equal(answer.rejected.length, 1);
    assert.equal(answer.rejected[0].line, 2);
    assert.ok(answer.rejected[0].column >= 1);
  });

  test('malformed JSON answers 400 naming line and column', async () => {
    const response = await vigil.app.inject({
      method: 'POST', url: '/api/v1/events', headers: { ...bearer(vigil.tokens.ingest), 'content-type': 'application/json' },
      payload: '[\n  {"type_id": 4124},\n  {"type_id": 4124,, }\n]',
    });
    assert.equal(response.statusCode, 400);
    const body = response.json();
    assert.equal(body.status, 400);
    assert.equal(body.error, 'Bad Request');
    assert.equal(body.line, 3);
    assert.match(body.message, /line 3, column \d+/);
  });

  test('ids as long as ingest accepts them are readable by path; the router\'s own refusals use the API\'s error shape', async () => {
    for (const length of [120, 128]) {
      const eventUuid = `sepm-${'x'.repeat(length - 5)}`;
      const deviceUid = `device-${length}-${'d'.repeat(MAX_DEVICE_UID_LENGTH - 12)}`.slice(0, MAX_DEVICE_UID_LENGTH);
      assert.equal((await postEvents(vigil, ipsEvent(900 + length, { event_uuid: eventUuid, device_uid: deviceUid }))).body.accepted, 1);
      const event = await getJson(vigil, `/api/v1/events/${eventUuid}`);
      assert.equal(event.status, 200, JSON.stringify(event.body));
      assert.equal(event.body.event_uuid, eventUuid);
      const endpoint = await getJson(vigil, `/api/v1/entities/endpoints/${encodeURIComponent(deviceUid)}`);
      assert.equal(endpoint.status, 200, JSON.stringify(endpoint.body));
    }
    const badEncoding = await getJson(vigil, '/api/v1/incidents/%E0%A4%A');
    assert.deepEqual(badEncoding, {
      status: 400,
      body: { status: 400, error: 'Bad Request', message: 'the path /api/v1/incidents/%E0%A4%A is not valid percent-encoding: encode each id with encodeURIComponent' },
    });
    const tooLong = await getJson(vigil, `/api/v1/events/${'x'.repeat(MAX_DEVICE_UID_LENGTH + 1)}`);
    assert.equal(tooLong.status, 414);
    assert.deepEqual(Object.keys(tooLong.body), ['status', 'error', 'message']);
    assert.equal(tooLong.body.error, 'URI Too Long');
    assert.match(tooLong.body.message, new RegExp(`longer than ${MAX_DEVICE_UID_LENGTH} characters`));
    const refused = await vigil.app.inject({ method: 'GET', url: '/api/v1/incidents/%E0%A4%A' });
    assert.match(String(refused.headers['content-security-policy']), /default-src 'self'/, 'router refusals carry the security headers too');
    assert.equal(refused.headers['x-frame-options'], 'DENY');
  });

  test('a body over the limit answers 413', async () => {
    const big = JSON.stringify(Array.from({ length: 400 }, (_, n) => ipsEvent(1000 + n, { padding: 'x'.repeat(200) })));
    const response = await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...bearer(vigil.tokens.ingest), 'content-type': 'application/json' }, payload: big });
    assert.equal(response.statusCode, 413);
    assert.match(response.json().message, /limit of 65536 bytes/);
  });

  test('no token or a bad token answers 401; an ingest token may not read', async () => {
    const none = await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(none.statusCode, 401);
    assert.deepEqual(Object.keys(none.json()).sort(), ['error', 'message', 'status']);
    const bad = await postEvents(vigil, ipsEvent(30), 'vgi_not-a-real-token');
    assert.equal(bad.status, 401);
    assert.match(bad.body.message, /invalid_token/);
    for (const url of ['/api/v1/events', '/api/v1/incidents', '/api/v1/incidents/100000', '/api/v1/endpoints']) {
      const read = await getJson(vigil, url, vigil.tokens.ingest);
      assert.equal(read.status, 403, url);
    }
  });

  test('a viewer may read but not send events', async () => {
    const answer = await postEvents(vigil, ipsEvent(40), vigil.tokens.viewer);
    assert.equal(answer.status, 403);
  });
});

describe('backpressure', () => {
  test('a full queue answers 429 with Retry-After and drops nothing it accepted', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slowCommits = (store: Store): Store => withCommit(store, async (batch, stored) => { await gate; return stored(batch); });
    const vigil = await startTestVigil({ maxQueuedEvents: 2, wrapStore: slowCommits });
    try {
      const first = postEvents(vigil, [ipsEvent(50), ipsEvent(51)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await postEvents(vigil, ipsEvent(52));
      assert.equal(second.status, 429);
      const response = await vigil.app.inject({ method: 'POST', url: '/api/v1/events', headers: { ...bearer(vigil.tokens.ingest), 'content-type': 'application/json' }, payload: JSON.stringify(ipsEvent(53)) });
      assert.equal(response.statusCode, 429);
      assert.equal(response.headers['retry-after'], '1');
      release();
      assert.equal((await first).body.accepted, 2);
      const retried = await postEvents(vigil, ipsEvent(52));
      assert.equal(retried.body.accepted, 1);
    } finally {
      release();
      await vigil.destroy();
    }
  });
});
