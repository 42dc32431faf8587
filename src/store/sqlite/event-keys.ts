// Events name their device and their incident by integer keys (endpoints.id, incident_refs.id),
// indexed under the hour of device_time (migrations.ts says why). A filter on either seeks the
// index once per hour between the key's first and last event, within the filter's time range.
import type { Bind } from '../../query/index.ts';
import type { Conditions } from './query-parts.ts';

export type KeyColumn = 'device_ref' | 'incident_ref';

/** A key and the time range of the stored events that carry it, in epoch milliseconds. */
export interface EventKey {
  ref: number;
  firstMs: number;
  lastMs: number;
}

/** Epoch milliseconds, both ends included; an absent end is open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

const HOUR_MS = 3_600_000;
/** The ends of JavaScript's time range, standing in for an open end. */
const EARLIEST_MS = -8.64e15;
const LATEST_MS = 8.64e15;

/** Where each key's text and the time range of its events (epoch ms expressions) are kept. */
const KEY_TABLES: Readonly<Record<KeyColumn, { table: string; text: string; firstMs: string; lastMs: string }>> = {
  device_ref: { table: 'endpoints', text: 'device_uid', firstMs: epochMsOf('first_seen'), lastMs: epochMsOf('last_seen') },
  incident_ref: { table: 'incident_refs', text: 'incident', firstMs: 'first_time', lastMs: 'last_time' },
};

function epochMsOf(isoColumn: string): string {
  return `CAST(round(unixepoch(${isoColumn}, 'subsec') * 1000) AS INTEGER)`;
}

// The indexes' leading expression, which SQLite must recognize to use them, in a list of hours
// from a recursive CTE: a long range is two bounds, not a long list. `hoursFrom` selects
// (hour, last): the first hour and the last.
function inHours(hoursFrom: string): string {
  return `device_time / ${HOUR_MS} IN (WITH RECURSIVE hours (hour, last) AS (${hoursFrom} UNION ALL SELECT hour + 1, last FROM hours WHERE hour < last) SELECT hour FROM hours)`;
}

/** Same truncation as SQLite's integer division, negative times included. */
function hourOf(ms: number): number {
  return Math.trunc(ms / HOUR_MS);
}

/** Restricts to the events of `key`; none match when the key is unknown. */
export function addKeyCondition(conditions: Conditions, column: KeyColumn, key: EventKey | undefined, range: TimeRange): void {
  if (!key) {
    conditions.sql.push('FALSE');
    return;
  }
  conditions.sql.push(`${column} = ?`, inHours('SELECT ?, ?'));
  conditions.params.push(key.ref, hourOf(Math.max(key.firstMs, range.from ?? -Infinity)), hourOf(Math.min(key.lastMs, range.to ?? Infinity)));
}

/**
 * The events whose key's text equals `text` ignoring ASCII case, as the query language compares
 * text, in SQL alone so that it compiles inside any query. Every case variant of a text sorts
 * between its upper- and lower-case forms (SQLite's upper/lower fold ASCII only), so the key
 * table's unique index finds them; the hours span their events within `range`. The caller's
 * query must itself keep to `range`.
 */
export function keyTextCondition(column: KeyColumn, text: string, range: TimeRange, bind: Bind): string {
  const { table, text: textColumn, firstMs, lastMs } = KEY_TABLES[column];
  const matching = () => `FROM ${table} WHERE ${textColumn} BETWEEN upper(${bind(text)}) AND lower(${bind(text)}) AND ${textColumn} = ${bind(text)} COLLATE NOCASE`;
  const keys = `${column} IN (SELECT id ${matching()})`;
  // Integer division, as in the index; a CAST around the hour would give it an affinity the
  // index expression lacks, and SQLite would then not seek the index with it.
  const first = `max(min(${firstMs}), CAST(${bind(range.from ?? EARLIEST_MS)} AS INTEGER)) / ${HOUR_MS}`;
  const last = `min(max(${lastMs}), CAST(${bind(range.to ?? LATEST_MS)} AS INTEGER)) / ${HOUR_MS}`;
  return `${keys} AND ${inHours(`SELECT ${first}, ${last} ${matching()}`)}`;
}
