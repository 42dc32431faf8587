// The Sigma rule store: rules saved with their source and origin, replaced by id keeping their
// enabled flag, an origin's set replaced whole, load errors recorded, and a version that changes with
// every change. Then files and directories imported through the import function, SigmaHQ's too.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importRules, saveConfiguredRules, SigmaRuleSet } from '../../src/detect/index.ts';
import { openSqliteStore, type RuleRecord, type Store } from '../../src/store/index.ts';
import { SHARED_DATA, skipWithout } from '../helpers/shared-data.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function ruleYaml(id: string, title: string, extra = ''): string {
  return `title: ${title}\nid: ${id}\nlevel: high\ntags:\n    - attack.t1059.001\nlogsource:\n    category: process_creation\n    product: windows\n`
    + `detection:\n    s:\n        CommandLine|contains: '${title}'\n    condition: s\n${extra}`;
}

function record(id: string, overrides: Partial<RuleRecord> = {}): RuleRecord {
  return { id, title: `rule ${id}`, level: 'high', tags: ['attack.t1059.001'], yaml: ruleYaml(id, `rule ${id}`), document: 1, origin: 'imported', path: `/rules/${id}.yml`, ...overrides };
}

async function memoryStore(t: { after: (fn: () => Promise<void>) => void }): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  return store;
}

test('saving adds new rules, replaces changed ones by id (keeping their enabled flag) and leaves equal ones alone', async (t) => {
  const store = await memoryStore(t);
  const start = await store.rules.version();
  assert.deepEqual(await store.rules.save([record('a'), record('b')], T0), { created: 2, replaced: 0, removed: 0 });
  const afterCreate = await store.rules.version();
  assert.ok(afterCreate > start);
  assert.deepEqual(await store.rules.save([record('a')], T1), { created: 0, replaced: 0, removed: 0 });
  assert.equal(await store.rules.version(), afterCreate, 'nothing changed, so the version stays');

  await store.rules.setEnabled('a', false, T1);
  assert.deepEqual(await store.rules.save([record('a', { title: 'renamed', level: 'low' })], T1), { created: 0, replaced: 1, removed: 0 });
  const a = (await store.rules.get('a'))!;
  assert.deepEqual({ title: a.title, level: a.level, enabled: a.enabled, created: a.created, updated: a.updated }, { title: 'renamed', level: 'low', enabled: false, created: T0, updated: T1 });
  assert.equal(a.yaml, record('a').yaml);
  assert.deepEqual(a.tags, ['attack.t1059.001']);

  const summaries = await store.rules.list();
  assert.deepEqual(summaries.map((rule) => rule.title), ['renamed', 'rule b'], 'ordered by title');
  assert.ok(summaries.every((rule) => !('yaml' in rule)), 'the list leaves the sources out');
  assert.deepEqual((await store.rules.runnable()).map((rule) => rule.id), ['b'], 'runnable: the enabled ones, with sources');
  assert.equal(await store.rules.get('nope'), undefined);
});

test('enable/disable changes the version only when it changes the flag; unknown ids answer undefined', async (t) => {
  const store = await memoryStore(t);
  await store.rules.save([record('a')], T0);
  const version = await store.rules.version();
  assert.equal((await store.rules.setEnabled('a', true, T1))!.updated, T0, 'already enabled: untouched');
  assert.equal(await store.rules.version(), version);
  const disabled = (await store.rules.setEnabled('a', false, T1))!;
  assert.deepEqual([disabled.enabled, disabled.updated], [false, T1]);
  assert.ok((await store.rules.version()) > version);
  assert.equal(await store.rules.setEnabled('missing', false, T1), undefined);
});

test('replacing an origin makes its set exactly the records given; other origins stay', async (t) => {
  const store = await memoryStore(t);
  await store.rules.save([record('b1', { origin: 'builtin' }), record('b2', { origin: 'builtin' })], T0, { replacing: 'builtin' });
  await store.rules.save([record('i1')], T0);
  await store.rules.setEnabled('b1', false, T0);
  assert.deepEqual(await store.rules.save([record('b1', { origin: 'builtin' })], T1, { replacing: 'builtin' }), { created: 0, replaced: 0, removed: 1 });
  const left = await store.rules.list();
  assert.deepEqual(left.map((rule) => [rule.id, rule.origin, rule.enabled]), [['b1', 'builtin', false], ['i1', 'imported', true]]);
});

test('load errors are recorded and cleared without counting as a change; a new source clears them too', async (t) => {
  const store = await memoryStore(t);
  await store.rules.save([record('a'), record('b')], T0);
  const version = await store.rules.version();
  await store.rules.recordLoadErrors(new Map([['a', 'x.yml:3:1: detection: is required'], ['b', undefined]]));
  assert.equal((await store.rules.get('a'))!.load_error, 'x.yml:3:1: detection: is required');
  assert.equal((await store.rules.get('b'))!.load_error, undefined);
  assert.equal(await store.rules.version(), version);
  await store.rules.save([record('a', { yaml: ruleYaml('a', 'fixed') })], T1);
  assert.equal((await store.rules.get('a'))!.load_error, undefined);
});

