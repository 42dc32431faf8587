// Runs the real `vigil` command against a real server on a free port.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { cleanEnv, startServerProcess, VIGIL, type ServerProcess } from '../helpers/server-process.ts';

const run = promisify(execFile);
const COMMAND_TIMEOUT_MS = 60_000;
const DESCRIPTION = 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-cli-e2e-'));
const env = cleanEnv();
let server: ServerProcess;
let url: string;

async function vigil(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [VIGIL, ...args, '--data-dir', dataDir], { env, timeout: COMMAND_TIMEOUT_MS });
  return stdout;
}

async function vigilJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await vigil(...args, '--json')) as T;
}

/** Reads an incident straight from the API, to check what the commands changed. */
async function apiGet(path: string): Promise<Record<string, unknown>> {
  const { username, password } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const { token } = await login.json() as { token: string };
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json() as Promise<Record<string, unknown>>;
}

before(async () => {
  server = await startServerProcess(dataDir, env);
  url = server.url;
});

after(() => server.stop());

test('demo opens the seed\'s incident; a second run is all duplicates', async () => {
  const first = await vigil('demo');
  assert.match(first, /101 accepted, 0 duplicates, 0 rejected/);
  assert.match(first, new RegExp(`Incident 100000 created: ${DESCRIPTION}`));
  assert.match(first, /priority HIGH, 6 endpoints/);
  const second = await vigil('demo');
  assert.match(second, /0 accepted, 101 duplicates/);
  assert.match(second, /Everything was a duplicate/);
});

test('demo with an ingest token in VIGIL_TOKEN says what it sent, then why it cannot show the incident', async (t) => {
  const ownDir = mkdtempSync(join(tmpdir(), 'vigil-cli-e2e-demo-'));
  const own = await startServerProcess(ownDir, env);
  t.after(() => own.stop());
  const { ingest_token: ingestToken } = JSON.parse(readFileSync(join(ownDir, 'credentials.json'), 'utf8'));
  await assert.rejects(
    run(process.execPath, [VIGIL, 'demo', '--data-dir', ownDir], { env: { ...env, VIGIL_TOKEN: ingestToken }, timeout: COMMAND_TIMEOUT_MS }),
    (error: { code: number; stdout: string; stderr: string }) => {
      assert.equal(error.code, 1, error.stderr);
      assert.match(error.stdout, /^Sent 101 demo events: 101 accepted, 0 duplicates, 0 rejected\.\n$/);
      assert.match(error.stderr, /^vigil: the demo events were sent, but the incidents they opened or updated cannot be shown: not allowed with the credentials from VIGIL_TOKEN: the ingest role may not read data\n$/);
      return true;
    },
  );
});

test('incidents list and show report the incident', async () => {
  const page = await vigilJson<{ result: { atp_incident_id: number; description: string; priority_level: number; deviceUid: string[] }[]; total: number }>('incidents', 'list');
  assert.equal(page.total, 1);
  assert.equal(page.result[0].atp_incident_id, 100000);
  assert.equal(page.result[0].description, DESCRIPTION);
  assert.equal(page.result[0].priority_level, 3);
  assert.equal(page.result[0].deviceUid.length, 6);

  const incident = await vigilJson<{ description: string; priority_level: number; endpoints: unknown[]; explanation: string }>('incidents', 'show', '100000');
  assert.equal(incident.description, DESCRIPTION);
  assert.equal(incident.priority_level, 3);
  assert.equal(incident.endpoints.length, 6);

  const text = await vigil('incidents', 'show', '100000');
  assert.match(text, /192\.0\.2\.10 → 192\.0\.2\.100:18878 +2: TCP +2: Outbound/);
});

test('ingest sends NDJSON and gzip, and names the bad line of the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-e2e-files-'));
  const lines = Array.from({ length: 12 }, (_, index) => {
    const line = index + 1;
    if (line === 7) return '{"type_id": 8001, "device_time":';
    return JSON.stringify({ type_id: 8001, device_time: `2024-01-01T00:00:${String(line).padStart(2, '0')}Z`, device_uid: 'e2e-device', event_uuid: `e2e-${line}` });
  });
  const text = lines.join('\n') + '\n';
  writeFileSync(join(dir, 'events.ndjson'), text);
  writeFileSync(join(dir, 'events.ndjson.gz'), gzipSync(text));

  const plain = await vigilJson<{ sent: number; accepted: number; rejected: number; rejections: { line: number; column: number }[] }>('ingest', join(dir, 'events.ndjson'), '--batch-size', '5');
  assert.equal(plain.sent, 12);
  assert.equal(plain.accepted, 11);
  assert.equal(plain.rejected, 1);
  assert.deepEqual([plain.rejections[0].line, plain.rejections[0].column], [7, 33], 'the line ends where a value should start');

  const compressed = await vigilJson<{ accepted: number; duplicates: number; rejected: number }>('ingest', join(dir, 'events.ndjson.gz'));
  assert.deepEqual([compressed.accepted, compressed.duplicates, compressed.rejected], [0, 11, 1]);
});

