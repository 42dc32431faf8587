// Sigma rules in the sigma_rules table (store/rule-store.ts). Every change of a rule or its enabled
// flag counts up the rules_version setting in the same transaction, which a running server polls.
import type Database from 'better-sqlite3';
import type { RuleOrigin, RuleRecord, RuleSaveResult, RuleStore, RuleSummary, StoredRule } from '../rule-store.ts';
import { withoutNulls } from './rows.ts';

/** Migration 7 (migrations.ts). Released: append a new migration rather than edit this. */
export const RULE_TABLE_SQL = `
  CREATE TABLE sigma_rules (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    level      TEXT,
    status     TEXT,
    -- JSON array of the rule's tags.
    tags       TEXT NOT NULL,
    -- The whole file the rule came from, and the rule's document in it (from 1).
    yaml       TEXT NOT NULL,
    document   INTEGER NOT NULL,
    origin     TEXT NOT NULL CHECK (origin IN ('builtin', 'config', 'imported')),
    path       TEXT NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    load_error TEXT,
    created    TEXT NOT NULL,
    updated    TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO settings (key, value) VALUES ('rules_version', '0');
`;

interface RuleRow {
  id: string; title: string; level: string | null; status: string | null; tags: string; yaml?: string; document: number;
  origin: RuleOrigin; path: string; enabled: number; load_error: string | null; created: string; updated: string;
}

/** A record's columns after its id, in table order. */
type RecordFields = [string, string | null, string | null, string, string, number, RuleOrigin, string];

const SUMMARY_COLUMNS = 'id, title, level, status, tags, document, origin, path, enabled, load_error, created, updated';

function toRule<T extends RuleSummary>(row: RuleRow): T {
  return withoutNulls<T>({ ...row, tags: JSON.parse(row.tags) as string[], enabled: row.enabled === 1 });
}

function fieldsOf(record: RuleRecord): RecordFields {
  return [record.title, record.level ?? null, record.status ?? null, JSON.stringify(record.tags), record.yaml, record.document, record.origin, record.path];
}

export class RuleTable implements RuleStore {
  private readonly listStatement: Database.Statement<[], RuleRow>;
  private readonly runnableStatement: Database.Statement<[], RuleRow>;
  private readonly byId: Database.Statement<[string], RuleRow>;
  private readonly insert: Database.Statement<[string, ...RecordFields, string, string]>;
  private readonly replace: Database.Statement<[...RecordFields, string, string]>;
  private readonly removeOthers: Database.Statement<[RuleOrigin, string]>;
  private readonly enable: Database.Statement<[number, string, string, number]>;
  private readonly loadError: Database.Statement<[string | null, string]>;
  private readonly bump: Database.Statement<[]>;
  private readonly versionStatement: Database.Statement<[], { value: string }>;
  private readonly saveAll: Database.Transaction<(records: RuleRecord[], at: string, replacing: RuleOrigin | undefined) => RuleSaveResult>;

  constructor(private readonly db: Database.Database) {
    this.listStatement = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM sigma_rules ORDER BY title, id`);
    this.runnableStatement = db.prepare('SELECT * FROM sigma_rules WHERE enabled = 1 ORDER BY id');
    this.byId = db.prepare('SELECT * FROM sigma_rules WHERE id = ?');
    this.insert = db.prepare(`INSERT INTO sigma_rules (id, title, level, status, tags, yaml, document, origin, path, created, updated)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.replace = db.prepare(`UPDATE sigma_rules SET title = ?, level = ?, status = ?, tags = ?, yaml = ?, document = ?, origin = ?, path = ?,
      updated = ?, load_error = NULL WHERE id = ?`);
    this.removeOthers = db.prepare('DELETE FROM sigma_rules WHERE origin = ? AND id NOT IN (SELECT value FROM json_each(?))');
    this.enable = db.prepare('UPDATE sigma_rules SET enabled = ?, updated = ? WHERE id = ? AND enabled != ?');
    this.loadError = db.prepare('UPDATE sigma_rules SET load_error = ? WHERE id = ?');
    this.bump = db.prepare("UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rules_version'");
    this.versionStatement = db.prepare("SELECT value FROM settings WHERE key = 'rules_version'");
    this.saveAll = db.transaction((records: RuleRecord[], at: string, replacing: RuleOrigin | undefined) => this.saveInTransaction(records, at, replacing));
  }

  async list(): Promise<RuleSummary[]> {
    return this.listStatement.all().map((row) => toRule<RuleSummary>(row));
  }

  async runnable(): Promise<StoredRule[]> {
    return this.runnableStatement.all().map((row) => toRule<StoredRule>(row));
  }

  async get(id: string): Promise<StoredRule | undefined> {
    const row = this.byId.get(id);
    return row && toRule<StoredRule>(row);
  }

  async save(records: RuleRecord[], at: string, options: { replacing?: RuleOrigin } = {}): Promise<RuleSaveResult> {
    return this.saveAll.immediate(records, at, options.replacing);
  }

  private saveInTransaction(records: RuleRecord[], at: string, replacing: RuleOrigin | undefined): RuleSaveResult {
    const result: RuleSaveResult = { created: 0, replaced: 0, removed: 0 };
    for (const record of records) {
      const stored = this.byId.get(record.id);
      const fields = fieldsOf(record);
      if (!stored) {
        this.insert.run(record.id, ...fields, at, at);
        result.created++;
      } else if (fieldsOf(storedRecord(stored)).some((value, index) => value !== fields[index])) {
        this.replace.run(...fields, at, record.id);
        result.replaced++;
      }
    }
    if (replacing) result.removed = this.removeOthers.run(replacing, JSON.stringify(records.map((record) => record.id))).changes;
    if (result.created + result.replaced + result.removed > 0) this.bump.run();
    return result;
  }

  async setEnabled(id: string, enabled: boolean, at: string): Promise<StoredRule | undefined> {
    return this.db.transaction(() => {
      const flag = enabled ? 1 : 0;
      if (this.enable.run(flag, at, id, flag).changes > 0) this.bump.run();
      const row = this.byId.get(id);
      return row && toRule<StoredRule>(row);
    }).immediate();
  }

  async recordLoadErrors(errors: ReadonlyMap<string, string | undefined>): Promise<void> {
    this.db.transaction(() => {
      for (const [id, error] of errors) this.loadError.run(error ?? null, id);
    }).immediate();
  }

  async version(): Promise<number> {
    return Number(this.versionStatement.get()?.value ?? 0);
  }
}

function storedRecord(row: RuleRow): RuleRecord {
  return { ...toRule<StoredRule>(row), yaml: row.yaml! };
}
