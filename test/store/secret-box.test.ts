// Webhook secrets are sealed in the database with the key file beside it: the database alone does
// not reveal them, the server (same key) signs with them, and a different key is refused clearly.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/index.ts';
import { SecretBox, SECRET_KEY_FILE } from '../../src/store/sqlite/secret-box.ts';

const SECRET = 'a webhook secret of enough length';

test('a sealed secret opens with its key, differs each time, and is refused under another key', () => {
  const box = SecretBox.forDatabase(':memory:');
  const [first, second] = [box.seal(SECRET), box.seal(SECRET)];
  assert.notEqual(first, second, 'a fresh nonce every time');
  assert.ok(!first.includes(SECRET));
  assert.equal(box.open(first), SECRET);
  assert.equal(box.open('stored before sealing'), 'stored before sealing');
  assert.throws(() => SecretBox.forDatabase(':memory:').open(first), /secret\.key.*not the one it was sealed with/);
});

test('the database file holds the webhook secret sealed; the key file is 0600 and the store reads it back after a reopen', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'vigil.db');
  const store = await openSqliteStore(path);
  const { id } = await store.webhooks.create({ url: 'https://siem.example/hook', secret: SECRET, events: ['created'], created: '2026-01-01T00:00:00.000Z', created_by: 'admin' });
  await store.close();
  assert.equal(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777, 0o600);
  const raw = new Database(path, { readonly: true });
  const stored = (raw.prepare('SELECT secret FROM webhooks WHERE id = ?').get(id) as { secret: string }).secret;
  raw.close();
  assert.ok(stored.startsWith('aes256gcm:') && !stored.includes(SECRET), stored);
  assert.ok(!readFileSync(path).includes(SECRET), 'nowhere in the database file');
  const reopened = await openSqliteStore(path);
  assert.equal((await reopened.webhooks.get(id))?.secret, SECRET);
  await reopened.close();
  writeFileSync(join(dir, SECRET_KEY_FILE), 'short');
  await assert.rejects(openSqliteStore(path), /is not a Vigil secret key/);
});