test('incidents close sets state and resolution and adds the comment', async () => {
  const output = await vigil('incidents', 'close', '100000', '--resolution', 'FALSE_POSITIVE', '--comment', 'Lab traffic to a test host');
  assert.match(output, /Incident 100000 is Closed with resolution FALSE_POSITIVE/);
  const incident = await apiGet('/api/v1/incidents/100000');
  assert.equal(incident.state, 4);
  assert.equal(incident.resolution, 2);
  const comments = await apiGet('/api/v1/incidents/100000/comments') as { result: { comment: string }[] };
  assert.deepEqual(comments.result.map((comment) => comment.comment), ['Lab traffic to a test host']);
});

test('a user error is one line on stderr and exit code 1', async () => {
  await assert.rejects(run(process.execPath, [VIGIL, 'incidents', 'show', '999', '--data-dir', dataDir], { env, timeout: COMMAND_TIMEOUT_MS }), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.equal(error.stderr.trimEnd().split('\n').length, 1);
    assert.match(error.stderr, /^vigil: .*no incident 999/);
    return true;
  });
});

test('users create works on the database beside the running server, and the user can log in', async () => {
  const { stdout } = await run(process.execPath, [VIGIL, 'users', 'create', 'alice', '--role', 'viewer', '--data-dir', dataDir], {
    env: { ...env, VIGIL_NEW_PASSWORD: 'correct horse battery' }, timeout: COMMAND_TIMEOUT_MS,
  });
  assert.match(stdout, /Created user alice with role viewer/);
  assert.doesNotMatch(stdout, /correct horse battery/, 'a password the user chose is not echoed');
  const page = await vigilJson<{ total: number }>('incidents', 'list', '--user', 'alice', '--password', 'correct horse battery');
  assert.equal(page.total, 1);
});

test('an unreachable server is one line saying how to start it', async () => {
  await assert.rejects(run(process.execPath, [VIGIL, 'incidents', 'list', '--server', 'http://127.0.0.1:59999', '--data-dir', dataDir], { env, timeout: COMMAND_TIMEOUT_MS }), (error: { stderr: string }) => {
    assert.match(error.stderr, /^vigil: cannot reach the Vigil server at http:\/\/127\.0\.0\.1:59999 .*npm start/);
    return true;
  });
});

/** Runs vigil expecting exit 1 and exactly one stderr line matching `pattern`; returns stdout. */
async function failsWith(args: string[], pattern: RegExp): Promise<string> {
  let stdout = '';
  await assert.rejects(run(process.execPath, [VIGIL, ...args], { env, timeout: COMMAND_TIMEOUT_MS }), (error: { code: number; stdout: string; stderr: string }) => {
    assert.equal(error.code, 1, error.stderr);
    assert.equal(error.stderr.trimEnd().split('\n').length, 1, error.stderr);
    assert.match(error.stderr, pattern);
    stdout = error.stdout;
    return true;
  });
  return stdout;
}

test('a --server that answers 200 with HTML is named as not a Vigil server, in every client command', async () => {
  const html = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html>hello</html>'));
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  const other = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-cli-e2e-html-')), 'events.ndjson');
  writeFileSync(file, '{"n":1}\n');
  const notVigil = new RegExp(`^vigil: ${other.replace(/\./g, '\\.')} is not a Vigil server: it answered text/html \\(HTTP 200\\)`);
  try {
    for (const args of [
      ['incidents', 'list', '--token', 'x'],
      ['incidents', 'list', '--user', 'admin', '--password', 'y'],
      ['ingest', file, '--token', 'x'],
      ['demo', '--token', 'x'],
      ['dead-letters', 'purge', '1', '--token', 'x'],
    ]) await failsWith([...args, '--server', other], notVigil);
  } finally {
    html.close();
  }
});

test('purging a dead letter id that does not exist fails the command', async () => {
  const output = await failsWith(['dead-letters', 'purge', '999999', '--data-dir', dataDir, '--json'], /^vigil: no dead letter 999999\n$/);
  assert.deepEqual(JSON.parse(output), { deleted: 0 }, 'stdout stays JSON');
});

test('a token with characters an HTTP header cannot carry is an invalid token, not an unreachable server', async () => {
  await failsWith(['incidents', 'list', '--token', 'é€', '--data-dir', dataDir], /^vigil: the token from --token is not a valid token/);
});
