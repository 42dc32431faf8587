import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_RULES, createDetector, detect, type DetectionRule } from '../../src/detect/index.ts';
import type { EdrEvent } from '../../src/model/index.ts';

function event(type_id: number, fields: Partial<EdrEvent> = {}): EdrEvent {
  return {
    event_uuid: `event-${type_id}`, type_id, device_time: '2022-12-01T21:44:15.000Z', log_time: '2022-12-01T21:44:16.000Z',
    device_uid: 'c0e1b083-9aba-48c0-9ba1-39c0c37c5851', device_ip: '172.16.14.58', device_name: 'WIN-TFB8L7BI77H', ...fields,
  };
}

test('benign process and network events produce no alert', () => {
  const benign = [
    event(8001, { operation: 1, process: { pid: 4242 } }),
    event(8007, { external_ip: '8.8.8.8', external_port: 443, traffic_direction: 2, operation: 3 }),
    event(8003), event(8015), event(1),
  ];
  assert.deepEqual(detect(benign), []);
});

test('an antivirus detection opens a MEDIUM "Critical AVE detections" alert titled by the threat', () => {
  const [alert, ...rest] = detect([event(4102, { virus_name: 'Trojan.Gen.2' })]);
  assert.equal(rest.length, 0);
  assert.equal(alert.rule_id, 'AVEIncident');
  assert.equal(alert.rule_name, 'Critical AVE detections');
  assert.equal(alert.description, 'Trojan.Gen.2 detected');
  assert.equal(alert.threat_name, 'Trojan.Gen.2');
  assert.equal(alert.priority_level, 2);
});

test('the threat name is also read from threat.name and file.threat.name; without one an antivirus event is no detection', () => {
  assert.equal(detect([event(4102, { threat: { name: 'W32.Downadup' } })])[0].description, 'W32.Downadup detected');
  assert.equal(detect([event(4102, { file: { name: 'a.exe', threat: { name: 'Ransom.Wannacry' } } })])[0].description, 'Ransom.Wannacry detected');
  assert.deepEqual(detect([event(4102, { scan: { status: 'completed' } })]), []);
});

test('one threat on several endpoints groups together; SONAR behaviour groups per endpoint', () => {
  const [aveA, aveB] = detect([event(4102, { virus_name: 'Trojan.Gen.2' }), event(4102, { virus_name: 'Trojan.Gen.2', device_uid: 'other' })]);
  assert.equal(aveA.grouping_key, aveB.grouping_key);
  const [sonarA, sonarB] = detect([event(4100, { virus_name: 'SONAR.SuspScript!g3' }), event(4100, { virus_name: 'SONAR.SuspScript!g3', device_uid: 'other' })]);
  assert.notEqual(sonarA.grouping_key, sonarB.grouping_key);
});

test('SONAR opens a HIGH "Advanced Attack Technique" alert carrying the event\'s ATT&CK', () => {
  const [alert] = detect([event(4100, {
    virus_name: 'SONAR.SuspPowerShell',
    attacks: [{ technique_uid: 'T1059', technique_name: 'Command and Scripting Interpreter', tactic_ids: [2], tactic_uids: ['TA0002'] }],
  })]);
  assert.equal(alert.rule_id, 'AdvancedAttackTechniqueIncident');
  assert.equal(alert.rule_name, 'Advanced Attack Technique');
  assert.equal(alert.detection_type, 'Advanced Attack Techniques');
  assert.equal(alert.priority_level, 3);
  assert.deepEqual(alert.attack, { tactic_uid: 'TA0002', tactic_name: 'Execution', technique_uid: 'T1059', technique_name: 'Command and Scripting Interpreter' });
});

test('a sandbox conviction opens a HIGH "Critical Cynic Detections" alert with the reference\'s advice', () => {
  const [alert] = detect([event(4117, { file: { name: 'eicar_com.zip', sha2: '2546dcffc5ad854d4ddc64fbf056871cd5a00f2471cb7a5bfd4ac23b6e9eedad' } })]);
  assert.equal(alert.rule_id, 'CynicIncident');
  assert.equal(alert.rule_name, 'Critical Cynic Detections');
  assert.equal(alert.detection_type, 'Sandboxing');
  assert.equal(alert.priority_level, 3);
  assert.equal(alert.description, 'Sandbox detection: eicar_com.zip');
  assert.equal(alert.recommended_action, 'You can isolate the endpoint(s), remove the file(s) and/or clean the system(s).');
});

test('deny-list hits open "Blacklist Detection" alerts, for network indicators with the remote party', () => {
  const [network, file] = detect([
    event(4112, { external_ip: '203.0.113.9', external_port: 80, data_source_url: 'http://203.0.113.9/payload', traffic_direction: 2, reason: 2 }),
    event(4118, { file: { name: 'dropper.exe', sha2: 'ab'.repeat(32) }, reason: 0 }),
  ]);
  assert.equal(network.rule_id, 'BlacklistIncident');
  assert.equal(network.rule_name, 'Blacklist Detection');
  assert.equal(network.description, 'Deny-listed destination detected: http://203.0.113.9/payload');
  assert.deepEqual(network.remote, { ip: '203.0.113.9', port: 80, domain: undefined });
  assert.equal(network.traffic_direction, 2);
  assert.equal(file.rule_id, 'BlacklistIncident');
  assert.equal(file.description, `Deny-listed file detected: ${'ab'.repeat(32)}`);
  assert.equal(file.remote, undefined);
});

test('a deny-listed destination\'s domain is the host name, also when the sender wrote a whole URL in data_source_url_domain', () => {
  const [alert] = detect([event(4112, { external_ip: '203.0.113.9', data_source_url_domain: 'https://Source.URL.example.com/path', reason: 2 })]);
  assert.equal(alert.remote?.domain, 'source.url.example.com', 'the console\'s domain pivot takes a host name');
});

test('an event is tested only against the rules for its type', () => {
  const evaluated: number[] = [];
  const spy: DetectionRule = {
    rule_id: 'Spy', rule_name: 'Spy', detection_type: 'Test', type_ids: [4102],
    evaluate(candidate) { evaluated.push(candidate.type_id); return undefined; },
  };
  createDetector([...BUILTIN_RULES, spy])([event(8001), event(4102), event(8007)]);
  assert.deepEqual(evaluated, [4102]);
});
