// WAL checkpoints on a thread of their own. Left to SQLite, the connection that commits also
// copies the WAL back into the database file (and syncs both) whenever the WAL passes 1,000 pages:
// with 1,000-event batches that is after nearly every commit, and it was about a third of the
// pipeline's commit time. Here the writer's connection has automatic checkpoints off, and a worker
// with its own connection runs PASSIVE checkpoints (they never block the writer nor readers) when
// nudged after a commit, or every POLL_MS. Durability is unchanged: a commit is in the WAL either
// way, and a checkpoint syncs the WAL before it copies.
//
// A PASSIVE checkpoint cannot restart the WAL while a writer keeps appending, so the writer also
// watches the WAL's size and, past MAX_WAL_BYTES, checkpoints itself as SQLite would have. If the
// worker stops for any reason, the connection goes back to SQLite's automatic checkpoints.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** How often the worker checkpoints without a nudge (other writers: the API, the CLI). */
const POLL_MS = 250;
/** Past this the writer checkpoints itself (RESTART): the worker is not keeping up. */
export const MAX_WAL_BYTES = 256 * 1024 * 1024;
/** SQLite's default, restored when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000;

// Slots of the shared Int32Array.
const NUDGES = 0;
const STOP = 1;
const CHECKPOINTS = 2;

// Plain CommonJS evaluated in the worker, so that it needs no TypeScript loader.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
const db = new Database(workerData.path);
try {
  let seen = Atomics.load(state, ${NUDGES});
  while (Atomics.load(state, ${STOP}) === 0) {
    db.pragma('wal_checkpoint(PASSIVE)');
    Atomics.add(state, ${CHECKPOINTS}, 1);
    Atomics.wait(state, ${NUDGES}, seen, ${POLL_MS});
    seen = Atomics.load(state, ${NUDGES});
  }
} finally {
  db.close();
}
`;

export interface CheckpointerStats {
  /** Whether the worker is running (false after it stopped, or when there is no WAL). */
  running: boolean;
  /** Checkpoints the worker ran. */
  checkpoints: number;
  /** Checkpoints the writer had to run itself because the WAL passed MAX_WAL_BYTES. */
  writerCheckpoints: number;
}

export class BackgroundCheckpointer {
  private readonly state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private running = true;
  private writerCheckpoints = 0;
  private readonly exited: Promise<void>;

  private constructor(private readonly db: Database.Database, private readonly walPath: string, private readonly maxWalBytes: number) {
    db.pragma('wal_autocheckpoint = 0');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path: db.name, state: this.state.buffer } });
    // A store that is never closed (a CLI command) must not keep the process alive.
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => {
      this.running = false;
      // Whatever stopped it, the WAL must not grow without bound.
      if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      resolve();
    }));
  }

  /** For a database in WAL mode on a file; undefined otherwise (':memory:' has no WAL). */
  static start(db: Database.Database, maxWalBytes = MAX_WAL_BYTES): BackgroundCheckpointer | undefined {
    if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
    return new BackgroundCheckpointer(db, `${db.name}-wal`, maxWalBytes);
  }

  /** Call after a commit: wakes the worker, and checkpoints here if the WAL has grown too large. */
  committed(): void {
    if (!this.running) return;
    Atomics.add(this.state, NUDGES, 1);
    Atomics.notify(this.state, NUDGES);
    if (this.walBytes() > this.maxWalBytes) {
      this.db.pragma('wal_checkpoint(RESTART)');
      this.writerCheckpoints++;
    }
  }

  stats(): CheckpointerStats {
    return { running: this.running, checkpoints: Atomics.load(this.state, CHECKPOINTS), writerCheckpoints: this.writerCheckpoints };
  }

  /** Stops the worker (after its checkpoint in progress); the connection is left to SQLite's checkpoints. */
  async stop(): Promise<void> {
    Atomics.store(this.state, STOP, 1);
    Atomics.notify(this.state, NUDGES);
    // Unreferenced, its exit would not keep the process waiting for it.
    this.worker.ref();
    await this.exited;
  }

  private walBytes(): number {
    try {
      return statSync(this.walPath).size;
    } catch {
      return 0;
    }
  }
}
