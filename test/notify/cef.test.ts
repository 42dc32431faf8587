// CEF records: escaping that a SIEM's parser undoes exactly, and an incident in Symantec EDR's
// export shape (vendor, product, signature id, severity, device_time=, json= with events).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VIGIL_VERSION } from '../../src/appliance/index.ts';
import type { EdrEvent, Incident } from '../../src/model/index.ts';
import { formatCef } from '../../src/notify/cef.ts';
import { incidentCef } from '../../src/notify/incident-cef.ts';
import { readCef } from './receivers.ts';

test('header fields escape | and \\ and lose line breaks; extension values escape = and \\ and write line breaks as \\n', () => {
  const line = formatCef({
    vendor: 'Ven|dor', product: 'Pro\\duct', version: '1', signatureId: 'sig', name: 'two\nlines', severity: 7,
    extensions: [['msg', 'a=b \\ c\r\nd'], ['skipped', undefined], ['cnt', 3]],
  });
  assert.equal(line, 'CEF:0|Ven\\|dor|Pro\\\\duct|1|sig|two lines|7|msg=a\\=b \\\\ c\\r\\nd cnt=3');
  const read = readCef(line);
  assert.deepEqual(read.header, ['CEF:0', 'Ven|dor', 'Pro\\duct', '1', 'sig', 'two lines', '7']);
  assert.deepEqual(read.extensions, { msg: 'a=b \\ c\r\nd', cnt: '3' });
});

const incident: Incident = {
  uuid: '6a1d4c00-0000-11ee-8000-000000000001', atp_incident_id: 100000, priority_level: 3, state: 1, resolution: 4,
  time: '2021-06-08T20:12:19.000Z', device_time: '2021-06-08T20:12:19.000Z', updated: '2021-06-08T20:12:19.000Z',
  first_event_seen: '2021-06-08T20:08:00.000Z', last_event_seen: '2021-06-08T20:08:00.000Z',
  atp_rule_id: 'MaliciousTrafficIncident', rule_name: 'Malicious Traffic Detected', detection_type: 'Intrusion Prevention',
  description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15', summary: 'TOMCAT-PROD-01: Application Layer Protocol',
  recommended_action: 'Investigate.\nThen act: a=b.', log_name: 'epmp_incident-2021-06-08', event_count: 2, deviceUid: ['dev-1'],
  grouping_key: 'MaliciousTrafficIncident|32350|192.0.2.100',
  attack: { tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Application Layer Protocol' },
  remote: { ip: '192.0.2.100', port: 18878 }, signature_id: 32350, signature_name: 'System Infected: Trojan.Trickybot Activity 15',
};
const event = (n: number) => ({
  event_uuid: `event-${n}`, type_id: 4124, device_time: '2021-06-08T20:08:00.000Z', device_ip: '192.0.2.10', device_name: 'TOMCAT-PROD-01',
  signature_name: 'System Infected: Trojan.Trickybot Activity 15', app_name: 'E:\\TOMCAT\\BIN\\TOMCAT7.EXE', padding: 'x'.repeat(400),
}) as unknown as EdrEvent;

test('an incident change is the EDR export record: Symantec|ATPU|atp_incident, the description, severity by priority, device_time= and json=', () => {
  const line = incidentCef({ kind: 'created', uuid: incident.uuid, at: '2021-06-08T20:12:20.000Z' }, incident, [event(1), event(2)], 64_000);
  assert.match(line, /^CEF:0\|Symantec\|ATPU\|/, 'what Exabeam matches first');
  assert.ok(line.includes('|atp_incident|') && line.includes('"events":'), 'the rest of what Exabeam matches');
  const { header, extensions } = readCef(line);
  assert.deepEqual(header, ['CEF:0', 'Symantec', 'ATPU', VIGIL_VERSION, 'atp_incident', incident.description, '8']);
  assert.equal(extensions.rt, String(Date.parse('2021-06-08T20:12:20.000Z')));
  assert.equal(extensions.externalId, '100000');
  assert.equal(extensions.cat, 'created');
  assert.equal(extensions.device_time, '2021-06-08T20:12:19.000Z');
  const json = JSON.parse(extensions.json);
  assert.equal(json.atp_incident_id, 100000);
  assert.equal(json.rule_name, 'Malicious Traffic Detected');
  assert.equal(json.recommended_action, incident.recommended_action, 'line breaks and = come back whole');
  assert.deepEqual(json.mitre, { technique_name: 'Application Layer Protocol', technique_id: 'T1071', tactic: 'Command and Control' });
  assert.equal(json.grouping_key, undefined, "Vigil's own fields stay out, as in /atpapi");
  assert.deepEqual(json.events.map((each: EdrEvent) => each.event_uuid), ['event-1', 'event-2']);
  assert.equal(json.events[0].app_name, 'E:\\TOMCAT\\BIN\\TOMCAT7.EXE');
});

test('severity follows priority: Low 3, Medium 6, High 8', () => {
  const severities = [1, 2, 3].map((priority_level) => readCef(incidentCef({ kind: 'updated', uuid: incident.uuid, at: incident.updated }, { ...incident, priority_level }, [], 64_000)).header[6]);
  assert.deepEqual(severities, ['3', '6', '8']);
});

test('events are left out, last first, until the record fits the size limit; the events array stays', () => {
  const events = Array.from({ length: 10 }, (_, n) => event(n));
  const change = { kind: 'updated' as const, uuid: incident.uuid, at: incident.updated };
  const whole = incidentCef(change, incident, events, 1_000_000);
  const limit = Buffer.byteLength(whole) - 1000;
  const trimmed = incidentCef(change, incident, events, limit);
  assert.ok(Buffer.byteLength(trimmed) <= limit);
  const kept = JSON.parse(readCef(trimmed).extensions.json).events.map((each: EdrEvent) => each.event_uuid);
  assert.ok(kept.length > 0 && kept.length < 10);
  assert.deepEqual(kept, events.slice(0, kept.length).map((each) => each.event_uuid));
  assert.deepEqual(JSON.parse(readCef(incidentCef(change, incident, events, 10)).extensions.json).events, []);
});
