// Opening the SQLite database: connection settings, then the schema migrations.
import Database from 'better-sqlite3';
import { openingFile } from '../store-open-error.ts';
import { registerQueryFunctions } from '../../query/index.ts';
import { applyMigrations } from './migrations.ts';

/**
 * How long a writer waits for another process's lock (`vigil rules import` and the other commands
 * that open the database) before failing with SQLITE_BUSY. The wait only helps a transaction that
 * takes the lock before its first read: every transaction that writes is run `.immediate()`, since
 * a deferred one that has read cannot wait (another commit would make what it read stale) and
 * fails at once.
 */
const BUSY_TIMEOUT_MS = 5000;

/**
 * The connection's page cache, at most (SQLite's default is 2 MiB). A group commit of 4,000 events
 * dirties several MiB of table and index pages: with the default, pages were spilled to the WAL in
 * the middle of the transaction and hot index pages read back again (100,000 events: 194k page
 * writes and 108k reads, against 149k and 50k), and the server's thread spent ~11% more per event
 * (docs/PERFORMANCE.md). The cache grows only as pages are used.
 */
export const PAGE_CACHE_KIB = 64 * 1024;

export function openDatabase(path: string): Database.Database {
  const db = openingFile(path, () => new Database(path));
  try {
    // The first statement reads the file: one that is no database fails here, as data, not as a bug.
    openingFile(path, () => db.pragma('schema_version'));
    // WAL lets readers (API, console) run while the pipeline writes. With synchronous=NORMAL a
    // committed transaction survives a crash of the process, but a crash of the operating system
    // or a power loss may lose the last transactions before the next WAL checkpoint; FULL would
    // close that gap at the cost of an fsync per commit. (':memory:' stays in 'memory' mode.)
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    applyMigrations(db);
    registerQueryFunctions(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