test('the rule set runs the enabled rules, records the load error of one that stopped compiling, and follows changes', async (t) => {
  const store = await memoryStore(t);
  await store.rules.save([record('good'), record('broken', { yaml: 'title: broken\nlogsource: {product: windows}\n' })], T0);
  const ruleSet = new SigmaRuleSet(store);
  assert.equal(await ruleSet.refresh(), true);
  assert.deepEqual(ruleSet.running.map((rule) => rule.id), ['good']);
  assert.match((await store.rules.get('broken'))!.load_error ?? '', /^\/rules\/broken\.yml:1:1: detection: is required$/);
  assert.equal(await ruleSet.refresh(), false, 'nothing changed since');
  await store.rules.setEnabled('good', false, T1);
  assert.equal(await ruleSet.refresh(), true);
  assert.deepEqual(ruleSet.running, []);
});

test('importing validates every file, stores the rules that load and reports each rejection with file, line and field', async (t) => {
  const store = await memoryStore(t);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
  writeFileSync(join(dir, 'good.yml'), ruleYaml('11111111-0000-4000-8000-000000000001', 'good one'));
  writeFileSync(join(dir, 'no-id.yaml'), 'title: without id\nlogsource: {product: windows, category: process_creation}\ndetection:\n    s:\n        Image|endswith: x.exe\n    condition: s\n');
  writeFileSync(join(dir, 'bad-modifier.yml'), ruleYaml('11111111-0000-4000-8000-000000000002', 'bad', '').replace('CommandLine|contains', 'CommandLine|sometimes'));
  writeFileSync(join(dir, 'same-id.yml'), ruleYaml('11111111-0000-4000-8000-000000000001', 'twin'));
  writeFileSync(join(dir, 'notes.txt'), 'not a rule file');
  writeFileSync(join(dir, 'repeated.yml'), 'title: repeated\ncorrelation:\n    type: event_count\n    rules:\n        - 11111111-0000-4000-8000-000000000001\n'
    + '    group-by:\n        - Computer\n    timespan: 5m\n    condition:\n        gte: 3\nlevel: high\n');
  const report = await importRules(store, [dir], T0);
  assert.equal(report.files, 5);
  assert.equal(report.correlations, 1, 'a correlation rule is stored like the others');
  assert.deepEqual(report.saved, { created: 3, replaced: 0, removed: 0 });
  assert.deepEqual(report.rejections.map((error) => [error.file, error.position?.line, error.field]), [
    [join(dir, 'bad-modifier.yml'), 11, 'detection.s.CommandLine|sometimes'],
    [join(dir, 'same-id.yml'), undefined, 'id'],
  ]);
  assert.match(report.rejections[1].reason, /is already the id of a rule in .*good\.yml/);
  const stored = await store.rules.list();
  assert.deepEqual(stored.map((rule) => rule.title).sort(), ['good one', 'repeated', 'without id']);
  assert.ok(stored.every((rule) => rule.origin === 'imported'));
  assert.match(stored.find((rule) => rule.title === 'without id')!.id, /^vigil-[0-9a-f]{24}$/, 'a rule without an id gets one from its file');
  assert.equal((await store.rules.get(stored.find((rule) => rule.title === 'good one')!.id))!.yaml, ruleYaml('11111111-0000-4000-8000-000000000001', 'good one'));
  await assert.rejects(importRules(store, [dir, join(dir, 'missing')], T1), /ENOENT/, 'a path that cannot be read stops the import before anything is stored');
  assert.equal((await store.rules.list()).length, 3);
});

test('a start stores the built-in rules and the configured directories, each as the whole of its origin', async (t) => {
  const store = await memoryStore(t);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-config-rules-'));
  writeFileSync(join(dir, 'local.yml'), ruleYaml('22222222-0000-4000-8000-000000000001', 'local rule'));
  const first = await saveConfiguredRules(store, [dir], T0);
  assert.equal(first.builtin.rejections.length, 0);
  assert.ok(first.builtin.records.length >= 5);
  assert.deepEqual(first.config.saved, { created: 1, replaced: 0, removed: 0 });
  const second = await saveConfiguredRules(store, [], T1);
  assert.deepEqual(second.config.saved, { created: 0, replaced: 0, removed: 1 }, 'a directory no longer configured takes its rules along');
  assert.deepEqual(second.builtin.saved, { created: 0, replaced: 0, removed: 0 });
  assert.ok((await store.rules.list()).every((rule) => rule.origin === 'builtin'));
});

const SIGMAHQ_WINDOWS = join(SHARED_DATA, 'sigma/rules/windows');

test('SigmaHQ\'s Windows rules import: at least 99.5% stored, each rejection with its reason', { skip: skipWithout(SIGMAHQ_WINDOWS) }, async (t) => {
  const store = await memoryStore(t);
  const report = await importRules(store, [SIGMAHQ_WINDOWS], T0);
  const documents = report.records.length + report.rejections.length;
  console.log(`SigmaHQ rules/windows: ${report.records.length}/${documents} rules from ${report.files} files stored; ${report.rejections.length} rejected:`);
  for (const rejection of report.rejections) console.log(`  ${rejection.message.replace(`${SIGMAHQ_WINDOWS}/`, '')}`);
  assert.ok(report.records.length / documents >= 0.995, `${report.records.length}/${documents} stored`);
  for (const rejection of report.rejections) assert.ok(rejection.reason.length > 0);
  assert.equal(report.saved.created, report.records.length);
  assert.equal((await store.rules.list()).length, report.records.length);
  const ruleSet = new SigmaRuleSet(store);
  await ruleSet.refresh();
  assert.equal(ruleSet.running.length, report.records.length, 'every stored rule compiles again from its stored source');
});
