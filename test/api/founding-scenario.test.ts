// The founding scenario end to end over real HTTP: the seed's event in, one incident out, then
// five more endpoints joining the same incident.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { beaconingEvents, BEACONING_ENDPOINTS, seedEvent } from '../../src/cli/demo-data.ts';
import { startTestVigil, type TestVigil } from '../helpers/vigil.ts';

describe('founding scenario over HTTP', () => {
  let vigil: TestVigil;
  let base: string;

  before(async () => {
    vigil = await startTestVigil();
    base = await vigil.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => vigil.destroy());

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() as any };
  };

  let incidentUuid: string;

  test('the seed event, posted with its values as the seed shows them, opens one incident', async () => {
    const posted = await call('POST', '/api/v1/events', vigil.tokens.ingest, seedEvent());
    assert.equal(posted.status, 200);
    assert.equal(posted.body.accepted, 1);
    assert.equal(posted.body.duplicates, 0);
    assert.deepEqual(posted.body.rejected, []);
    assert.equal(posted.body.incidents.created.length, 1);
    incidentUuid = posted.body.incidents.created[0];

    // The answer arrives after the commit, so the incident is readable at once.
    const list = await call('GET', '/api/v1/incidents', vigil.tokens.viewer);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 1);
    const incident = list.body.result[0];
    assert.equal(incident.uuid, incidentUuid);
    assert.equal(incident.atp_incident_id, 100000);
    assert.equal(incident.description, 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15');
    assert.equal(incident.priority_level, 3);
    assert.equal(incident.state, 1);
    assert.equal(incident.resolution, 4);
    assert.deepEqual(incident.attack, {
      tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Application Layer Protocol',
    });
    assert.equal(incident.rule_name, 'Malicious Traffic Detected');
    assert.equal(incident.atp_rule_id, 'MaliciousTrafficIncident');
    assert.equal(incident.first_event_seen, '2021-06-08T20:08:00.000Z');
    assert.equal(incident.last_event_seen, '2021-06-08T20:08:00.000Z');
    assert.equal(incident.event_count, 1);
    assert.match(incident.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\d{12}$/);
    assert.match(incident.log_name, /^epmp_incident-\d{4}-\d{2}-\d{2}$/);
    assert.ok(incident.recommended_action.length > 20);
    assert.ok(incident.summary.length > 0);
    for (const field of ['time', 'device_time', 'updated']) assert.ok(!Number.isNaN(Date.parse(incident[field])), field);
    assert.equal(incident.device_time, incident.time);
  });

  test('five more endpoints reaching the same party join the same incident', async () => {
    const fleet = beaconingEvents(2);
    const posted = await call('POST', '/api/v1/events', vigil.tokens.ingest, fleet);
    assert.equal(posted.status, 200);
    assert.equal(posted.body.accepted, fleet.length);
    assert.deepEqual(posted.body.incidents.created, []);
    assert.deepEqual(posted.body.incidents.updated, [incidentUuid]);

    const detail = await call('GET', '/api/v1/incidents/100000', vigil.tokens.viewer);
    assert.equal(detail.status, 200);
    const incident = detail.body;
    assert.equal(incident.uuid, incidentUuid);
    assert.equal(incident.event_count, 1 + fleet.length);
    assert.equal(incident.endpoints.length, 6);
    assert.equal(incident.endpoints[0].device_ip, '192.0.2.10', 'endpoints are listed in the order they were first seen');
    const seedEndpoint = incident.endpoints.find((endpoint: any) => endpoint.device_ip === '192.0.2.10');
    assert.deepEqual(
      { device_uid: seedEndpoint.device_uid, device_name: seedEndpoint.device_name, event_count: seedEndpoint.event_count },
      { device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c', device_name: 'TOMCAT-PROD-01', event_count: 1 },
    );
    for (const endpoint of BEACONING_ENDPOINTS) {
      const found = incident.endpoints.find((candidate: any) => candidate.device_uid === endpoint.device_uid);
      assert.ok(found, `endpoint ${endpoint.device_ip} listed`);
      assert.equal(found.device_ip, endpoint.device_ip);
      assert.equal(found.device_name, endpoint.device_name);
      assert.equal(found.event_count, 2);
    }
    assert.equal(incident.deviceUid.length, 6);
    const times = [seedEvent().device_time, ...fleet.map((event) => event.device_time)].map((time) => Date.parse(String(time).replace(' UTC', 'Z').replace(' ', 'T')));
    assert.equal(incident.first_event_seen, new Date(Math.min(...times)).toISOString());
    assert.equal(incident.last_event_seen, new Date(Math.max(...times)).toISOString());

    // The explanation names both sides, the direction and the two possible verdicts.
    const explanation: string = incident.explanation;
    assert.match(explanation, /192\.0\.2\.10/);
    assert.match(explanation, /192\.0\.2\.100:18878/);
    assert.match(explanation, /outbound/i);
    assert.match(explanation, /initiated/i);
    assert.match(explanation, /false positive/i);
    assert.match(explanation, /command[- ]and[- ]control/i);
    assert.match(explanation, /6 endpoints|six endpoints/i);

    // Every event carries the incident's uuid.
    assert.equal(incident.events_total, 1 + fleet.length);
    for (const event of incident.events) assert.equal(event.incident, incidentUuid);
    const events = await call('GET', `/api/v1/events?incident=${incidentUuid}&limit=1000`, vigil.tokens.viewer);
    assert.equal(events.body.total, 1 + fleet.length);
  });

  test('the stored seed event keeps its fields as codes and renders them as the seed shows them', async () => {
    const stored = await call('GET', '/api/v1/events/39887aa0-c895-11eb-dcee-0000181b4915', vigil.tokens.viewer);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.network_protocol, 2);
    assert.equal(stored.body.traffic_direction, 2);
    assert.equal(stored.body.severity, 3);
    assert.equal(stored.body.event_id, 206);
    assert.equal(stored.body.type_id, 4124);
    assert.equal(stored.body.external_port, 18878);
    assert.equal(stored.body.device_time, '2021-06-08T20:08:00.000Z');
    assert.equal(stored.body.mitre.tactic, 'Command and Control');
    assert.equal(stored.body.event_actor.pid, 620);
    assert.equal(stored.body.incident, incidentUuid);
    assert.equal(stored.body.intrusion_url, 'https://www.example.com:443/intrusion_URL');

    const display = await call('GET', '/api/v1/events/39887aa0-c895-11eb-dcee-0000181b4915?view=display', vigil.tokens.viewer);
    assert.equal(display.body.network_protocol, '2: TCP');
    assert.equal(display.body.traffic_direction, '2: Outbound');
    assert.equal(display.body.severity, '3: Critical');
    assert.equal(display.body.event_id, '206: Intrusion detected');
    assert.equal(display.body.type_id, '4124: Endpoint Detection');
    assert.equal(display.body.symc_device_action, '2: Detected');
    assert.equal(display.body.device_time, '2021-06-08 20:08:00 UTC');
  });
});
