// The event fields kept as indexed columns next to the JSON document, and how a value of each is
// bound, both when writing an event and when filtering on the field.
import type { EdrEvent } from '../../model/index.ts';

type ColumnKind = 'integer' | 'text';

export const HOT_EVENT_COLUMNS = {
  event_uuid: 'text',
  type_id: 'integer',
  device_time: 'text',
  severity: 'integer',
  severity_id: 'integer',
  event_id: 'integer',
  device_uid: 'text',
  device_ip: 'text',
  device_name: 'text',
  external_ip: 'text',
  signature_id: 'integer',
  traffic_direction: 'integer',
  incident: 'text',
} as const satisfies Record<string, ColumnKind>;

export type HotEventColumn = keyof typeof HOT_EVENT_COLUMNS;
type SqlValue = string | number | null;

const COLUMN_NAMES = Object.keys(HOT_EVENT_COLUMNS) as HotEventColumn[];

// A resent event_uuid is skipped. Not INSERT OR IGNORE: that would also silently drop an event
// that breaks a NOT NULL constraint, where the batch must fail instead.
export const INSERT_EVENT_SQL = `INSERT INTO events (${COLUMN_NAMES.join(', ')}, doc)
  VALUES (${COLUMN_NAMES.map((name) => `@${name}`).join(', ')}, @doc)
  ON CONFLICT (event_uuid) DO NOTHING`;

export function isHotEventColumn(field: string): field is HotEventColumn {
  return Object.hasOwn(HOT_EVENT_COLUMNS, field);
}

/** The bound parameters of INSERT_EVENT_SQL. */
export function eventRow(event: EdrEvent): Record<HotEventColumn | 'doc', SqlValue> {
  const row = { doc: JSON.stringify(event) } as Record<HotEventColumn | 'doc', SqlValue>;
  for (const name of COLUMN_NAMES) row[name] = columnValue(HOT_EVENT_COLUMNS[name], event[name]);
  return row;
}

// A value of the wrong type stays in the document but not in the column: better-sqlite3 cannot
// bind booleans or objects, and one odd field must not fail a whole batch. (The required
// event_uuid, type_id and device_time then fail the NOT NULL constraint, as they should.)
function columnValue(kind: ColumnKind, value: unknown): SqlValue {
  if (kind === 'integer') return Number.isInteger(value) ? (value as number) : null;
  return typeof value === 'string' ? value : null;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** A filter value as the column compares it: "206" matches an integer column's 206. */
export function columnFilterValue(column: HotEventColumn, value: string | number): string | number {
  if (HOT_EVENT_COLUMNS[column] === 'text') return String(value);
  return typeof value === 'string' && NUMERIC.test(value.trim()) ? Number(value) : value;
}

/**
 * The two values a JSON field may equal: a document holds 18878 or "18878" depending on the
 * source, and a filter cannot know which. Non-numeric values are returned twice so the SQL stays
 * one fixed shape.
 */
export function jsonFilterValues(value: string | number): [string | number, string] {
  if (typeof value === 'number') return [value, String(value)];
  return [NUMERIC.test(value.trim()) ? Number(value) : value, value];
}
