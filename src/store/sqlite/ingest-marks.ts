// Which events were committed by a given time: each commit records the highest event id at its
// commit time, so "events as of the cursor's query time" is `id <= bound`. Marks older than the
// retention are dropped; a cursor older than that is bounded by the oldest mark left (a little
// looser than exact).
import type Database from 'better-sqlite3';

const RETENTION_MS = 24 * 3600_000;

export class IngestMarks {
  private readonly mark: Database.Statement<[number]>;
  private readonly prune: Database.Statement<[number]>;
  private readonly boundAt: Database.Statement<[number], { max_id: number }>;
  private readonly oldest: Database.Statement<[], { max_id: number }>;

  constructor(db: Database.Database) {
    this.mark = db.prepare(`INSERT INTO ingest_marks (at_ms, max_id) SELECT ?, id FROM events WHERE true ORDER BY id DESC LIMIT 1
      ON CONFLICT (at_ms) DO UPDATE SET max_id = excluded.max_id`);
    // The row at 0 (events from before marks existed) stays.
    this.prune = db.prepare('DELETE FROM ingest_marks WHERE at_ms > 0 AND at_ms < ?');
    this.boundAt = db.prepare('SELECT max_id FROM ingest_marks WHERE at_ms <= ? ORDER BY at_ms DESC LIMIT 1');
    this.oldest = db.prepare('SELECT max_id FROM ingest_marks ORDER BY at_ms LIMIT 1');
  }

  /** Call inside the commit's transaction, after its events are inserted. */
  record(now = Date.now()): void {
    this.mark.run(now);
    this.prune.run(now - RETENTION_MS);
  }

  /** The highest event id committed by `isoTime`: 0 when nothing was. */
  boundOf(isoTime: string): number {
    const at = Date.parse(isoTime);
    return (this.boundAt.get(at) ?? (at < Date.now() - RETENTION_MS ? this.oldest.get() : undefined))?.max_id ?? 0;
  }
}
