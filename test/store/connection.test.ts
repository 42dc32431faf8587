import { test } from 'node:test';
import assert from 'node:assert/strict';
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
