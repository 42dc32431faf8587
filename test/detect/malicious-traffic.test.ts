import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect } from '../../src/detect/index.ts';
import { fleetEvent, seedEvent } from './seed-event.ts';

const COMMAND_AND_CONTROL = { tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Application Layer Protocol' };

test('the seed event gives exactly one HIGH "Malicious Traffic Detected" alert mapped to Command and Control / T1071', () => {
  const alerts = detect([seedEvent()]);
  assert.equal(alerts.length, 1);
  const [alert] = alerts;
  assert.equal(alert.description, 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15');
  assert.equal(alert.rule_id, 'MaliciousTrafficIncident');
  assert.equal(alert.rule_name, 'Malicious Traffic Detected');
  assert.equal(alert.detection_type, 'Intrusion Prevention');
  assert.equal(alert.priority_level, 3);
  // The event's stale "Standard Application Layer Protocol" gives way to the current name.
  assert.deepEqual(alert.attack, COMMAND_AND_CONTROL);
  assert.deepEqual(alert.remote, { ip: '192.0.2.100', port: 18878 });
  assert.equal(alert.traffic_direction, 2);
  assert.deepEqual(alert.endpoint, { device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c', device_ip: '192.0.2.10', device_name: 'TOMCAT-PROD-01' });
  assert.equal(alert.event_uuid, '39887aa0-c895-11eb-dcee-0000181b4915');
  assert.equal(alert.event_time, '2021-06-08T20:08:00.000Z');
  assert.equal(alert.signature_id, 32350);
  assert.match(alert.recommended_action, /E:\/TOMCAT\/BIN\/TOMCAT7\.EXE on 192\.0\.2\.10/);
  assert.match(alert.recommended_action, /deny list/);
});

test('without the event\'s own mitre, the signature category maps the seed to Command and Control / T1071', () => {
  const [alert] = detect([seedEvent({ mitre: undefined })]);
  assert.deepEqual(alert.attack, COMMAND_AND_CONTROL);
});

test('each signature category maps to its tactic and technique; unknown and Audit categories to none', () => {
  const expected: Record<string, [string, string] | undefined> = {
    'Attack: Apache Struts RCE': ['TA0001', 'T1190'],
    'Web Attack: Exploit Kit Website 12': ['TA0001', 'T1189'],
    'Malicious Site: Malicious Domains Request': ['TA0001', 'T1189'],
    'OS Attack: Microsoft SMB MS17-010 Disclosure Attempt': ['TA0008', 'T1210'],
    'Fake App Attack: Fake Scan Webpage 19': ['TA0002', 'T1204'],
    'Audit: Tor Activity': undefined,
    'Something Else: Unmapped': undefined,
    'No category at all': undefined,
  };
  for (const [signature_name, ids] of Object.entries(expected)) {
    const [alert] = detect([seedEvent({ mitre: undefined, signature_name })]);
    assert.deepEqual(alert.attack && [alert.attack.tactic_uid, alert.attack.technique_uid], ids, signature_name);
  }
});

test('the event\'s own tactic wins over the technique\'s usual one', () => {
  const [alert] = detect([seedEvent({ mitre: { tactic: 'Exfiltration', technique_id: 'T1071' } })]);
  assert.deepEqual(alert.attack, { ...COMMAND_AND_CONTROL, tactic_uid: 'TA0010', tactic_name: 'Exfiltration' });
});

test('priority follows severity on either scale: Critical HIGH, Major MEDIUM, otherwise LOW', () => {
  const priorities = [
    seedEvent({ severity: 0 }), seedEvent({ severity: 6 }), seedEvent({ severity: 10 }), seedEvent({ severity: 14 }),
    seedEvent({ severity: undefined, severity_id: 5 }), seedEvent({ severity: undefined, severity_id: 4 }), seedEvent({ severity: undefined }),
  ].map((event) => detect([event])[0].priority_level);
  assert.deepEqual(priorities, [3, 2, 1, 1, 3, 2, 1]);
});

test('the grouping key is the rule, the signature and the remote party, not the endpoint', () => {
  const [seed, otherEndpoint, otherRemote, otherSignature] = detect([
    seedEvent(), fleetEvent(1), seedEvent({ external_ip: '198.51.100.7' }), seedEvent({ signature_id: 30000 }),
  ]);
  assert.equal(seed.grouping_key, otherEndpoint.grouping_key);
  assert.notEqual(seed.grouping_key, otherRemote.grouping_key);
  assert.notEqual(seed.grouping_key, otherSignature.grouping_key);
  assert.ok(seed.grouping_key.startsWith('MaliciousTrafficIncident|'));
});

test('IPS detections arrive as 4098 too; a 4124 event with neither event_id 206 nor a signature is not one', () => {
  assert.equal(detect([seedEvent({ type_id: 4098 })]).length, 1);
  assert.equal(detect([seedEvent({ event_id: 206, signature_id: undefined, signature_name: undefined })]).length, 1);
  assert.equal(detect([seedEvent({ event_id: undefined, signature_id: undefined, signature_name: undefined })]).length, 0);
});

test('an inbound detection still names the remote party and advises on what it sent', () => {
  const [alert] = detect([seedEvent({ traffic_direction: 1 })]);
  assert.equal(alert.traffic_direction, 1);
  assert.deepEqual(alert.remote, { ip: '192.0.2.100', port: 18878 });
  assert.match(alert.recommended_action, /received traffic from 192\.0\.2\.100/);
});
