// The console's server side (docs/API.md, "Console API"): the live incident stream over real HTTP,
// the dashboard overview, the search histogram, the incident timeline and the entity pages, over
// the founding scenario (the seed's event from six endpoints) and a little benign noise; each
// answer checked against the OpenAPI document too.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { get, type IncomingMessage, type ServerResponse } from 'node:http';
import { after, before, describe, mock, test } from 'node:test';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { IncidentStream } from '../../src/api/incident-stream.ts';
import { BEACONING_ENDPOINTS, beaconingEvents, benignNoise, seedEvent } from '../../src/cli/demo-data.ts';
import { BUILTIN_CATALOG, useAttackCatalog } from '../../src/enrich/index.ts';
import { IncidentFeed } from '../../src/incidents/index.ts';
import { bearer, getJson, PASSWORD, postEvents, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const SEED_DEVICE = seedEvent().device_uid;
const REMOTE_IP = '192.0.2.100';
const NOISE_IP = '198.51.100.20';
/** The scenario's days: its events are from June 2021. */
const JUNE_2021 = 'start_time=2021-06-01T00:00:00Z&end_time=2021-06-30T23:59:59Z';
/** One event of the seed's endpoint, two of each of the five others. */
const FLEET = beaconingEvents(2);
const NOISE = benignNoise(10);
const SCENARIO_EVENTS = 1 + FLEET.length;

interface ServerSentEvent { event: string; data: string }

/**
 * An open GET /api/v1/stream, read as a browser's EventSource does: its events one at a time,
 * comments (keep-alives) skipped. Over a connection of its own (fetch's pool would open a spare
 * one when the stream is aborted, and the server's close would wait for that).
 */
async function openStream(base: string, headers: Record<string, string>) {
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    get(`${base}/api/v1/stream`, { headers, agent: false }, resolve).on('error', reject);
  });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/event-stream/);
  response.setEncoding('utf8');
  const chunks = response[Symbol.asyncIterator]();
  let buffered = '';
  return {
    async next(): Promise<ServerSentEvent> {
      for (;;) {
        const end = buffered.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const fields = frame.split('\n').filter((line) => !line.startsWith(':'));
          if (fields.length === 0) continue;
          const value = (name: string) => fields.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2)).join('\n');
          return { event: value('event'), data: value('data') };
        }
        const chunk = await chunks.next();
        if (chunk.done) throw new Error('the stream ended');
        buffered += chunk.value as string;
      }
    },
    close: () => response.destroy(),
  };
}

