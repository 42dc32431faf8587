// `vigil clients create|list|delete` on the database of a data directory, as an admin runs them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { authenticate, issueOAuthToken, verifyOAuthClient } from '../../src/auth/index.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { cleanEnv, VIGIL } from '../helpers/server-process.ts';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-clients-'));
const env = cleanEnv();

async function vigil(...args: string[]): Promise<string> {
  return (await run(process.execPath, [VIGIL, 'clients', ...args, '--data-dir', dataDir], { env, timeout: 60_000 })).stdout;
}

before(async () => { await (await openSqliteStore(join(dataDir, 'vigil.db'))).close(); });
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('create --json prints exactly {client_id, client_secret, role}, and the secret works', async () => {
  const created = JSON.parse(await vigil('create', '--role', 'user', '--json'));
  assert.deepEqual(Object.keys(created), ['client_id', 'client_secret', 'role']);
  assert.match(created.client_id, /^[0-9a-f]{32}$/);
  assert.equal(created.role, 'user');
  const store = await openSqliteStore(join(dataDir, 'vigil.db'));
  try {
    const client = await verifyOAuthClient(store, created.client_id, created.client_secret);
    assert.ok(client);
    const token = await issueOAuthToken(store, client);
    assert.equal((await authenticate(store, token.access_token))?.role, 'viewer');
    const audit = (await store.listAudit({ offset: 0, limit: 10 })).result[0];
    assert.deepEqual([audit.type_id, audit.id, audit.feature_name, audit.user_name], [21, 1, 'OAuth Client', 'cli']);
  } finally {
    await store.close();
  }
});

test('create shows the secret once with a warning; list shows clients without secrets; delete removes', async () => {
  const text = await vigil('create', '--role', 'admin', '--name', 'Splunk SOAR');
  assert.match(text, /Created OAuth client Splunk SOAR with role admin/);
  const clientId = /client_id\s+([0-9a-f]{32})/.exec(text)![1];
  const secret = /client_secret\s+(vgc_\S+)/.exec(text)![1];
  assert.match(text, /shown only this once/);
  const listed = JSON.parse(await vigil('list', '--json')) as { client_id: string; name: string }[];
  assert.equal(listed.length, 2);
  assert.ok(!JSON.stringify(listed).includes(secret));
  assert.match(await vigil('list'), new RegExp(`${clientId}\\s+admin\\s+\\S+\\s+Splunk SOAR`));
  assert.match(await vigil('delete', clientId), /Deleted OAuth client/);
  assert.equal(JSON.parse(await vigil('list', '--json')).length, 1);
});

test('a bad role, an unknown client or a missing database is one line of explanation', async () => {
  const failure = async (args: string[], pattern: RegExp) => assert.rejects(vigil(...args), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.match(error.stderr, pattern);
    return true;
  });
  await failure(['create', '--role', 'analyst'], /argument 'analyst' is invalid/);
  await failure(['delete', '0'.repeat(32)], /^vigil: no OAuth client 0{32}/);
  await assert.rejects(run(process.execPath, [VIGIL, 'clients', 'list', '--data-dir', join(dataDir, 'nope')], { env }), /no Vigil database/);
});

test('a vigil.db that is not a database, or a bad secret.key, is one line naming the path', async () => {
  const failure = async (dir: string, pattern: RegExp) => assert.rejects(run(process.execPath, [VIGIL, 'clients', 'list', '--data-dir', dir], { env }), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 1);
    assert.equal(error.stderr.trimEnd().split('\n').length, 1, error.stderr);
    assert.match(error.stderr, pattern);
    return true;
  });
  const garbage = mkdtempSync(join(tmpdir(), 'vigil-clients-garbage-'));
  writeFileSync(join(garbage, 'vigil.db'), 'garbage\n'.repeat(100));
  await failure(garbage, new RegExp(`^vigil: cannot open the Vigil database ${join(garbage, 'vigil.db')}: file is not a database`));
  const badKey = mkdtempSync(join(tmpdir(), 'vigil-clients-key-'));
  copyFileSync(join(dataDir, 'vigil.db'), join(badKey, 'vigil.db'));
  writeFileSync(join(badKey, 'secret.key'), 'short');
  await failure(badKey, new RegExp(`^vigil: cannot open the Vigil database .*: ${join(badKey, 'secret.key')} is not a Vigil secret key`));
});
