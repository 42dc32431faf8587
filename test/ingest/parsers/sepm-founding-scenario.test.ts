// The founding scenario from SEPM's syslog: an IPS line for the seed's Trickybot detection, parsed
// and posted through the real pipeline, opens the incident the seed describes; a second endpoint
// reaching the same party joins it; the same line resent is a duplicate.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../../src/cli/demo-data.ts';
import { parseSyslogMessage } from '../../../src/ingest/index.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';
import { getJson, postEvents, startTestVigil, type TestVigil } from '../../helpers/vigil.ts';

const CONTEXT = { receivedAt: '2021-06-08T20:12:20.000Z', source: 'udp:192.0.2.5:514' };

/** Composed to sepm-syslog-format.md §3.1 with the seed's values (shared/seed). */
function ipsLine(host: string, localIp: string, localPort: number, begin: string): string {
  return `<50>Jun  8 20:12:19 SEPM01 SymantecServer: ${host},Event Description: [SID: 32350] System Infected: Trojan.Trickybot Activity 15 attack blocked. `
    + 'Traffic has been blocked for this application: E:\\TOMCAT\\BIN\\TOMCAT7.EXE,'
    + `Local Host IP: ${localIp},Local Host MAC: 000000000000,Remote Host Name: ,Remote Host IP: 192.0.2.100,Remote Host MAC: 000000000000,Outbound,TCP,`
    + `Intrusion ID: 0,Begin: ${begin},End Time: ${begin},Occurrences: 1,Application: E:/TOMCAT/BIN/TOMCAT7.EXE,Location: Default,`
    + `User Name: none,Domain Name: ,Local Port: ${localPort},Remote Port: 18878,CIDS Signature ID: 32350,`
    + 'CIDS Signature string: System Infected: Trojan.Trickybot Activity 15,CIDS Signature SubID: 76342,'
    + 'Intrusion URL: https://www.example.com:443/intrusion_URL,Intrusion Payload URL: ,SHA-256: ,MD-5: ';
}

function eventsOf(line: string): Record<string, unknown>[] {
  const result = parseSyslogMessage(line, CONTEXT);
  assert.ok(result.ok, JSON.stringify(result));
  return result.events;
}

const SAMPLES = join(SHARED_DATA, 'sep/sepm-syslog-samples.log');

const scenarios = [
  { name: 'a composed IPS line', line: () => ipsLine('TOMCAT-PROD-01', '192.0.2.10', 443, '2021-06-08 20:08:00'), skip: false as const },
  { name: 'line 1 of the sample file', line: () => readFileSync(SAMPLES, 'utf8').split('\n')[0], skip: skipWithout(SAMPLES) },
];

for (const scenario of scenarios) {
  describe(`founding scenario from SEPM syslog: ${scenario.name}`, { skip: scenario.skip }, () => {
    let vigil: TestVigil;
    before(async () => {
      vigil = await startTestVigil();
    });
    after(() => vigil.destroy());

    let incidentUuid: string;

    test('the IPS line opens the "Malicious traffic detected" incident, priority HIGH, Command and Control', async () => {
      const posted = await postEvents(vigil, eventsOf(scenario.line()));
      assert.equal(posted.status, 200);
      assert.equal(posted.body.accepted, 1);
      assert.deepEqual(posted.body.rejected, []);
      assert.equal(posted.body.incidents.created.length, 1);
      incidentUuid = posted.body.incidents.created[0];

      const list = await getJson(vigil, '/api/v1/incidents');
      assert.equal(list.body.total, 1);
      const incident = list.body.result[0];
      assert.equal(incident.description, 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15');
      assert.equal(incident.priority_level, 3);
      assert.equal(incident.attack.tactic_uid, 'TA0011');
      assert.equal(incident.attack.technique_uid, 'T1071');
      assert.equal(incident.rule_name, 'Malicious Traffic Detected');
      assert.equal(incident.first_event_seen, '2021-06-08T20:08:00.000Z');
    });

    test('the stored event shows as the seed shows it', async () => {
      const events = await getJson(vigil, `/api/v1/events?incident=${incidentUuid}&view=display`);
      assert.equal(events.body.total, 1);
      const event = events.body.result[0];
      // Field for field as the seed's EDR detail view shows them.
      const seed = seedEvent();
      const shownAsInSeed = [
        'type_id', 'event_id', 'severity', 'network_protocol', 'traffic_direction', 'device_ip', 'internal_ip', 'internal_port', 'external_ip',
        'external_port', 'signature_name', 'intrusion_url', 'app_name', 'user_name', 'local_host_mac', 'remote_host_mac', 'device_time', 'log_time',
      ];
      assert.deepEqual(Object.fromEntries(shownAsInSeed.map((key) => [key, event[key]])), Object.fromEntries(shownAsInSeed.map((key) => [key, seed[key]])));
      assert.equal(event.signature_id, Number(seed.signature_id));
      assert.equal(event.sid, Number(seed.sid));
      assert.equal(event.domain_name, undefined);
    });

    test('the same line resent is a duplicate; another endpoint reaching the same party joins the incident', async () => {
      const resent = await postEvents(vigil, eventsOf(scenario.line()));
      assert.equal(resent.body.accepted, 0);
      assert.equal(resent.body.duplicates, 1);

      const second = await postEvents(vigil, eventsOf(ipsLine('WS-FIN-0142', '192.0.2.23', 51233, '2021-06-08 20:09:41')));
      assert.equal(second.body.accepted, 1);
      assert.deepEqual(second.body.incidents.created, []);
      assert.deepEqual(second.body.incidents.updated, [incidentUuid]);
      const detail = await getJson(vigil, `/api/v1/incidents/100000`);
      assert.deepEqual(detail.body.endpoints.map((endpoint: { device_ip: string }) => endpoint.device_ip), ['192.0.2.10', '192.0.2.23']);
    });
  });
}