describe('console API over the founding scenario', () => {
  let vigil: TestVigil;
  let base: string;
  let ajv: Ajv;
  let incidentUuid: string;

  /** Asserts that an answer is what the OpenAPI document says `path` answers with `status`. */
  function assertDocumented(path: string, status: number, body: unknown): void {
    const pointer = ['paths', path, 'get', 'responses', String(status), 'content', 'application/json', 'schema']
      .map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
    const validate = ajv.compile({ $ref: `openapi#/${pointer}` });
    assert.ok(validate(body), `GET ${path} ${status} does not match the document: ${ajv.errorsText(validate.errors)}`);
  }

  async function read(url: string, documentedPath: string, status = 200) {
    const answer = await getJson(vigil, url);
    assert.equal(answer.status, status, `${url}: ${JSON.stringify(answer.body)}`);
    assertDocumented(documentedPath, status, answer.body);
    return answer.body;
  }

  before(async () => {
    vigil = await startTestVigil();
    base = await vigil.app.listen({ host: '127.0.0.1', port: 0 });
    const doc = await getJson(vigil, '/api/docs');
    ajv = new Ajv({ strict: false, allErrors: true });
    ajvFormats.default(ajv);
    ajv.addSchema(doc.body, 'openapi');
  });
  after(() => vigil.destroy());

  test('the stream (session cookie) announces the new incident, then its growth, each with the incident as GET answers it', async () => {
    const login = await vigil.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'viewer', password: PASSWORD } });
    assert.equal(login.statusCode, 200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const stream = await openStream(base, { cookie });
    try {
      const posted = await postEvents(vigil, seedEvent());
      incidentUuid = posted.body.incidents.created[0];
      const created = await stream.next();
      assert.equal(created.event, 'incident');
      const announcement = JSON.parse(created.data);
      assert.equal(announcement.kind, 'created');
      assert.equal(announcement.uuid, incidentUuid);
      assert.ok(!Number.isNaN(Date.parse(announcement.at)));
      assert.deepEqual(announcement.incident, (await getJson(vigil, `/api/v1/incidents/${incidentUuid}`)).body);
      assert.equal(announcement.incident.endpoints.length, 1);

      assert.equal((await postEvents(vigil, [...FLEET, ...NOISE])).status, 200);
      const updated = JSON.parse((await stream.next()).data);
      assert.equal(updated.kind, 'updated');
      assert.equal(updated.incident.endpoints.length, 6);
      assert.equal(updated.incident.events_total, SCENARIO_EVENTS);
    } finally {
      stream.close();
    }
  });

  test('the overview counts the scenario: one open high incident, the signature and the remote party on six endpoints, its tactic', async () => {
    const overview = await read(`/api/v1/stats/overview?${JUNE_2021}`, '/api/v1/stats/overview');
    assert.deepEqual(overview.open_by_priority, { 1: 0, 2: 0, 3: 1 });
    assert.equal(overview.incidents_over_time.buckets.reduce((sum: number, bucket: any) => sum + bucket.count, 0), 1);
    assert.ok(overview.incidents_over_time.buckets.length <= 61);
    assert.deepEqual(overview.top_signatures, [
      { signature_id: 32350, signature_name: 'System Infected: Trojan.Trickybot Activity 15', events: SCENARIO_EVENTS, endpoints: 6 },
    ]);
    assert.deepEqual(overview.top_remote, [
      { external_ip: REMOTE_IP, events: SCENARIO_EVENTS, endpoints: 6 },
      { external_ip: NOISE_IP, events: NOISE.filter((event) => event.external_ip === NOISE_IP).length, endpoints: 5 },
    ]);
    assert.equal(overview.top_endpoints.length, 6);
    const seedEndpoint = overview.top_endpoints.find((row: any) => row.device_uid === SEED_DEVICE);
    assert.deepEqual(seedEndpoint, { device_uid: SEED_DEVICE, device_name: 'TOMCAT-PROD-01', device_ip: '192.0.2.10', events: 1, incidents: 1 });
    assert.ok(overview.top_endpoints.every((row: any) => row.incidents === 1));
    assert.deepEqual(overview.tactics, [{
      tactic_uid: 'TA0011', tactic_name: 'Command and Control', incidents: 1,
      techniques: [{ technique_uid: 'T1071', technique_name: 'Application Layer Protocol', incidents: 1 }],
    }]);

    const top = await read(`/api/v1/stats/overview?${JUNE_2021}&top=1`, '/api/v1/stats/overview');
    assert.equal(top.top_remote.length, 1);
    assert.equal(top.top_endpoints.length, 1);
  });

  test('the overview names tactics and techniques as the ATT&CK catalog in use does', async () => {
    useAttackCatalog({
      ...BUILTIN_CATALOG,
      tactics: BUILTIN_CATALOG.tactics.map((tactic) => (tactic.id === 'TA0011' ? { ...tactic, name: 'Command and Control (renamed)' } : tactic)),
      techniques: BUILTIN_CATALOG.techniques.map((technique) => (technique.id === 'T1071' ? { ...technique, name: 'Layered Protocol' } : technique)),
    });
    try {
      const { tactics } = await read(`/api/v1/stats/overview?${JUNE_2021}`, '/api/v1/stats/overview');
      assert.equal(tactics[0].tactic_name, 'Command and Control (renamed)');
      assert.equal(tactics[0].techniques[0].technique_name, 'Layered Protocol');
    } finally {
      useAttackCatalog(undefined);
    }
  });

  test('the overview defaults to the last 30 days and refuses bad parameters', async () => {
    const recent = await read('/api/v1/stats/overview', '/api/v1/stats/overview');
    assert.deepEqual([recent.top_signatures, recent.top_remote, recent.tactics], [[], [], []], 'the 2021 scenario is older than 30 days');
    assert.deepEqual(recent.open_by_priority, { 1: 0, 2: 0, 3: 1 }, 'open incidents count whenever their events happened');
    for (const query of ['top=51', 'top=0', 'buckets=abc', 'start_time=yesterday', 'start_time=2021-06-30T00:00:00Z&end_time=2021-06-01T00:00:00Z']) {
      const answer = await read(`/api/v1/stats/overview?${query}`, '/api/v1/stats/overview', 400);
      assert.ok(answer.message.length > 0, query);
    }
  });

  test('the histogram adds up to the events the same query and window list; a syntax error answers 400 with its position', async () => {
    for (const q of ['', `external_ip:${REMOTE_IP}`, `device_uid:"${SEED_DEVICE}" OR type_id:8001`, 'NOT signature_id:32350']) {
      const histogram = await read(`/api/v1/events/histogram?${JUNE_2021}&q=${encodeURIComponent(q)}&buckets=30`, '/api/v1/events/histogram');
      const events = await getJson(vigil, `/api/v1/events?from=2021-06-01T00:00:00Z&to=2021-06-30T23:59:59Z&q=${encodeURIComponent(q)}&limit=1`);
      assert.equal(histogram.total, events.body.total, q);
      assert.equal(histogram.buckets.reduce((sum: number, bucket: any) => sum + bucket.count, 0), histogram.total, q);
      assert.ok(histogram.buckets.length <= 31);
      const starts = histogram.buckets.map((bucket: any) => Date.parse(bucket.start));
      assert.ok(starts.every((start: number, index: number) => index === 0 || start - starts[index - 1] === histogram.interval_ms), 'consecutive buckets');
    }
    const scenario = await read(`/api/v1/events/histogram?${JUNE_2021}&q=external_ip:${REMOTE_IP}`, '/api/v1/events/histogram');
    assert.equal(scenario.total, SCENARIO_EVENTS);

    const bad = await read(`/api/v1/events/histogram?${JUNE_2021}&q=${encodeURIComponent('external_ip:(')}`, '/api/v1/events/histogram', 400);
    assert.equal(bad.position, 13);
    assert.ok(bad.expected);
    await read('/api/v1/events/histogram?buckets=1001', '/api/v1/events/histogram', 400);
  });

  test('the timeline has a series per endpoint over the incident\'s lifetime, the beacons in it', async () => {
    const timeline = await read('/api/v1/incidents/100000/timeline?buckets=40', '/api/v1/incidents/{id}/timeline');
    const incident = (await getJson(vigil, `/api/v1/incidents/${incidentUuid}`)).body;
    assert.equal(timeline.start, incident.first_event_seen);
    assert.equal(timeline.end, incident.last_event_seen);
    assert.equal(timeline.series.length, 6);
    assert.equal(timeline.series[0].device_ip, '192.0.2.10', 'in the order the endpoints joined');
    const countOf = (series: any) => series.buckets.reduce((sum: number, bucket: any) => sum + bucket.count, 0);
    assert.equal(countOf(timeline.series[0]), 1);
    for (const endpoint of BEACONING_ENDPOINTS) {
      const series = timeline.series.find((candidate: any) => candidate.device_uid === endpoint.device_uid);
      assert.deepEqual([series.device_name, series.device_ip, countOf(series)], [endpoint.device_name, endpoint.device_ip, 2]);
      assert.deepEqual(series.buckets.map((bucket: any) => bucket.start), timeline.series[0].buckets.map((bucket: any) => bucket.start));
    }
    assert.deepEqual(await read(`/api/v1/incidents/${incidentUuid}/timeline?buckets=40`, '/api/v1/incidents/{id}/timeline'), timeline);
    await read('/api/v1/incidents/999999/timeline', '/api/v1/incidents/{id}/timeline', 404);
  });

  test('the endpoint page: addresses, first and last seen, events and incidents', async () => {
    const page = await read(`/api/v1/entities/endpoints/${SEED_DEVICE}`, '/api/v1/entities/endpoints/{device_uid}');
    assert.deepEqual(page, {
      device_uid: SEED_DEVICE, device_name: 'TOMCAT-PROD-01', device_ips: ['192.0.2.10'],
      first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z', events: 1,
      incidents: [{
        uuid: incidentUuid, atp_incident_id: 100000, summary: page.incidents[0].summary, priority_level: 3, state: 1,
        first_event_seen: '2021-06-08T20:08:00.000Z', last_event_seen: page.incidents[0].last_event_seen,
      }],
      incidents_total: 1,
    });
    const noisy = await read(`/api/v1/entities/endpoints/${BEACONING_ENDPOINTS[0].device_uid}`, '/api/v1/entities/endpoints/{device_uid}');
    assert.equal(noisy.events, 2 + NOISE.filter((event) => event.device_uid === BEACONING_ENDPOINTS[0].device_uid).length);
    await read('/api/v1/entities/endpoints/never-seen', '/api/v1/entities/endpoints/{device_uid}', 404);
  });

  test('the remote address and domain pages: which endpoints reached it, when, under which signature, its incident', async () => {
    const ip = await read(`/api/v1/entities/ips/${REMOTE_IP}`, '/api/v1/entities/ips/{ip}');
    assert.equal(ip.ip, REMOTE_IP);
    assert.equal(ip.events, SCENARIO_EVENTS);
    assert.equal(ip.endpoints_total, 6);
    assert.deepEqual(new Set(ip.endpoints.map((row: any) => row.device_uid)), new Set([SEED_DEVICE, ...BEACONING_ENDPOINTS.map((endpoint) => endpoint.device_uid)]));
    assert.deepEqual(ip.endpoints.find((row: any) => row.device_uid === SEED_DEVICE),
      { device_uid: SEED_DEVICE, device_name: 'TOMCAT-PROD-01', device_ip: '192.0.2.10', events: 1, first_seen: '2021-06-08T20:08:00.000Z', last_seen: '2021-06-08T20:08:00.000Z' });
    assert.equal(ip.first_seen, '2021-06-08T20:08:00.000Z');
    assert.deepEqual(ip.signatures, [{ signature_id: 32350, signature_name: 'System Infected: Trojan.Trickybot Activity 15', events: SCENARIO_EVENTS }]);
    assert.deepEqual(ip.incidents.map((brief: any) => brief.uuid), [incidentUuid]);
    assert.equal(ip.incidents_total, 1);

    // The seed names its domain as a whole URL in data_source_url_domain; case does not matter.
    const domain = await read('/api/v1/entities/domains/Source.URL.example.com', '/api/v1/entities/domains/{domain}');
    assert.equal(domain.domain, 'source.url.example.com');
    assert.equal(domain.events, SCENARIO_EVENTS);
    assert.equal(domain.endpoints_total, 6);
    const noise = await read('/api/v1/entities/domains/updates.example.org', '/api/v1/entities/domains/{domain}');
    assert.equal(noise.events, NOISE.filter((event) => event.data_source_url_domain === 'updates.example.org').length);
    assert.deepEqual(noise.signatures, []);

    const outside = `start_time=2022-01-01T00:00:00Z&end_time=2022-12-31T00:00:00Z`;
    await read(`/api/v1/entities/ips/${REMOTE_IP}?${outside}`, '/api/v1/entities/ips/{ip}', 404);
    await read(`/api/v1/entities/ips/${REMOTE_IP}?${JUNE_2021}`, '/api/v1/entities/ips/{ip}');
    await read('/api/v1/entities/ips/203.0.113.9', '/api/v1/entities/ips/{ip}', 404);
    await read('/api/v1/entities/ips/not-an-ip', '/api/v1/entities/ips/{ip}', 400);
    await read('/api/v1/entities/domains/never.example.net', '/api/v1/entities/domains/{domain}', 404);
    await read(`/api/v1/entities/domains/${encodeURIComponent('bad domain')}`, '/api/v1/entities/domains/{domain}', 400);
  });

  test('every console route lets a viewer read, refuses an ingest token (403) and no credential (401)', async () => {
    const urls = [
      '/api/v1/stats/overview', '/api/v1/events/histogram', '/api/v1/incidents/100000/timeline', `/api/v1/entities/endpoints/${SEED_DEVICE}`,
      `/api/v1/entities/ips/${REMOTE_IP}`, '/api/v1/entities/domains/source.url.example.com',
    ];
    for (const url of urls) {
      assert.equal((await getJson(vigil, url, vigil.tokens.viewer)).status, 200, url);
      assert.equal((await getJson(vigil, url, vigil.tokens.ingest)).status, 403, url);
      assert.equal((await vigil.app.inject({ method: 'GET', url })).statusCode, 401, url);
    }
    assert.equal((await vigil.app.inject({ method: 'GET', url: '/api/v1/stream', headers: bearer(vigil.tokens.ingest) })).statusCode, 403);
    assert.equal((await vigil.app.inject({ method: 'GET', url: '/api/v1/stream' })).statusCode, 401);
    const head = await vigil.app.inject({ method: 'HEAD', url: '/api/v1/stream', headers: bearer(vigil.tokens.viewer) });
    assert.deepEqual([head.statusCode, head.headers['content-type']], [200, 'text/event-stream; charset=utf-8'], 'HEAD answers at once');
  });

  test('the stream (bearer) announces closing; an analyst\'s change reaches it', async () => {
    const stream = await openStream(base, bearer(vigil.tokens.viewer));
    try {
      const closed = await sendJson(vigil, 'PATCH', '/api/v1/incidents/100000', { state: 4, resolution: 3 }, vigil.tokens.analyst);
      assert.equal(closed.status, 200);
      const announcement = JSON.parse((await stream.next()).data);
      assert.deepEqual([announcement.kind, announcement.uuid, announcement.incident.state, announcement.incident.resolution], ['closed', incidentUuid, 4, 3]);
    } finally {
      stream.close();
    }
    const overview = await read(`/api/v1/stats/overview?${JUNE_2021}`, '/api/v1/stats/overview');
    assert.deepEqual(overview.open_by_priority, { 1: 0, 2: 0, 3: 0 });
  });
});

