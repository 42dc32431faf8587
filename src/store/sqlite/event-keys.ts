// Events name their device and their incident by integer keys (endpoints.id, incident_refs.id),
// indexed under the hour of device_time (migrations.ts says why). A filter on either seeks the
// index once per hour between the key's first and last event, within the filter's time range.
import type { Conditions } from './query-parts.ts';

export type KeyColumn = 'device_ref' | 'incident_ref';

/** A key and the time range of the stored events that carry it, in epoch milliseconds. */
export interface EventKey {
  ref: number;
  firstMs: number;
  lastMs: number;
}

const HOUR_MS = 3_600_000;

// The indexes' leading expression, which SQLite must recognize to use them; the hours come from a
// recursive CTE so that a long range is two parameters, not a list.
const IN_HOURS = `device_time / ${HOUR_MS} IN (WITH RECURSIVE hours (hour) AS (SELECT ? UNION ALL SELECT hour + 1 FROM hours WHERE hour < ?) SELECT hour FROM hours)`;

/** Same truncation as SQLite's integer division, negative times included. */
function hourOf(ms: number): number {
  return Math.trunc(ms / HOUR_MS);
}

/** Restricts to the events of `key`; none match when the key is unknown. */
export function addKeyCondition(conditions: Conditions, column: KeyColumn, key: EventKey | undefined, range: { from?: number; to?: number }): void {
  if (!key) {
    conditions.sql.push('FALSE');
    return;
  }
  conditions.sql.push(`${column} = ?`, IN_HOURS);
  conditions.params.push(key.ref, hourOf(Math.max(key.firstMs, range.from ?? -Infinity)), hourOf(Math.min(key.lastMs, range.to ?? Infinity)));
}
