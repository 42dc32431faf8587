// Parity: for every query, the in-memory matcher and the compiled SQL (run by SQLite over the same
// records) select exactly the same records, and both select the records the language promises.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA } from '../../src/query/index.ts';
import { EVENT_COLUMNS, EVENTS, FixtureTable, INCIDENT_COLUMNS, INCIDENTS } from './fixtures.ts';

const events = new FixtureTable(EVENTS, EVENT_COLUMNS, EVENT_QUERY_SCHEMA, 'event_uuid');
const incidents = new FixtureTable(INCIDENTS, INCIDENT_COLUMNS, INCIDENT_QUERY_SCHEMA, 'uuid');

const ALL_EVENT_IDS = EVENTS.map((event) => String(event.event_uuid)).sort();

type Case = [query: string, expected: string[]];

function assertParity(table: FixtureTable, [query, expected]: Case): void {
  const inMemory = table.memoryIds(query);
  assert.deepEqual(table.sqlIds(query), inMemory, `SQL and in-memory disagree on ${query}`);
  assert.deepEqual(inMemory, expected, `wrong records for ${query}`);
}

const EVENT_CASES: [section: string, cases: Case[]][] = [
  ['the founding scenario and the empty query', [
    ['', ALL_EVENT_IDS],
    ['*', ALL_EVENT_IDS],
    ['external_ip:192.0.2.100 AND traffic_direction:Outbound', ['e01', 'e02', 'e04', 'e31']],
    ['signature_name:"System Infected*"', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31', 'e32']],
    ['signature_name:"system infected"', ['e32']],
  ]],
  ['enum fields take codes, "code: label" and labels; SEP severity labels mean their band', [
    ['type_id:4124', ['e01', 'e02', 'e03', 'e04', 'e05', 'e23', 'e31', 'e32']],
    ['type_id:"4124: Endpoint Detection"', ['e01', 'e02', 'e03', 'e04', 'e05', 'e23', 'e31', 'e32']],
    ['type_id:(4096 OR 4098 OR 4123)', ['e22', 'e24', 'e25', 'e26']],
    ['type_id:(4096OR4098)', ['e24', 'e25']],
    ['event_id:206', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['event_id:"206: Intrusion detected"', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['severity:"3: Critical"', ['e01', 'e02', 'e03', 'e39']],
    ['severity:Critical', ['e01', 'e02', 'e03', 'e04', 'e31', 'e39', 'e40']],
    ['severity:[Critical TO Major]', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31', 'e32', 'e39', 'e40']],
    ['severity_id:Critical', ['e01', 'e02', 'e03', 'e04', 'e05', 'e22', 'e37']],
    ['severity_id:[4 TO *]', ['e01', 'e02', 'e03', 'e04', 'e05', 'e08', 'e21', 'e22', 'e36', 'e37']],
    ['severity_id: (1) and status_id: (1)', ['e29']],
    ['network_protocol:TCP', ['e01', 'e02', 'e03', 'e04', 'e12']],
    ['network_protocol:UDP', ['e05', 'e15']],
    ['traffic_direction:Inbound OR traffic_direction:Unknown', ['e03', 'e05', 'e14', 'e32']],
    ['symc_device_action:Detected', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['event_source:1', ['e01', 'e02', 'e03', 'e04', 'e05']],
  ]],
  ['dotted paths, numbers and JSON values of either type', [
    ['file.name:mimikatz.exe', ['e19']],
    ['file:mimikatz.exe', ['e21']],
    ['mitre.tactic:"Command and Control"', ['e01', 'e02', 'e03', 'e04', 'e31']],
    ['mitre.technique_id:T1071', ['e01', 'e02', 'e03', 'e04']],
    ['event_actor.pid:620', ['e01', 'e03', 'e04', 'e05', 'e06', 'e09']],
    ['external_port:18878', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['external_port:8080', ['e13']],
    ['external_port:[400 TO 9000]', ['e12']],
    ['external_port:{443 TO 18878}', []],
    ['external_port:[* TO 443}', ['e15']],
    ['signature_id:[32350 TO 32351]', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['sid:32350', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['dotted.key:x', []],
    ['entity_result.type:Incident', ['e29']],
    ['operation:[3 TO 4]', ['e33', 'e34', 'e35']],
    ['id:1', ['e28']],
    ['status_id:[1 TO 1]', ['e27', 'e29']],
    ['reason:1', ['e39']],
  ]],
  ['IP fields: exact IPv4/IPv6 and CIDR networks of both families', [
    ['external_ip:192.0.2.0/24', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31', 'e32']],
    ['external_ip:192.0.2.100/32', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31']],
    ['device_ip:192.0.2.0/25', ['e01', 'e02', 'e03', 'e05', 'e06', 'e12', 'e13', 'e14', 'e19', 'e31']],
    ['external_ip:2001:db8::/32', ['e12', 'e13']],
    ['external_ip:2001:db8::20', ['e13']],
    ['external_ip:"2001:db8::20"', ['e13']],
    ['external_ip:2001:DB8::10', ['e12']],
    ['device_ip:fe80::/10', ['e16']],
    ['external_ip:0.0.0.0/0', ['e01', 'e02', 'e03', 'e04', 'e05', 'e15', 'e18', 'e31', 'e32', 'e39']],
    ['external_ip:::/0', ['e12', 'e13', 'e14', 'e16']],
    ['target_ip:10.0.0.0/8', ['e16']],
    ['user_agent_ip:127.0.0.1', ['e28']],
    ['external_ip:(192.0.2.100 OR 2001:db8::/32)', ['e01', 'e02', 'e03', 'e04', 'e05', 'e12', 'e13', 'e31']],
  ]],
  ['wildcards, case and unicode (ASCII-only case folding)', [
    ['device_ip:192.0.2.1*', ['e01', 'e02', 'e03', 'e05', 'e06', 'e12', 'e13', 'e14', 'e19']],
    ['device_ip:192.0.2.1?', ['e01', 'e02', 'e03', 'e05', 'e06', 'e12', 'e13', 'e14', 'e19']],
    ['name:svc*', []],
    ['process.file.name:svc*', ['e06', 'e07']],
    ['process.file.name:SVC?HELPER.EXE', ['e07']],
    ['process.file.name:*.exe', ['e06', 'e07', 'e08', 'e09', 'e10', 'e11']],
    ['process.file.name:überwachung.exe', []],
    ['process.file.name:Überwachung.exe', ['e09']],
    ['process.file.name:ÜBERWACHUNG.EXE', ['e09']],
    ['process.file.name:naïve-Ñandú.exe', ['e10']],
    ['process.file.name:日本語.exe', ['e11']],
    ['process.file.name:日本*', ['e11']],
    ['user_name:école\\\\admin', ['e11']],
    ['user_name:ÉCOLE\\\\ADMIN', ['e10']],
    ['user_name:*admin', ['e10', 'e11']],
    ['device_name:win*', ['e01', 'e02', 'e03', 'e05', 'e06', 'e07', 'e19']],
    ['device_name:WIN-APP02', ['e02', 'e06', 'e07', 'e19']],
    ['device_name:"emoji-🛡️-host"', ['e37']],
    ['device_name:emoji-?️-host', ['e37']],
    ['device_uid:B2', ['e03']],
    ['device_uid:b2', ['e03']],
    ['device_uid:9A52620B-7E80-4E78-BF32-DB901C24643C', ['e01', 'e05']],
    ['event_uuid:E01', ['e01']],
  ]],
  ['bare terms search the free-text fields as substrings', [
    ['trickybot', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['Trickybot AND NOT Emotet', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['"system infected"', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31', 'e32']],
    ['mimikatz', ['e08', 'e19']],
    ['mimi*', ['e08', 'e19']],
    ['192.0.2.1', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e12', 'e13', 'e14', 'e16', 'e19', 'e31', 'e32']],
  ]],
  ['time fields: precision spans, inclusive/exclusive/open ranges, now and date math', [
    ['device_time:2021-06-08', ['e01', 'e02', 'e06', 'e07', 'e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18']],
    ['device_time:[2021-06-08 TO 2021-06-09]', ['e01', 'e02', 'e03', 'e05', 'e06', 'e07', 'e08', 'e09', 'e10', 'e11', 'e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18', 'e19', 'e20', 'e21', 'e22', 'e30', 'e31', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39']],
    ['device_time:{2021-06-08 TO 2021-06-09}', []],
    ['device_time:[2021-06-08 TO 2021-06-09}', ['e01', 'e02', 'e06', 'e07', 'e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18']],
    ['device_time:[2021-06-09T00:00:00.000Z TO now]', ['e03', 'e05', 'e08', 'e09', 'e10', 'e11', 'e19', 'e20', 'e21', 'e22', 'e30', 'e31', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39', 'e40']],
    ['device_time:[now-1d TO now]', ['e03', 'e05', 'e08', 'e09', 'e10', 'e11', 'e19', 'e20', 'e21', 'e22', 'e30', 'e31', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39', 'e40']],
    ['device_time:{now-1d TO *]', ['e03', 'e08', 'e09', 'e10', 'e11', 'e19', 'e20', 'e21', 'e22', 'e30', 'e31', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39', 'e40']],
    ['device_time:2021-06-08T20:08', ['e01']],
    ['device_time:"2021-06-08 20:08:00 UTC"', ['e01']],
    ['device_time:now', ['e40']],
    ['device_time:[* TO 2021-06-03]', ['e23', 'e24', 'e25']],
    ['log_time:[2021-06-08T20:00:00Z TO 2021-06-08T21:00:00Z]', ['e01', 'e02', 'e03', 'e04', 'e05']],
  ]],
  ['_exists_, field:* and arrays (any element; nested arrays and objects are not values)', [
    ['_exists_:mitre', ['e01', 'e02', 'e03', 'e04', 'e05', 'e25', 'e31']],
    ['_exists_:mitre.tactic', ['e01', 'e02', 'e03', 'e04', 'e05', 'e31']],
    ['_exists_:categories', ['e01', 'e02', 'e03', 'e04', 'e05', 'e24']],
    ['_exists_:severity_id', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e19', 'e20', 'e21', 'e22', 'e28', 'e29', 'e36', 'e37']],
    ['_exists_:file', ['e19', 'e20', 'e21', 'e22', 'e33', 'e34', 'e35']],
    ['NOT _exists_:device_ip', ['e07', 'e08', 'e09', 'e10', 'e11', 'e20', 'e21', 'e22', 'e23', 'e24', 'e25', 'e26', 'e27', 'e28', 'e29', 'e30', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39', 'e40']],
    ['severity_id:*', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e19', 'e20', 'e21', 'e22', 'e28', 'e29', 'e36', 'e37']],
    ['categories:attack', ['e01', 'e02', 'e03', 'e04', 'e05', 'e24']],
    ['categories:1', ['e24']],
    ['categories:true', ['e24']],
    ['categories:*', ['e01', 'e02', 'e03', 'e04', 'e05', 'e24']],
    ['categories:nested', []],
    ['categories:object', []],
    ['_exists_:(mitre OR file)', ['e01', 'e02', 'e03', 'e04', 'e05', 'e19', 'e20', 'e21', 'e22', 'e25', 'e31', 'e33', 'e34', 'e35']],
  ]],
  ['booleans, reals, negatives and text ranges on fields the schema does not know', [
    ['infected:true', ['e01', 'e02', 'e03', 'e04', 'e05', 'e20']],
    ['infected:false', ['e19']],
    ['on_premises:false', ['e35']],
    ['sep_installed:true', ['e38']],
    ['score:[2 TO 3]', ['e25']],
    ['score:2.5', ['e25']],
    ['score:[3 TO *]', ['e26']],
    ['timezone:-300', ['e25']],
    ['timezone:[-400 TO 0]', ['e25']],
    ['count:3', ['e36']],
    ['note:a', ['e27']],
    ['note:a*', ['e26', 'e27']],
    ['note:*b', []],
    ['message:[a TO t]', ['e27', 'e29']],
    ['message:{Incident TO Successfully}', ['e29']],
    ['device_name:[a TO x]', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e19', 'e37', 'e40']],
    ['device_name:[A TO X]', ['e01', 'e02', 'e03', 'e04', 'e05', 'e06', 'e07', 'e08', 'e19', 'e37', 'e40']],
  ]],
  ['escapes and values that look like SQL match literally', [
    ['log_level:info', ['e30']],
    ['description:*line?two*', ['e30']],
    ['description:"line one\\nline two"', []],
    ['monitor_data:"{\\"a\\": 1}"', ['e30']],
    ['data_source_url_domain:https\\://source.url.example.com', ['e17']],
    ['data_source_url_domain:"https://source.url.example.com"', ['e17']],
    ['app_name:E\\:/TOMCAT/BIN/TOMCAT7.EXE', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['app_name:E:/TOMCAT/BIN/TOMCAT7.EXE', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['app_name:*100\\%_sure*', ['e21']],
    ['app_name:*100%\\_sure*', ['e21']],
    ['file.name:report_2021.pdf', ['e33']],
    ['file.name:report?2021.pdf', ['e33', 'e34', 'e35']],
    ['file.name:report\\?2021.pdf', []],
    ['file.name:report%2021.pdf', ['e34']],
    ['file.name:*\\%*', ['e34']],
    ['file.name:report*', ['e33', 'e34', 'e35']],
    ['file.name:"o\'brien.exe"', ['e22']],
    ['file.name:o\'brien.exe', ['e22']],
    ['description:*\\"*', ['e22']],
    ['description:*--*', ['e22']],
    ['description:*;*', ['e22']],
    ['description:*\\/\\**', ['e22']],
    ['description:*\\\\*', ['e22']],
    ['"\' OR 1=1 --"', []],
    ['device_name:"x\'; DROP TABLE records; --"', []],
    ['device_name:"\\u0041"', []],
    ['file.name:report_2021*', ['e33']],
    ['file.name:report%2021*', ['e34']],
    ['"%"', ['e21', 'e22', 'e34']],
    ['"_"', ['e07', 'e20', 'e21', 'e22', 'e33']],
    ['\'', ['e22']],
    ['x:\\\'\\;DROP', []],
    ['description:"quote \\" and apostrophe \' and -- and ; and /* */ and %_ and \\\\ backslash"', ['e22']],
  ]],
  ['the examples of reference §3 verbatim', [
    ['incident: 32db1930-c884-11eb-c293-000000000273', ['e01', 'e02', 'e03', 'e04', 'e05']],
    ['device_uid: (b1)', ['e02']],
    ['data_source_url_domain: (https://source.url.example.com)', ['e17']],
    ['external_ip: 8.8.8.8', []],
    ['name: svchost.exe', []],
    ['last_seen: 2022-10-22T11:23:26.561Z', []],
    ['first_seen: [2022-10-01T07:00:58.030Z  TO 2022-10-21T06:41:54.452Z]', []],
    ['log_time:[2017-01-01T00:00:00.000Z TO 2017-01-08T00:00:00.000Z]', []],
    ['type_id:(4096 OR 4098 OR 4123)', ['e22', 'e24', 'e25', 'e26']],
    ['sha2: (AB12CD OR 3559378c0000)', []],
    ['process.file.sha2: (ab12cd OR x)', ['e06']],
  ]],
  ['boolean operators, prefixes, precedence and field groups', [
    ['-type_id:8001 -type_id:8007 -type_id:4124', ['e19', 'e20', 'e21', 'e22', 'e24', 'e25', 'e26', 'e27', 'e28', 'e29', 'e30', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e39', 'e40']],
    ['!traffic_direction:Outbound', ['e03', 'e05', 'e06', 'e07', 'e08', 'e09', 'e10', 'e11', 'e14', 'e16', 'e17', 'e18', 'e19', 'e20', 'e21', 'e22', 'e23', 'e24', 'e25', 'e26', 'e27', 'e28', 'e29', 'e30', 'e32', 'e33', 'e34', 'e35', 'e36', 'e37', 'e38', 'e40']],
    ['NOT NOT type_id:4124', ['e01', 'e02', 'e03', 'e04', 'e05', 'e23', 'e31', 'e32']],
    ['+type_id:4124 -traffic_direction:Inbound', ['e01', 'e02', 'e04', 'e05', 'e23', 'e31']],
    ['type_id:4124 || type_id:4102 && severity:[10 TO *]', ['e01', 'e02', 'e03', 'e04', 'e05', 'e19', 'e20', 'e21', 'e23', 'e31', 'e32']],
    ['(type_id:4124 || type_id:4102) && severity:[10 TO *]', ['e19', 'e20', 'e21']],
    ['type_id:4124 OR NOT _exists_:severity_id', ['e01', 'e02', 'e03', 'e04', 'e05', 'e09', 'e10', 'e11', 'e12', 'e13', 'e14', 'e15', 'e16', 'e17', 'e18', 'e23', 'e24', 'e25', 'e26', 'e27', 'e30', 'e31', 'e32', 'e33', 'e34', 'e35', 'e38', 'e39', 'e40']],
    ['type_id:(4124 AND NOT 4102)', ['e01', 'e02', 'e03', 'e04', 'e05', 'e23', 'e31', 'e32']],
    ['type_id:(-4124)', []],
    ['ref_event:4798 AND type_id:"Monitored Source Events"', ['e30']],
  ]],
];

for (const [section, cases] of EVENT_CASES) {
  test(`events: ${section}`, () => {
    for (const testCase of cases) assertParity(events, testCase);
  });
}

// The client queries of reference §2.1 and §3 verbatim, and the incident schema's enums and times.
const INCIDENT_CASES: Case[] = [
  ['priority_level: (3 OR 2) AND state: (1)', ['i00', 'i21']],
  ['(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[2020-06-08T15:39:55.616Z TO now]', ['i21', 'i22', 'i23', 'i24']],
  ['atp_incident_id: 100022', ['i22']],
  ['priority_level:HIGH', ['i00', 'i10', 'i24']],
  ['priority_level:high AND state:Open', ['i00']],
  ['state:"In-Progress"', ['i23', 'i24']],
  ['state:in_work', ['i23', 'i24']],
  ['resolution:FALSE_POSITIVE', ['i23']],
  ['resolution:"not set"', ['i00', 'i21', 'i22', 'i24']],
  ['deviceUid:b1', ['i00']],
  ['deviceUid:(c3 OR x)', ['i21']],
  ['trickybot', ['i00']],
  ['time:[2020-06-09 TO 2020-06-09]', ['i21', 'i22', 'i23']],
  ['time:[2021-01-01 TO *]', ['i24']],
  ['last_event_seen:{2020-06-08T15:39:55.616Z TO now]', ['i21', 'i22', 'i23', 'i24']],
  ['remote.ip:2001:db8::/64', ['i23']],
  ['remote.ip:192.0.2.100', ['i24']],
  ['atp_incident_id:[100010 TO 100022}', ['i10', 'i21']],
  ['event_count:[2 TO *]', ['i00', 'i21']],
  ['_exists_:remote', ['i23', 'i24']],
  ['mitre.tactic:"command and control"', ['i00']],
  ['c2.example', ['i23']],
  ['uuid:I2*', ['i21', 'i22', 'i23', 'i24']],
];

test('incidents: the queries real clients send, enums, ISO text times, arrays and IPv6', () => {
  for (const testCase of INCIDENT_CASES) assertParity(incidents, testCase);
});

test('the fixtures cover the promised variety', () => {
  assert.ok(EVENTS.length >= 40);
  assert.equal(new Set(ALL_EVENT_IDS).size, EVENTS.length, 'event ids are unique');
});
