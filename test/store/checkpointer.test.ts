// WAL checkpoints on their own thread: the writer's connection never checkpoints on commit, the
// worker copies the WAL back into the database file, and when the worker is gone (or falls
// behind) the writer checkpoints again.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { BackgroundCheckpointer } from '../../src/store/sqlite/checkpointer.ts';
import { tempDatabasePath } from './fixtures.ts';

/** The test's database, removed after it (stop its checkpointer before the test ends: the worker has it open). */
function openWal(t: { after: (fn: () => void) => void }): Database.Database {
  const { path, cleanup } = tempDatabasePath();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  t.after(() => {
    if (db.open) db.close();
    cleanup();
  });
  return db;
}

/** About `megabytes` MB in one transaction. */
function write(db: Database.Database, megabytes: number): void {
  const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < megabytes * 256; i++) insert.run('x'.repeat(4000)); })();
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 10_000) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('the worker copies committed pages into the database file; the writer does not checkpoint on commit', async (t) => {
  const db = openWal(t);
  const checkpointer = BackgroundCheckpointer.start(db)!;
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'the writer leaves checkpoints to the worker');
  const before = statSync(db.name).size;
  write(db, 8);
  checkpointer.committed();
  // 8 MB is far past SQLite's own threshold (1,000 pages): only the worker can have moved it.
  await until(() => statSync(db.name).size > before + 6 * 1024 * 1024 && checkpointer.stats().checkpoints > 0, 'the worker to copy the pages into the database file');
  assert.equal(checkpointer.stats().writerCheckpoints, 0);
  assert.equal((db.prepare('SELECT count(*) AS n FROM filler').get() as { n: number }).n, 8 * 256);
  await checkpointer.stop();
});

test('past the WAL size limit the writer checkpoints itself', async (t) => {
  const db = openWal(t);
  const checkpointer = BackgroundCheckpointer.start(db, 1024 * 1024)!;
  write(db, 4);
  checkpointer.committed();
  assert.equal(checkpointer.stats().writerCheckpoints, 1);
  assert.ok(statSync(db.name).size > 3 * 1024 * 1024, 'the RESTART checkpoint copied the WAL before returning');
  await checkpointer.stop();
});

test('once the worker is stopped the connection is back on SQLite\'s automatic checkpoints', async (t) => {
  const db = openWal(t);
  const checkpointer = BackgroundCheckpointer.start(db)!;
  await checkpointer.stop();
  assert.equal(checkpointer.stats().running, false);
  assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000);
  checkpointer.committed();
  assert.equal(checkpointer.stats().writerCheckpoints, 0, 'a stopped checkpointer does nothing');
});

test('an in-memory database has no WAL and gets no worker', () => {
  const db = new Database(':memory:');
  assert.equal(BackgroundCheckpointer.start(db), undefined);
  db.close();
});
