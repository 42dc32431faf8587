import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openSqliteStore, StoreOpenError } from '../../src/store/index.ts';
import { openDatabase, PAGE_CACHE_KIB } from '../../src/store/sqlite/connection.ts';
import { tempDatabasePath } from './fixtures.ts';

test('a store connection is in WAL mode, waits for another writer, enforces foreign keys and keeps a group commit in its page cache', (t) => {
  const { path, cleanup } = tempDatabasePath();
  const db = openDatabase(path);
  t.after(() => {
    db.close();
    cleanup();
  });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  // Negative: KiB rather than pages.
  assert.equal(db.pragma('cache_size', { simple: true }), -PAGE_CACHE_KIB);
  assert.ok(PAGE_CACHE_KIB >= 16 * 1024, 'at least the pages a 4,000-event group dirties');
});

test('a file that is no database, or a secret key that is none, fails as StoreOpenError naming the file; the store opens once they are right', async (t) => {
  const { path, cleanup } = tempDatabasePath();
  t.after(cleanup);
  writeFileSync(path, 'not a database at all, just text long enough to fill a header page'.repeat(100));
  await assert.rejects(openSqliteStore(path), (error) => error instanceof StoreOpenError && error.path === path);
  rmSync(path);
  const key = join(dirname(path), 'secret.key');
  writeFileSync(key, 'short');
  await assert.rejects(openSqliteStore(path), (error) => error instanceof StoreOpenError && error.path === key && /not a Vigil secret key/.test(error.message));
  rmSync(key);
  await (await openSqliteStore(path)).close();
});