/** A stand-in for a connection's ServerResponse, its unsent output under the test's control. */
class FakeResponse extends EventEmitter {
  written = '';
  writableLength = 0;
  destroyed = false;
  ended = false;
  #waiting?: () => void;

  writeHead(): this { return this; }
  write(text: string): boolean {
    this.written += text;
    this.#waiting?.();
    return true;
  }
  end(): void {
    this.ended = true;
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
  /** The announcements written so far: [kind, uuid]. */
  announcements(): [string, string][] {
    return [...this.written.matchAll(/"kind":"(\w+)","uuid":"([^"]+)"/g)].map((match) => [match[1], match[2]]);
  }
  /** Resolves once `count` announcements have been written. */
  announced(count = 1): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting = () => this.announcements().length >= count && resolve();
      this.#waiting();
    });
  }
}

describe('the incident stream\'s connections', () => {
  let vigil: TestVigil;
  let uuid: string;
  let other: string;
  before(async () => {
    vigil = await startTestVigil();
    uuid = (await postEvents(vigil, seedEvent())).body.incidents.created[0];
    other = (await postEvents(vigil, { ...seedEvent(), event_uuid: 'another-party', external_ip: '203.0.113.7' })).body.incidents.created[0];
  });
  after(() => vigil.destroy());

  const open = (stream: IncidentStream, allowed = true) => {
    const response = new FakeResponse();
    stream.open(response as unknown as ServerResponse, async () => allowed);
    return response;
  };

  test('a client that stops reading is dropped, the others served; the feed never waits and is left when the last one goes', async () => {
    const feed = new IncidentFeed();
    const errors: unknown[] = [];
    const stream = new IncidentStream(vigil.store, feed, (error) => errors.push(error));
    const stalled = open(stream);
    const reading = open(stream);
    assert.equal(feed.listenerCount, 1, 'one subscription serves every connection');
    stalled.writableLength = 5 * 1024 * 1024;

    feed.publish({ kind: 'updated', uuid, at: new Date().toISOString() });
    await reading.announced();
    assert.equal(stalled.destroyed, true);
    assert.ok(!stalled.written.includes('event: incident'));
    assert.equal(stream.connectionCount, 1);
    assert.match(reading.written, /^: connected\n\nevent: incident\ndata: \{"kind":"updated"/);

    reading.emit('close');
    assert.equal(feed.listenerCount, 0);
    assert.deepEqual(errors, []);
  });

  test('changes queued while one is being read are sent once per incident, a new incident as "created"', async () => {
    const feed = new IncidentFeed();
    const stream = new IncidentStream(vigil.store, feed, (error) => { throw error; });
    const response = open(stream);
    const at = new Date().toISOString();
    feed.publish({ kind: 'updated', uuid, at }); // read at once
    feed.publish({ kind: 'created', uuid: other, at });
    feed.publish({ kind: 'updated', uuid: other, at });
    feed.publish({ kind: 'updated', uuid, at });
    feed.publish({ kind: 'closed', uuid, at });
    await response.announced(3);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(response.announcements(), [['updated', uuid], ['created', other], ['closed', uuid]]);
    stream.closeAll();
    assert.equal(response.ended, true);
    assert.equal(feed.listenerCount, 0);
  });

  test('every 15 s a keep-alive comment; a connection whose credential ended is closed', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const stream = new IncidentStream(vigil.store, new IncidentFeed(), (error) => { throw error; });
      const valid = open(stream, true);
      const loggedOut = open(stream, false);
      mock.timers.tick(15_000);
      await new Promise((resolve) => setImmediate(resolve));
      assert.match(valid.written, /: keep-alive\n\n$/);
      assert.equal(loggedOut.ended, true);
      assert.equal(stream.connectionCount, 1);
      stream.closeAll();
    } finally {
      mock.timers.reset();
    }
  });
});
