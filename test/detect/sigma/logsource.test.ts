// Log-source gating: a rule only sees events its product/category/service can describe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasEventSource, SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { rule } from './helpers.ts';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function titles(engine: SigmaEngine, event: Record<string, unknown>, logsource?: Parameters<SigmaEngine['match']>[1]): string[] {
  return engine.match(event, logsource).map((matched) => matched.title).sort();
}

test('a Security 4688 rule does not fire on a Sysmon event 1, and the other way round', () => {
  const engine = new SigmaEngine([
    rule("title: security 4688\nlogsource: {product: windows, service: security}\ndetection:\n    s:\n        EventID: 4688\n        NewProcessName|endswith: '\\whoami.exe'\n    condition: s\n"),
    rule("title: sysmon only\nlogsource: {product: windows, service: sysmon}\ndetection:\n    s:\n        Image|endswith: '\\whoami.exe'\n    condition: s\n"),
  ]);
  // A Sysmon event that happens to carry the Security rule's fields.
  const sysmonEvent = { Channel: SYSMON, EventID: 4688, NewProcessName: 'C:\\whoami.exe', Image: 'C:\\whoami.exe' };
  assert.deepEqual(titles(engine, sysmonEvent), ['sysmon only']);
  const securityEvent = { ...sysmonEvent, Channel: 'Security' };
  assert.deepEqual(titles(engine, securityEvent), ['security 4688']);
});

test('category process_creation is Sysmon 1 and Security 4688, with 4688 field names mapped', () => {
  const engine = new SigmaEngine([
    rule("title: whoami\nlogsource: {product: windows, category: process_creation}\ndetection:\n    s:\n        Image|endswith: '\\whoami.exe'\n        ParentImage|endswith: '\\cmd.exe'\n    condition: s\n"),
  ]);
  assert.deepEqual(titles(engine, { Channel: SYSMON, EventID: 1, Image: 'C:\\whoami.exe', ParentImage: 'C:\\cmd.exe' }), ['whoami']);
  assert.deepEqual(titles(engine, { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\whoami.exe', ParentProcessName: 'C:\\cmd.exe' }), ['whoami']);
  // Other Sysmon event types, other channels, and a missing channel are not process creations.
  assert.deepEqual(titles(engine, { Channel: SYSMON, EventID: 3, Image: 'C:\\whoami.exe', ParentImage: 'C:\\cmd.exe' }), []);
  assert.deepEqual(titles(engine, { Channel: 'Application', EventID: 1, Image: 'C:\\whoami.exe', ParentImage: 'C:\\cmd.exe' }), []);
  assert.deepEqual(titles(engine, { EventID: 1, Image: 'C:\\whoami.exe', ParentImage: 'C:\\cmd.exe' }), []);
});

test('Sysmon 12 is registry_add or registry_delete by its EventType', () => {
  const detectionBody = "detection:\n    s:\n        TargetObject|contains: '\\Run'\n    condition: s\n";
  const engine = new SigmaEngine([
    rule(`title: add\nlogsource: {product: windows, category: registry_add}\n${detectionBody}`),
    rule(`title: delete\nlogsource: {product: windows, category: registry_delete}\n${detectionBody}`),
    rule(`title: any registry\nlogsource: {product: windows, category: registry_event}\n${detectionBody}`),
    rule(`title: set\nlogsource: {product: windows, category: registry_set}\n${detectionBody}`),
  ]);
  const event = { Channel: SYSMON, EventID: 12, TargetObject: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' };
  assert.deepEqual(titles(engine, { ...event, EventType: 'CreateKey' }), ['add', 'any registry']);
  assert.deepEqual(titles(engine, { ...event, EventType: 'DeleteValue' }), ['any registry', 'delete']);
  assert.deepEqual(titles(engine, { ...event, EventID: 13, EventType: 'SetValue' }), ['any registry', 'set']);
});

test('product-only rules see every Windows event; service rules every event of their channels', () => {
  const engine = new SigmaEngine([
    rule("title: any windows\nlogsource: {product: windows}\ndetection:\n    s:\n        EventID: 104\n    condition: s\n"),
    rule("title: powershell\nlogsource: {product: windows, service: powershell}\ndetection:\n    s:\n        EventID: 104\n    condition: s\n"),
  ]);
  assert.deepEqual(titles(engine, { Channel: 'System', EventID: 104 }), ['any windows']);
  assert.deepEqual(titles(engine, { Channel: 'PowerShellCore/Operational', EventID: 104 }), ['any windows', 'powershell']);
});

test('other products meet events their source tags with a log source', () => {
  const auditd = rule("title: auditd\nlogsource: {product: linux, service: auditd}\ndetection:\n    s:\n        type: EXECVE\n    condition: s\n");
  const anyLinux = rule("title: linux\nlogsource: {product: linux}\ndetection:\n    s:\n        type: EXECVE\n    condition: s\n");
  const engine = new SigmaEngine([auditd, anyLinux]);
  const event = { type: 'EXECVE' };
  assert.deepEqual(titles(engine, event), []);
  assert.deepEqual(titles(engine, event, { product: 'linux', service: 'auditd' }), ['auditd', 'linux']);
  assert.deepEqual(titles(engine, event, { product: 'linux', service: 'syslog' }), ['linux']);
  assert.deepEqual(titles(engine, event, { product: 'macos' }), []);
  assert.ok(!hasEventSource(auditd.bindings));
});

test('Sysmon for Linux events reach linux process_creation rules and no Windows rule', () => {
  const linux = rule("title: linux proc\nlogsource: {product: linux, category: process_creation}\ndetection:\n    s:\n        Image|endswith: '/curl'\n    condition: s\n");
  const windows = rule("title: windows any\nlogsource: {product: windows}\ndetection:\n    s:\n        Image|endswith: '/curl'\n    condition: s\n");
  const engine = new SigmaEngine([linux, windows]);
  assert.deepEqual(titles(engine, { Channel: 'Linux-Sysmon/Operational', EventID: 1, Image: '/usr/bin/curl' }), ['linux proc']);
});

test('antivirus rules read Defender events under their field names', () => {
  const engine = new SigmaEngine([
    rule("title: av\nlogsource: {category: antivirus}\ndetection:\n    s:\n        Signature|contains: 'Mimikatz'\n    condition: s\n"),
  ]);
  assert.deepEqual(titles(engine, { Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: 1116, ThreatName: 'HackTool:Win32/Mimikatz' }), ['av']);
  assert.deepEqual(titles(engine, { Channel: 'Microsoft-Windows-Windows Defender/Operational', EventID: 5001, ThreatName: 'HackTool:Win32/Mimikatz' }), []);
});
