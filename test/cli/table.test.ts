import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTable, incidentTable } from '../../src/cli/incident-view.ts';
import { renderTable, truncate } from '../../src/cli/table.ts';
import type { EdrEvent, Incident } from '../../src/model/index.ts';

test('truncate keeps short text and marks cut text with an ellipsis', () => {
  assert.equal(truncate('short', 10), 'short');
  assert.equal(truncate('a longer text', 6), 'a lon…');
});

test('columns are as wide as their content and numbers align right', () => {
  const text = renderTable([{ header: 'ID' }, { header: 'COUNT', align: 'right' }], [['100000', '6'], ['7', '61']], 80);
  assert.equal(text, 'ID      COUNT\n100000      6\n7          61\n');
});

test('the flexible column shrinks so every line fits the width', () => {
  const description = 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15';
  const text = renderTable([{ header: 'ID' }, { header: 'DESCRIPTION', flex: true }, { header: 'TACTIC' }], [['100000', description, 'Command and Control']], 60);
  for (const line of text.trimEnd().split('\n')) assert.ok(line.length <= 60, `${line.length}: ${line}`);
  assert.match(text, /Malicious traffic detected: Sy…  Command and Control/);
});

const incident = {
  atp_incident_id: 100000, priority_level: 3, state: 1, description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15',
  attack: { tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Application Layer Protocol' },
  deviceUid: ['a', 'b', 'c', 'd', 'e', 'f'], event_count: 61, last_event_seen: '2021-06-08T23:08:19.000Z',
} as Incident;

test('the incident list shows labels, endpoint count and console time', () => {
  const [header, row] = incidentTable([incident], 200).trimEnd().split('\n');
  assert.match(header, /^ID {6}PRIORITY {2}STATE {2}DESCRIPTION +TACTIC +ENDPOINTS {2}EVENTS {2}LAST SEEN$/);
  assert.match(row, /^100000 {2}HIGH {6}Open {3}Malicious traffic detected: System Infected: Trojan\.Trickybot Activity 15 {2}Command and Control +6 +61 {2}2021-06-08 23:08:19 UTC$/);
});

test('events are shown in the seed\'s display form', () => {
  const event = {
    event_uuid: 'x', type_id: 4124, device_time: '2021-06-08T20:08:00.000Z', log_time: '2021-06-08T20:12:19.000Z', event_id: 206,
    device_ip: '192.0.2.10', external_ip: '192.0.2.100', external_port: 18878, network_protocol: 2, traffic_direction: 2, symc_device_action: 2,
    signature_name: 'System Infected: Trojan.Trickybot Activity 15',
  } as EdrEvent;
  const row = eventTable([event], 200).trimEnd().split('\n')[1];
  const cells = row.split(/ {2,}/);
  assert.deepEqual(cells, ['2021-06-08 20:08:00 UTC', '192.0.2.10 → 192.0.2.100:18878', '2: TCP', '2: Outbound', '206: Intrusion detected', '2: Detected', 'System Infected: Trojan.Trickybot Activity 15']);
});
