// `vigil serve` as a process: first-start credentials (generated or from the environment), the
// 0600 credentials file, and a restart that keeps everything.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { cleanEnv, startServerProcess, VIGIL } from '../helpers/server-process.ts';

const run = promisify(execFile);

async function login(url: string, username: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await response.body?.cancel();
  return response.status;
}

test('first start generates an admin and an ingest token, prints them once and keeps them in a 0600 file', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-'));
  const server = await startServerProcess(dataDir);
  try {
    const file = join(dataDir, 'credentials.json');
    const credentials = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(credentials.username, 'admin');
    assert.equal(credentials.server, server.url);
    assert.ok(server.output().includes(credentials.password), 'the password is printed');
    assert.ok(server.output().includes(credentials.ingest_token), 'the ingest token is printed');
    assert.equal(await login(server.url, 'admin', credentials.password), 200);
  } finally {
    assert.equal(await server.stop(), 0, 'SIGTERM stops the server cleanly');
  }
  const again = await startServerProcess(dataDir);
  try {
    assert.doesNotMatch(again.output(), /First start/, 'credentials are shown only once');
    assert.ok(again.output().includes(`Open the console at ${again.url} in a browser, or log in with POST ${again.url}/api/v1/auth/login`), 'a later start says where to log in');
  } finally {
    await again.stop();
  }
});

