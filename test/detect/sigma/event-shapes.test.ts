// The same Windows event as evtx_dump JSON, flat (OTRF / NXLog) and Winlogbeat gives the same fields
// and the same matches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldViewOf, SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { rule } from './helpers.ts';

const DATA = {
  Image: 'C:\\Windows\\System32\\whoami.exe',
  CommandLine: 'whoami /priv',
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
  User: 'CORP\\alice',
};

const EVTX_DUMP = {
  Event: {
    '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
    System: {
      Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ws1.corp.local',
      Execution: { '#attributes': { ProcessID: 3544, ThreadID: 4272 } },
      Security: { '#attributes': { UserID: 'S-1-5-18' } },
    },
    EventData: DATA,
  },
};

const FLAT = { ...DATA, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', SourceName: 'Microsoft-Windows-Sysmon', Hostname: 'ws1.corp.local' };

const WINLOGBEAT = {
  '@timestamp': '2024-01-01T00:00:00.000Z',
  winlog: {
    event_id: '1',
    channel: 'Microsoft-Windows-Sysmon/Operational',
    provider_name: 'Microsoft-Windows-Sysmon',
    computer_name: 'ws1.corp.local',
    user: { identifier: 'S-1-5-18' },
    process: { pid: 3544, thread: { id: 4272 } },
    event_data: DATA,
  },
  process: { command_line: 'whoami /priv' },
};

test('the three shapes give the same Sigma fields', () => {
  for (const event of [EVTX_DUMP, FLAT, WINLOGBEAT]) {
    const view = fieldViewOf(event);
    assert.equal(String(view.get('EventID')), '1');
    assert.equal(view.get('Channel'), 'Microsoft-Windows-Sysmon/Operational');
    assert.equal(view.get('Provider_Name'), 'Microsoft-Windows-Sysmon');
    assert.equal(view.get('Computer'), 'ws1.corp.local');
    for (const [field, value] of Object.entries(DATA)) assert.equal(view.get(field), value);
    assert.equal(view.get('NoSuchField'), undefined);
  }
  assert.equal(fieldViewOf(EVTX_DUMP).get('Security_UserID'), 'S-1-5-18');
  assert.equal(fieldViewOf(WINLOGBEAT).get('Security_UserID'), 'S-1-5-18');
  assert.equal(fieldViewOf(EVTX_DUMP).get('Execution_ProcessID'), 3544);
  assert.equal(fieldViewOf(WINLOGBEAT).get('process.command_line'), 'whoami /priv', 'other ECS fields by dotted path');
});

test('the three shapes give the same matches', () => {
  const engine = new SigmaEngine([
    rule(`title: whoami
logsource: {category: process_creation, product: windows}
detection:
    selection:
        Image|endswith: '\\whoami.exe'
        CommandLine|contains: '/priv'
        Provider_Name: 'Microsoft-Windows-Sysmon'
    condition: selection
`),
    rule(`title: keyword
logsource: {product: windows, service: sysmon}
detection:
    keywords:
        - 'CORP\\alice'
    condition: keywords
`),
    rule(`title: other
logsource: {category: process_creation, product: windows}
detection:
    selection:
        Image|endswith: '\\net.exe'
    condition: selection
`),
  ]);
  for (const event of [EVTX_DUMP, FLAT, WINLOGBEAT]) {
    assert.deepEqual(engine.match(event).map((matched) => matched.title).sort(), ['keyword', 'whoami']);
  }
});

test('evtx_dump: EventID with qualifiers, UserData fields', () => {
  const view = fieldViewOf({
    Event: {
      System: { EventID: { '#attributes': { Qualifiers: 16384 }, '#text': 7045 }, Channel: 'System' },
      UserData: { LogFileCleared: { '#attributes': { xmlns: 'x' }, SubjectUserName: 'bob' } },
    },
  });
  assert.equal(view.get('EventID'), 7045);
  assert.equal(view.get('EventID_Qualifiers'), 16384);
  assert.equal(view.get('SubjectUserName'), 'bob');
});
