// The engine's prepared plans: what an event is offered depends only on its channel, EventID and log
// source tags, so plans are kept by those; a rule offered under several bindings runs once; a renamed
// source's fields are read under the rule's names; and every rule's matches stay what the rule says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { detection, rule } from './helpers.ts';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

test('plans are kept by channel and EventID as written: the same event in other spellings meets the same rules', () => {
  const whoami = detection("    s:\n        Image|endswith: '\\whoami.exe'\n    condition: s");
  const engine = new SigmaEngine([whoami]);
  const spellings = [
    { Channel: SYSMON, EventID: 1, Image: 'C:\\Windows\\System32\\whoami.exe' },
    { Channel: SYSMON, EventID: '1', Image: 'C:\\Windows\\System32\\WHOAMI.EXE' },
    { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\whoami.exe' },
    { Channel: 'security', EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\whoami.exe' },
  ];
  for (let pass = 0; pass < 2; pass++) {
    for (const event of spellings) assert.deepEqual(engine.match(event), [whoami], `${event.Channel} ${event.EventID}, pass ${pass}`);
  }
  assert.deepEqual(engine.match({ Channel: SYSMON, EventID: 11, Image: 'C:\\Windows\\System32\\whoami.exe' }), [], 'file creation is no process creation');
  assert.deepEqual(engine.match({ Channel: SYSMON, EventID: 1, Image: 'C:\\Windows\\System32\\cmd.exe' }), []);
});

test('a rule offered under two bindings of one event runs once, and the tag an event comes with chooses the plan', () => {
  const whoami = detection("    s:\n        Image|endswith: '\\whoami.exe'\n    condition: s");
  const engine = new SigmaEngine([whoami]);
  const event = { Channel: SYSMON, EventID: 1, Image: 'C:\\whoami.exe' };
  assert.deepEqual(engine.match(event, { product: 'windows', category: 'process_creation' }), [whoami], 'channel and tag both offer it: once');
  assert.deepEqual(engine.match({ Image: 'C:\\whoami.exe' }, { product: 'windows', category: 'process_creation' }), [whoami]);
  assert.deepEqual(engine.match({ Image: 'C:\\whoami.exe' }, { product: 'windows', category: 'file_event' }), []);
  assert.deepEqual(engine.match({ Image: 'C:\\whoami.exe' }), [], 'no channel and no tag: no rule');
});

test('matches come in rule order, under each rule\'s own field names, and a rule without literals still runs', () => {
  const rules = [
    detection("    s:\n        ParentImage|endswith: '\\winword.exe'\n    condition: s"),
    detection("    s:\n        CommandLine|re: '^.{3}$'\n    condition: s"),
    detection("    s:\n        Image|endswith: '\\cmd.exe'\n    condition: s"),
    rule("title: keyword\nlogsource:\n    product: windows\ndetection:\n    k:\n        - 'sekurlsa::'\n    condition: k\n"),
  ];
  const engine = new SigmaEngine(rules);
  const event = { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\cmd.exe', ParentProcessName: 'C:\\WinWord.exe', CommandLine: 'abc' };
  assert.deepEqual(engine.match(event), [rules[0], rules[1], rules[2]]);
  assert.deepEqual(engine.match({ ...event, Message: 'mimikatz SEKURLSA::logonpasswords' }), rules);
});
