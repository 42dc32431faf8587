// Sigma correlation rules in the running pipeline: a correlation imported with the rules it
// references fires on matches from separate batches, its hit opens one incident, and the rule it
// references (without `generate`) opens none of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { importRules } from '../../src/detect/index.ts';
import { postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const COLLECTION = `title: Discovery command
id: 0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0001
status: test
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\\\corrprobe.exe'
  condition: selection
level: medium
tags:
  - attack.discovery
  - attack.t1033
---
title: Repeated discovery on one host
id: 0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0002
status: test
correlation:
  type: event_count
  rules:
    - 0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0001
  group-by:
    - Computer
  timespan: 5m
  condition:
    gte: 3
level: high
tags:
  - attack.discovery
  - attack.t1033
`;

let vigil: TestVigil;
let dir: string;
let sequence = 0;

function probe(host: string, minute: number) {
  return {
    event_uuid: `corr-${++sequence}`, type_id: 8001, operation: 1,
    device_time: `2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    device_name: host, device_uid: `uid-${host}`, device_ip: '192.0.2.40',
    event_actor: { pid: 100, file: { path: 'C:\\Windows\\System32\\cmd.exe' } },
    process: { pid: 300 + sequence, cmd_line: 'corrprobe /all', file: { path: 'C:\\Windows\\System32\\corrprobe.exe' } },
  };
}

before(async () => {
  vigil = await startTestVigil({ sigma: true });
  dir = mkdtempSync(join(tmpdir(), 'vigil-correlation-'));
  writeFileSync(join(dir, 'discovery.yml'), COLLECTION);
  const report = await importRules(vigil.store, [dir]);
  assert.deepEqual([report.records.length, report.correlations, report.rejections.length], [2, 1, 0]);
  assert.equal(await vigil.sigmaRules!.refresh(), true);
  assert.equal(vigil.sigmaRules!.runningCorrelations.length, 1);
});
after(async () => {
  await vigil.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('three matches on one host within the timespan, in three batches, open one correlation incident', async () => {
  const first = await postEvents(vigil, probe('WS-CORR', 0));
  const second = await postEvents(vigil, probe('WS-CORR', 1));
  assert.deepEqual([first.body.incidents.created, second.body.incidents.created], [[], []], 'the referenced rule alone opens nothing');
  const other = await postEvents(vigil, probe('WS-OTHER', 2));
  assert.deepEqual(other.body.incidents.created, [], 'another host is another group');
  const third = await postEvents(vigil, probe('WS-CORR', 3));
  assert.equal(third.body.incidents.created.length, 1);
  const incident = (await vigil.store.getIncident(third.body.incidents.created[0]))!;
  assert.equal(incident.detection_type, 'Sigma correlation');
  assert.equal(incident.priority_level, 3, 'level high');
  assert.deepEqual([incident.event_count, incident.first_event_seen, incident.last_event_seen], [3, '2026-03-02T10:00:00.000Z', '2026-03-02T10:03:00.000Z'], 'the hit counts every event behind it');
  assert.match(incident.recommended_action, /Repeated discovery on one host/);
  for (const uuid of ['corr-1', 'corr-2', 'corr-4']) {
    const behind = (await vigil.store.getEvent(uuid))!;
    assert.deepEqual([behind.incident, behind.event_source], [incident.uuid, 1], `${uuid}: every event behind the hit is linked, those of earlier batches too`);
  }
  assert.equal((await vigil.store.getEvent('corr-3'))!.incident, undefined, 'the other host\'s event is not');
  const linked = await vigil.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.uuid}/events`, headers: { authorization: `Bearer ${vigil.tokens.viewer}` } });
  assert.equal(linked.json().total, 3, 'the incident\'s events list them');
  const last = (await vigil.store.getEvent(`corr-${sequence}`))!;
  assert.deepEqual((last.sigma as { title: string }[]).map(({ title }) => title), ['Discovery command'], 'the match is still recorded on the event');
});

test('a correlation in another file than the rule it references (imported together) runs too', async () => {
  const other = mkdtempSync(join(tmpdir(), 'vigil-correlation-file-'));
  try {
    writeFileSync(join(other, 'probe.yml'), COLLECTION.split('---')[0].replaceAll('2f3f2a0001', '2f3f2a0004').replace('Discovery command', 'Second probe'));
    writeFileSync(join(other, 'burst.yml'), `title: Burst of probes
id: 0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0003
correlation:
  type: event_count
  rules:
    - 0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0004
  group-by:
    - Computer
  timespan: 1m
  condition:
    gte: 2
level: medium
`);
    const report = await importRules(vigil.store, [other]);
    assert.deepEqual([report.records.length, report.correlations, report.rejections.length], [2, 1, 0]);
    await vigil.sigmaRules!.refresh();
    assert.deepEqual(vigil.sigmaRules!.runningCorrelations.map(({ title }) => title).sort(), ['Burst of probes', 'Repeated discovery on one host']);
    const stored = await vigil.store.rules.get('0b7e4c58-5d1b-4d4c-9a49-1c2f3f2a0003');
    assert.equal(stored?.load_error, undefined);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});
