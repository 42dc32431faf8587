// Opening the SQLite database: connection settings, then the schema migrations.
import Database from 'better-sqlite3';
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

export function openDatabase(path: string): Database.Database {
  const db = new Database(path);
  try {
    // WAL lets readers (API, console) run while the pipeline writes. With synchronous=NORMAL a
    // committed transaction survives a crash of the process, but a crash of the operating system
    // or a power loss may lose the last transactions before the next WAL checkpoint; FULL would
    // close that gap at the cost of an fsync per commit. (':memory:' stays in 'memory' mode.)
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    registerQueryFunctions(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