test('VIGIL_ADMIN_PASSWORD and VIGIL_INGEST_TOKEN are used on first start, and everything survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-env-'));
  const password = 'automation-password-1234';
  const ingestToken = 'automation-ingest-token-0123456789';
  const first = await startServerProcess(dataDir, cleanEnv({ VIGIL_ADMIN_PASSWORD: password, VIGIL_INGEST_TOKEN: ingestToken }));
  try {
    assert.match(first.output(), /\(from VIGIL_ADMIN_PASSWORD\)/);
    assert.ok(!first.output().includes(password), 'a preset password is not echoed');
    assert.equal(await login(first.url, 'admin', password), 200);
    const posted = await fetch(`${first.url}/api/v1/events`, {
      method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' }, body: JSON.stringify(seedEvent()),
    });
    assert.equal(posted.status, 200);
    // One line that becomes an event, one that does not (a dead letter): the listener counters.
    const lines = await fetch(`${first.url}/api/v1/events?format=cef`, {
      method: 'POST', headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'text/plain' },
      body: 'CEF:0|Symantec|Endpoint Protection|14.3|206|Intrusion detected|8|rt=1623182880000 src=192.0.2.10 dst=192.0.2.100 dpt=18878\nnot a CEF line\n',
    });
    assert.equal(lines.status, 200, await lines.text());
  } finally {
    await first.stop();
  }
  const second = await startServerProcess(dataDir);
  try {
    const token = (await (await fetch(`${second.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })).json() as { token: string }).token;
    const incident = await (await fetch(`${second.url}/api/v1/incidents/100000`, { headers: { authorization: `Bearer ${token}` } })).json() as { description: string; events_total: number };
    assert.equal(incident.description, 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15');
    assert.equal(incident.events_total, 1);
    // The server's own start and stop are system activities, newest first.
    const systemActivities = async (query: string) => (await (await fetch(`${second.url}/atpapi/v2/systemactivities`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ verb: 'query', query }),
    })).json() as { result: { message: string; type_id: number }[] });
    const activities = await systemActivities('feature_name: Server');
    assert.deepEqual(activities.result.map((activity) => activity.message), ['Vigil started', 'Vigil stopping', 'Vigil started']);
    assert.ok(activities.result.every((activity) => activity.type_id === 1));
    // The counters saved when the first server stopped carry on.
    const sources = await (await fetch(`${second.url}/api/v1/ingest/sources`, { headers: { authorization: `Bearer ${token}` } })).json() as {
      listeners: { name: string; totals: Record<string, number> }[];
    };
    const http = sources.listeners.find((listener) => listener.name === 'http');
    assert.deepEqual(http && [http.totals.received, http.totals.parsed, http.totals.events, http.totals.rejected, http.totals.dead_lettered], [2, 1, 1, 1, 1]);
    const detection = (await systemActivities('feature_name: Detection')).result.map((activity) => activity.message);
    assert.equal(detection.length, 4, 'the catalog and the rules, once per start');
    assert.match(detection[0], /^Loaded 5 built-in detection rules: MaliciousTrafficIncident, /);
    assert.match(detection[1], /^Using the ATT&CK catalog built-in: \d+ techniques, 0 groups and software\.$/);
  } finally {
    await second.stop();
  }
});

test('a weak preset password stops the first start with one line and writes nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-weak-'));
  await assert.rejects(
    run(process.execPath, [VIGIL, 'serve', '--port', '0', '--data-dir', dataDir], { env: cleanEnv({ VIGIL_ADMIN_PASSWORD: 'short' }), timeout: 60_000 }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr, /^vigil: first start: a password needs at least 12 characters/);
      return true;
    },
  );
  const server = await startServerProcess(dataDir);
  try {
    assert.match(server.output(), /First start/, 'the database stayed empty, so a later start bootstraps');
  } finally {
    await server.stop();
  }
});

test('a port already in use is one line naming the address', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-port-'));
  const server = await startServerProcess(dataDir);
  try {
    const port = new URL(server.url).port;
    await assert.rejects(
      run(process.execPath, [VIGIL, 'serve', '--port', port, '--data-dir', mkdtempSync(join(tmpdir(), 'vigil-serve-port2-')), '--log-level', 'silent'], { env: cleanEnv(), timeout: 60_000 }),
      (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr, new RegExp(`^vigil: 127\\.0\\.0\\.1:${port} is already in use`));
        assert.equal(error.stderr.trim().split('\n').length, 1);
        return true;
      },
    );
  } finally {
    await server.stop();
  }
});

test('a failed listen creates no accounts: the next start shows the credentials and writes them', async () => {
  const busy = await startServerProcess(mkdtempSync(join(tmpdir(), 'vigil-serve-busy-')));
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-retry-'));
  try {
    await assert.rejects(
      run(process.execPath, [VIGIL, 'serve', '--port', new URL(busy.url).port, '--data-dir', dataDir, '--log-level', 'silent'], { env: cleanEnv(), timeout: 60_000 }),
      (error: { code: number; stderr: string }) => error.code === 1 && /is already in use/.test(error.stderr),
    );
  } finally {
    await busy.stop();
  }
  assert.deepEqual(readdirSync(dataDir).filter((name) => name.startsWith('credentials')), [], 'no credentials file, not even a temporary one');
  const server = await startServerProcess(dataDir);
  try {
    const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
    assert.match(server.output(), /First start/);
    assert.ok(server.output().includes(credentials.password));
    assert.equal(credentials.server, server.url);
    assert.equal(await login(server.url, 'admin', credentials.password), 200);
  } finally {
    await server.stop();
  }
});

test('an existing credentials file readable by others is replaced by one readable by the owner alone', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-serve-mode-'));
  const file = join(dataDir, 'credentials.json');
  writeFileSync(file, '{}\n');
  chmodSync(file, 0o644);
  const server = await startServerProcess(dataDir);
  try {
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).server, server.url);
  } finally {
    await server.stop();
  }
});

test('an empty VIGIL_HOST means loopback, not every interface (settings.test.ts covers the other variables)', async () => {
  const server = await startServerProcess(mkdtempSync(join(tmpdir(), 'vigil-serve-blank-')), cleanEnv({ VIGIL_HOST: '' }));
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await server.stop();
  }
});

test('a --data-dir that is a file is one line naming it', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-serve-file-')), 'afile');
  writeFileSync(file, '');
  await assert.rejects(
    run(process.execPath, [VIGIL, 'serve', '--port', '0', '--data-dir', file, '--log-level', 'silent'], { env: cleanEnv(), timeout: 60_000 }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 1);
      assert.equal(error.stderr, `vigil: data directory (--data-dir, VIGIL_DATA_DIR) ${file}: is not a directory\n`);
      return true;
    },
  );
});
