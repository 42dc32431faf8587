// `vigil rules test|check`: Sigma rules over event files, offline, through the real binary.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { cleanEnv, VIGIL } from '../helpers/server-process.ts';
import { SHARED_DATA, skipWithout } from '../helpers/shared-data.ts';

const run = promisify(execFile);
const vigil = (...args: string[]) => run(process.execPath, [VIGIL, ...args], { env: cleanEnv() });
const failure = (pattern: RegExp) => (error: { code: number; stderr: string }) => error.code === 1 && pattern.test(error.stderr);

const RULE_ID = '11111111-2222-3333-4444-555555555555';
const WHOAMI_RULE = `title: Whoami execution
id: ${RULE_ID}
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
`;
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const FLAT = { Channel: SYSMON, EventID: 1, Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all' };
const EVTX_DUMP = {
  Event: {
    System: { Channel: SYSMON, EventID: 1, Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } } },
    EventData: { Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami' },
  },
};
const OTHER = { Channel: SYSMON, EventID: 1, Image: 'C:\\Windows\\System32\\notepad.exe' };
/** A Sysmon network connection: right image, but not a process creation. */
const NETWORK = { ...FLAT, EventID: 3 };

const dir = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const rule = file('whoami.yml', WHOAMI_RULE);

async function jsonResult(events: string): Promise<{ rule: string; matches: number; events: unknown[] }> {
  const { stdout } = await vigil('rules', 'test', rule, events, '--json');
  return JSON.parse(stdout) as { rule: string; matches: number; events: unknown[] };
}

test('--json is exactly {rule, matches, events} with the matching events as read, whatever the file layout', async () => {
  const expected = { rule: RULE_ID, matches: 2, events: [EVTX_DUMP, FLAT] };
  const events = [EVTX_DUMP, OTHER, NETWORK, FLAT];
  assert.deepEqual(await jsonResult(file('events.ndjson', events.map((event) => JSON.stringify(event)).join('\n'))), expected);
  assert.deepEqual(await jsonResult(file('events.json', JSON.stringify(events, null, 2))), expected);
  assert.deepEqual(await jsonResult(file('concatenated.json', events.map((event) => JSON.stringify(event, null, 2)).join('\n'))), expected);
  assert.deepEqual(await jsonResult(file('events.json.gz', gzipSync(JSON.stringify(events)))), expected);
  const fromStdin = run(process.execPath, [VIGIL, 'rules', 'test', rule, '-', '--json'], { env: cleanEnv() });
  fromStdin.child.stdin!.end(gzipSync(events.map((event) => JSON.stringify(event)).join('\n')));
  assert.deepEqual(JSON.parse((await fromStdin).stdout), expected);
  assert.deepEqual(await jsonResult(file('one.json', JSON.stringify(FLAT))), { rule: RULE_ID, matches: 1, events: [FLAT] });
  assert.deepEqual(await jsonResult(file('none.json', JSON.stringify([OTHER, NETWORK]))), { rule: RULE_ID, matches: 0, events: [] });
});

test('the human output names the rule, counts events and matches, and places each match', async () => {
  const { stdout } = await vigil('rules', 'test', rule, file('two.ndjson', `${JSON.stringify(OTHER)}\n${JSON.stringify(EVTX_DUMP, null, 2)}\n`));
  assert.equal(stdout, `Rule ${RULE_ID}: Whoami execution
  events read  2
  matched      1
  event 2 (line 2)  EventID 1  Channel ${SYSMON}  Provider_Name Microsoft-Windows-Sysmon  Image C:\\Windows\\System32\\whoami.exe  CommandLine whoami
`);
});

