import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { applyMigrations, MIGRATIONS, type Migration } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/store/index.ts';
import { tempDatabasePath } from './fixtures.ts';

function recordedVersions(path: string): number[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  } finally {
    db.close();
  }
}

test('reopening a file database applies no migration twice', async (t) => {
  const { path, cleanup } = tempDatabasePath();
  t.after(cleanup);
  await (await openSqliteStore(path)).close();
  await (await openSqliteStore(path)).close();
  assert.deepEqual(recordedVersions(path), MIGRATIONS.map((m) => m.version));
});

test('only migrations newer than the database are applied, each once', () => {
  const db = new Database(':memory:');
  assert.deepEqual(applyMigrations(db, MIGRATIONS.slice(0, 1)), [1]);
  assert.deepEqual(applyMigrations(db), MIGRATIONS.slice(1).map((m) => m.version), 'a version-1 database gets the later ones only');
  const next: Migration = { version: MIGRATIONS.at(-1)!.version + 1, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' };
  assert.deepEqual(applyMigrations(db, [...MIGRATIONS, next]), [next.version]);
  assert.deepEqual(applyMigrations(db, [...MIGRATIONS, next]), []);
  const columns = db.prepare("SELECT name FROM pragma_table_info('settings')").pluck().all();
  assert.deepEqual(columns, ['key', 'value', 'note']);
  db.close();
});

test('a failing migration leaves neither its changes nor its version behind', () => {
  const db = new Database(':memory:');
  applyMigrations(db);
  const broken: Migration = { version: 99, name: 'broken', sql: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);' };
  assert.throws(() => applyMigrations(db, [...MIGRATIONS, broken]), /no such table/);
  assert.equal(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get(), 0);
  assert.equal(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get(), MIGRATIONS.at(-1)!.version);
  db.close();
});

test('a database from a newer Vigil is refused with an explanation', () => {
  const db = new Database(':memory:');
  applyMigrations(db);
  db.prepare('INSERT INTO schema_migrations (version, applied) VALUES (?, ?)').run(1000, new Date().toISOString());
  assert.throws(() => applyMigrations(db), /schema is at version 1000, newer than this Vigil knows/);
  db.close();
});

test('a file database runs in WAL mode', async (t) => {
  const { path, cleanup } = tempDatabasePath();
  t.after(cleanup);
  await (await openSqliteStore(path)).close();
  const db = new Database(path, { readonly: true });
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});
