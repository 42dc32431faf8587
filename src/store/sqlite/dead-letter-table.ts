// The dead letters (store/dead-letter-store.ts) in SQLite: the raw line as a BLOB, the reason and
// where it came from; a one-row table counts the letters the bound dropped.
import type Database from 'better-sqlite3';
import type { DeadLetter, DeadLetterFailure, DeadLetterFilter, DeadLetterStore, IngestFlag, NewDeadLetter } from '../dead-letter-store.ts';
import type { Page, PageResult } from '../store.ts';
import { addRange, pageParams, timeRange, where, type Conditions, type SqlParam } from './query-parts.ts';
import { withoutNulls } from './rows.ts';

/** Migration 8 (migrations.ts). Released: append a new migration rather than edit this. */
export const DEAD_LETTER_TABLES_SQL = `
  -- AUTOINCREMENT: an id is never reused, so a replayed or deleted letter's id never names another line.
  CREATE TABLE dead_letters (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    received     TEXT NOT NULL,
    source       TEXT NOT NULL,
    format       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    -- The bytes as received: a line that is not valid UTF-8 is kept exactly.
    raw          BLOB NOT NULL,
    -- Comma-separated ingest flags (invalid_utf8, truncated); '' for none.
    flags        TEXT NOT NULL DEFAULT '',
    line_number  INTEGER,
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_attempt TEXT
  );
  CREATE INDEX dead_letters_received ON dead_letters (received);
  CREATE INDEX dead_letters_source ON dead_letters (source);
  CREATE TABLE dead_letter_drops (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    dropped INTEGER NOT NULL
  );
  INSERT INTO dead_letter_drops (id, dropped) VALUES (1, 0);
`;

interface DeadLetterRow {
  id: number; received: string; source: string; format: string; reason: string; raw: Buffer; flags: string; line_number: number | null; attempts: number; last_attempt: string | null;
}

const COLUMNS = 'id, received, source, format, reason, raw, flags, line_number, attempts, last_attempt';

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return withoutNulls<DeadLetter>({ ...row, flags: row.flags === '' ? [] : row.flags.split(',') as IngestFlag[] });
}

function conditionsOf(filter: DeadLetterFilter): Conditions {
  const conditions: Conditions = { sql: [], params: [] };
  if (filter.ids !== undefined) {
    conditions.sql.push('id IN (SELECT value FROM json_each(?))');
    conditions.params.push(JSON.stringify(filter.ids));
  }
  if (filter.source !== undefined) {
    // The whole source, or every peer of a listener: `syslog-tcp` matches `syslog-tcp:192.0.2.7`.
    conditions.sql.push("(source = ? OR substr(source, 1, length(?) + 1) = ? || ':')");
    conditions.params.push(filter.source, filter.source, filter.source);
  }
  if (filter.format !== undefined) {
    conditions.sql.push('format = ?');
    conditions.params.push(filter.format);
  }
  addRange(conditions, 'received', timeRange(filter.from, filter.to, (iso) => iso));
  return conditions;
}

export class DeadLetterTable implements DeadLetterStore {
  private readonly insert: Database.Statement<[string, string, string, string, Uint8Array, string, number | null]>;
  private readonly trim: Database.Statement<[number]>;
  private readonly countDrops: Database.Statement<[number]>;
  private readonly drops: Database.Statement<[], { dropped: number }>;
  private readonly fail: Database.Statement<[string, string, number]>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO dead_letters (received, source, format, reason, raw, flags, line_number) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // Everything older than the newest `maxRows` letters; walks at most `maxRows` index entries.
    this.trim = db.prepare('DELETE FROM dead_letters WHERE id <= (SELECT id FROM dead_letters ORDER BY id DESC LIMIT 1 OFFSET ?)');
    this.countDrops = db.prepare('UPDATE dead_letter_drops SET dropped = dropped + ? WHERE id = 1');
    this.drops = db.prepare('SELECT dropped FROM dead_letter_drops WHERE id = 1');
    this.fail = db.prepare('UPDATE dead_letters SET reason = ?, attempts = attempts + 1, last_attempt = ? WHERE id = ?');
  }

  async add(letters: NewDeadLetter[], maxRows: number): Promise<void> {
    if (letters.length === 0) return;
    this.db.transaction(() => {
      for (const letter of letters) {
        this.insert.run(letter.received, letter.source, letter.format, letter.reason, letter.raw, letter.flags.join(','), letter.line_number ?? null);
      }
      const dropped = this.trim.run(maxRows).changes;
      if (dropped > 0) this.countDrops.run(dropped);
    }).immediate();
  }

  async list(filter: DeadLetterFilter, page: Page, order: 'asc' | 'desc'): Promise<PageResult<DeadLetter>> {
    const conditions = conditionsOf(filter);
    const rows = this.db.prepare<SqlParam[], DeadLetterRow>(`SELECT ${COLUMNS} FROM dead_letters ${where(conditions)} ORDER BY id ${order === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`)
      .all(...conditions.params, ...pageParams(page));
    const { total } = this.db.prepare<SqlParam[], { total: number }>(`SELECT COUNT(*) AS total FROM dead_letters ${where(conditions)}`).get(...conditions.params)!;
    return { result: rows.map(toDeadLetter), total };
  }

  async recordFailures(failures: DeadLetterFailure[]): Promise<void> {
    this.db.transaction(() => {
      for (const failure of failures) this.fail.run(failure.reason, failure.at, failure.id);
    }).immediate();
  }

  async delete(filter: DeadLetterFilter): Promise<number> {
    const conditions = conditionsOf(filter);
    return this.db.prepare<SqlParam[]>(`DELETE FROM dead_letters ${where(conditions)}`).run(...conditions.params).changes;
  }

  async dropped(): Promise<number> {
    return this.drops.get()!.dropped;
  }
}