test('entries that are not JSON are reported with line and column and skipped; the rest are tested', async () => {
  const events = file('broken.ndjson', [JSON.stringify(FLAT), '{"Channel": "x", oops}', 'not json at all', '{"EventID": 1', JSON.stringify(FLAT)].join('\n'));
  const { stdout, stderr } = await vigil('rules', 'test', rule, events);
  assert.match(stdout, /events read {2}2 \(3 unreadable skipped\)\n {2}matched {6}2\n/);
  assert.match(stdout, /event 2 \(line 5\)/);
  assert.match(stderr, /broken\.ndjson:2:18: Expected double-quoted property name \(skipped\)\n/);
  assert.match(stderr, /broken\.ndjson:3:1: unexpected "n" between JSON objects \(skipped\)\n/);
  assert.match(stderr, /broken\.ndjson:4:1: the JSON stream ends inside an object \(skipped\)\n/);
});

test('a rule that does not load is one line with file:line:column, field and reason, and exit 1', async () => {
  const broken = file('broken.yml', WHOAMI_RULE.replace('Image|endswith', 'Image|endswithh'));
  await assert.rejects(vigil('rules', 'test', broken, file('any.json', '{}')),
    failure(/^vigil: \S*broken\.yml:8:9: detection\.selection\.Image\|endswithh: unknown modifier "endswithh"\n$/));
  await assert.rejects(vigil('rules', 'check', rule, broken), failure(/broken\.yml:8:9: /));
  assert.equal((await vigil('rules', 'check', dir).catch((error: { stdout: string }) => error)).stdout, 'Loaded 1 rule from 2 files; 1 rejected (in 1 file).\n');
  assert.equal((await vigil('rules', 'check', rule)).stdout, 'Loaded 1 rule from 1 file; 0 rejected.\n');
});

test('a collection is tested rule by rule, one JSON line each', async () => {
  const collection = file('collection.yml', `${WHOAMI_RULE}---\n${WHOAMI_RULE.replace(RULE_ID, 'second').replace('whoami.exe', 'notepad.exe')}`);
  const { stdout } = await vigil('rules', 'test', collection, file('pair.json', JSON.stringify([FLAT, OTHER, OTHER])), '--json');
  assert.deepEqual(stdout.trim().split('\n').map((line) => JSON.parse(line) as { rule: string; matches: number }).map(({ rule: id, matches }) => [id, matches]), [[RULE_ID, 1], ['second', 2]]);
});

test('rules without a Windows channel (linux auditd) are offered every event', async () => {
  const auditd = file('auditd.yml', 'title: execve\nlogsource: {product: linux, service: auditd}\ndetection:\n    s:\n        type: EXECVE\n    condition: s\n');
  const { stdout } = await vigil('rules', 'test', auditd, file('audit.ndjson', '{"type": "EXECVE"}\n{"type": "SYSCALL"}\n'), '--json');
  assert.deepEqual(JSON.parse(stdout), { rule: 'execve', matches: 1, events: [{ type: 'EXECVE' }] });
});

// A SigmaHQ regression case: the rule named by its info.yml, over the events recorded beside it.
const CASE = join(SHARED_DATA, 'sigma/regression_data/rules/windows/process_creation/proc_creation_win_curl_custom_user_agent');
const CASE_RULE = join(SHARED_DATA, 'sigma/rules/windows/process_creation/proc_creation_win_curl_custom_user_agent.yml');

test('a SigmaHQ regression case matches at least its expected count', { skip: skipWithout(CASE) }, async () => {
  const info = readFileSync(join(CASE, 'info.yml'), 'utf8');
  const id = /rule_metadata:\s*- id: (\S+)/.exec(info)![1];
  const expected = Number(/match_count: (\d+)/.exec(info)?.[1] ?? 1);
  const { stdout } = await vigil('rules', 'test', CASE_RULE, join(CASE, `${id}.json`), '--json');
  const result = JSON.parse(stdout) as { rule: string; matches: number };
  assert.equal(result.rule, id);
  assert.ok(result.matches >= Math.max(expected, 1), `${result.matches} matches, expected ≥ ${expected}`);
});
