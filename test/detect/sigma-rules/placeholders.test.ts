// `expand` placeholders: values kept in the database, used by import and by the running rule set;
// a change of values recompiles the rules; bad files say what is wrong.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importRules, parsePlaceholders, SigmaRuleSet, storedPlaceholders, storePlaceholders } from '../../../src/detect/index.ts';
import type { EdrEvent } from '../../../src/model/index.ts';
import { openSqliteStore } from '../../../src/store/index.ts';

const RULE = `title: Probe on a workstation
id: 5d0c3a9e-1111-4c8e-9b5e-000000000001
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\probe.exe'
    Computer|expand: '%Workstations%'
  condition: selection
level: medium
`;

const launch = (host: string) => ({
  event_uuid: `p-${host}`, type_id: 8001, operation: 1, device_time: '2026-03-02T10:00:00.000Z', device_name: host, device_uid: `uid-${host}`,
  process: { cmd_line: 'probe.exe', file: { path: 'C:\\Tools\\probe.exe' } },
}) as unknown as EdrEvent;

test('a mapping of names to a value or a list is read; anything else is refused with the name and the file', () => {
  assert.deepEqual(parsePlaceholders('Workstations: [WS-01, "WS-02"]\nServers: SRV-01\n', 'p.yml'), { Workstations: ['WS-01', 'WS-02'], Servers: ['SRV-01'] });
  assert.deepEqual(parsePlaceholders('', 'p.yml'), {});
  assert.throws(() => parsePlaceholders('- a\n- b\n', 'p.yml'), /p\.yml: expected a mapping/);
  assert.throws(() => parsePlaceholders('Workstations: []\n', 'p.yml'), /p\.yml: Workstations: expected a text or a non-empty list/);
  assert.throws(() => parsePlaceholders('Workstations: {a: 1}\n', 'p.yml'), /Workstations/);
  assert.throws(() => parsePlaceholders('a: [b\n', 'p.yml'), /p\.yml: not YAML or JSON/);
});

test('without values the rule is rejected at import; with them it is stored, runs, and follows a change of values', async (t) => {
  const store = await openSqliteStore(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-placeholders-'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'probe.yml'), RULE);
  const refused = await importRules(store, [dir]);
  assert.equal(refused.records.length, 0);
  assert.match(refused.rejections[0].message, /placeholder %Workstations% has no configured values/);

  await storePlaceholders(store, { Workstations: ['WS-01'] });
  assert.deepEqual(await storedPlaceholders(store), { Workstations: ['WS-01'] });
  const imported = await importRules(store, [dir]);
  assert.deepEqual([imported.records.length, imported.rejections.length], [1, 0]);
  const ruleSet = new SigmaRuleSet(store);
  assert.equal(await ruleSet.refresh(), true);
  assert.equal(ruleSet.detect([launch('WS-01')]).length, 1);
  assert.equal(ruleSet.detect([launch('WS-02')]).length, 0);

  await storePlaceholders(store, { Workstations: ['WS-02'] });
  assert.equal(await ruleSet.refresh(), true, 'new values rebuild the rules');
  assert.deepEqual([ruleSet.detect([launch('WS-01')]).length, ruleSet.detect([launch('WS-02')]).length], [0, 1]);
  assert.equal(await ruleSet.refresh(), false);
});
