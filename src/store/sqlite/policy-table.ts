// Deny and allow lists in the policies table. Adding a value that is already on the list returns
// the existing policy, so a retried create does not make a twin.
import type Database from 'better-sqlite3';
import type { Policy, PolicyList, PolicyTargetType } from '../../model/index.ts';
import type { NewPolicy, Page, PageResult, PolicyFilter } from '../store.ts';
import { pageParams, where, type Conditions, type SqlParam } from './query-parts.ts';
import { withoutNulls } from './rows.ts';

interface PolicyRow { id: number; list: PolicyList; target_type: PolicyTargetType; target_value: string; comment: string | null; created: string; created_by: string }

const COLUMNS = 'id, list, target_type, target_value, comment, created, created_by';

function toPolicy(row: PolicyRow): Policy {
  return withoutNulls<Policy>({ ...row, id: String(row.id) });
}

export class PolicyTable {
  private readonly insert: Database.Statement<[PolicyList, string, string, string | null, string, string], PolicyRow>;
  private readonly byValue: Database.Statement<[PolicyList, string, string], PolicyRow>;
  private readonly remove: Database.Statement<[PolicyList, number], PolicyRow>;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO policies (list, target_type, target_value, comment, created, created_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (list, target_type, target_value) DO NOTHING RETURNING ${COLUMNS}`);
    this.byValue = db.prepare(`SELECT ${COLUMNS} FROM policies WHERE list = ? AND target_type = ? AND target_value = ?`);
    this.remove = db.prepare(`DELETE FROM policies WHERE list = ? AND id = ? RETURNING ${COLUMNS}`);
  }

  list(list: PolicyList, filter: PolicyFilter, page: Page): PageResult<Policy> {
    const conditions: Conditions = { sql: ['list = ?'], params: [list] };
    const add = (sql: string, value: SqlParam | undefined) => {
      if (value === undefined) return;
      conditions.sql.push(sql);
      conditions.params.push(value);
    };
    add('id = ?', filter.id === undefined ? undefined : /^\d+$/.test(filter.id) ? Number(filter.id) : -1);
    add('target_type = ?', filter.target_type);
    add('target_value = ?', filter.target_value);
    const rows = this.db.prepare<SqlParam[], PolicyRow>(`SELECT ${COLUMNS} FROM policies ${where(conditions)} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...conditions.params, ...pageParams(page));
    const { total } = this.db.prepare<SqlParam[], { total: number }>(`SELECT COUNT(*) AS total FROM policies ${where(conditions)}`).get(...conditions.params)!;
    return { result: rows.map(toPolicy), total };
  }

  add(list: PolicyList, policies: NewPolicy[], createdBy: string, at: string): { policy: Policy; created: boolean }[] {
    return this.db.transaction(() => policies.map(({ target_type, target_value, comment }) => {
      const inserted = this.insert.get(list, target_type, target_value, comment ?? null, at, createdBy);
      return inserted
        ? { policy: toPolicy(inserted), created: true }
        : { policy: toPolicy(this.byValue.get(list, target_type, target_value)!), created: false };
    })).immediate();
  }

  delete(list: PolicyList, id: string): Policy | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    const row = this.remove.get(list, Number(id));
    return row && toPolicy(row);
  }

  listsOf(targetType: PolicyTargetType, values: string[]): Map<string, PolicyList> {
    const rows = this.db.prepare<[string, string], { target_value: string; list: PolicyList }>(
      "SELECT target_value, list FROM policies WHERE target_type = ? AND target_value IN (SELECT value FROM json_each(?)) ORDER BY list = 'deny'",
    ).all(targetType, JSON.stringify(values));
    // deny rows come last, so they overwrite allow rows for the same value.
    return new Map(rows.map((row) => [row.target_value, row.list]));
  }
}
