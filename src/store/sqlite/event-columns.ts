// The event fields copied into plain columns next to the JSON document, and how a value of each
// is bound, both when writing an event and when filtering on the field. (device_uid and incident
// are stored as integer keys instead: event-keys.ts.)
import type { EdrEvent } from '../../model/index.ts';
import { timeBound } from './query-parts.ts';

/** 'time': an ISO-8601 field stored as epoch milliseconds. */
type ColumnKind = 'integer' | 'text' | 'time';

export const EVENT_COLUMNS = {
  event_uuid: 'text',
  type_id: 'integer',
  device_time: 'time',
  severity: 'integer',
  severity_id: 'integer',
  event_id: 'integer',
  device_ip: 'text',
  device_name: 'text',
  external_ip: 'text',
  signature_id: 'integer',
  traffic_direction: 'integer',
} as const satisfies Record<string, ColumnKind>;

export type EventColumn = keyof typeof EVENT_COLUMNS;
type SqlValue = string | number | null;

const COLUMN_NAMES = Object.keys(EVENT_COLUMNS) as EventColumn[];
const COLUMN_KINDS = COLUMN_NAMES.map((name) => EVENT_COLUMNS[name]);

/** Positional parameters: the columns in EVENT_COLUMNS order, then the two keys and the document. */
export const INSERT_EVENT_SQL = `INSERT INTO events (${COLUMN_NAMES.join(', ')}, device_ref, incident_ref, doc)
  VALUES (${COLUMN_NAMES.map(() => '?').join(', ')}, ?, ?, ?)`;

export function isEventColumn(field: string): field is EventColumn {
  return Object.hasOwn(EVENT_COLUMNS, field);
}

/** The bound parameters of INSERT_EVENT_SQL; `text`, when the caller has it, is the event's JSON text. */
export function eventValues(event: EdrEvent, deviceRef: number | null, incidentRef: number | null, text?: string): SqlValue[] {
  const values: SqlValue[] = new Array(COLUMN_NAMES.length + 3);
  for (let i = 0; i < COLUMN_NAMES.length; i++) values[i] = columnValue(COLUMN_KINDS[i], event[COLUMN_NAMES[i]]);
  values[COLUMN_NAMES.length] = deviceRef;
  values[COLUMN_NAMES.length + 1] = incidentRef;
  values[COLUMN_NAMES.length + 2] = text ?? JSON.stringify(event);
  return values;
}

// A value of the wrong type stays in the document but not in the column: better-sqlite3 cannot
// bind booleans or objects, and one odd field must not fail a whole batch. (The required
// event_uuid, type_id and device_time then fail the NOT NULL constraint, as they should.)
function columnValue(kind: ColumnKind, value: unknown): SqlValue {
  if (kind === 'integer') return Number.isInteger(value) ? (value as number) : null;
  if (kind === 'time') return typeof value === 'string' ? epochMs(value) : null;
  return typeof value === 'string' ? value : null;
}

/** Epoch milliseconds of a normalized ISO time; null when it is not one. */
export function epochMs(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

const NUMERIC = /^-?\d+(?:\.\d+)?$/;

/** A filter value as the column compares it: "206" matches an integer column's 206, any time format its epoch ms. */
export function columnFilterValue(column: EventColumn, value: string | number): string | number {
  const kind = EVENT_COLUMNS[column];
  if (kind === 'text') return String(value);
  if (kind === 'time') return Date.parse(timeBound(String(value), column));
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
