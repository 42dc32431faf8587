// A correlation rule over real recorded attacks (OTRF datasets): a process enumerating the local group
// memberships of several users within a minute (account discovery, T1087.001). The recordings hold
// 4798 events from several processes; only WmiPrvSE's sweeps over all four local accounts make hits.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { compileRuleFile, CorrelationEngine, SigmaEngine } from '../../../src/detect/sigma/index.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';

const OTRF = join(SHARED_DATA, 'otrf');

const DISCOVERY = `title: Local users enumerated by one process
id: 5d0f3c1e-4f5e-4b8a-9d53-3f1f5f0b7c21
level: medium
tags:
    - attack.discovery
    - attack.t1087.001
correlation:
    type: value_count
    rules:
        - local_group_membership_enumerated
    group-by:
        - Computer
        - CallerProcessName
    timespan: 1m
    condition:
        field: TargetUserName
        gte: 4
---
title: A user's local group membership was enumerated
name: local_group_membership_enumerated
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4798
    condition: selection
`;

test('value_count over OTRF: WmiPrvSE enumerating four local users in a minute is found, single lookups are not', { skip: skipWithout(OTRF) }, () => {
  const { rules, correlations, errors } = compileRuleFile(DISCOVERY, 'mr_local_user_discovery.yml');
  assert.deepEqual(errors, []);
  const detection = new SigmaEngine(rules);
  const found: { dataset: string; group: Record<string, string>; value: number; events: number; seconds: number }[] = [];
  let matches = 0;
  for (const dataset of readdirSync(OTRF, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    // Each dataset is its own recording: its own clock, its own correlation state.
    const correlating = new CorrelationEngine(correlations);
    const text = gunzipSync(readFileSync(join(OTRF, dataset, 'events.ndjson.gz'))).toString('utf8');
    const hits = text.split('\n').filter((line) => line.includes('4798')).flatMap((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      return detection.match(event).flatMap((rule) => {
        matches++;
        return correlating.observe(rule, event);
      });
    });
    hits.push(...correlating.flush());
    assert.equal(correlating.stats.untimed, 0, `${dataset}: every event has a time`);
    for (const hit of hits) found.push({ dataset, group: { ...hit.groupKey }, value: hit.value, events: hit.eventCount, seconds: (hit.lastTime - hit.firstTime) / 1000 });
  }
  assert.ok(matches > 20, `the detection rule matched ${matches} events across the datasets`);
  assert.deepEqual(found.map(({ dataset, group, value, events }) => ({ dataset, computer: group.Computer, process: group.CallerProcessName, value, events })), [
    ['covenant_sharpsc_create_dcerpc_smb_svcctl', 'WORKSTATION5.theshire.local'],
    ['empire_shell_net_local_users', 'WORKSTATION6.theshire.local'],
    ['empire_shell_rubeus_asktgt_createnetonly', 'WORKSTATION5.theshire.local'],
  ].map(([dataset, computer]) => ({ dataset, computer, process: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', value: 4, events: 4 })));
  assert.ok(found.every((hit) => hit.seconds <= 60));
});
