// The event as the EDR console's detail view shows it: one row per field, sub-object fields
// under dotted names, sorted by name, codes as "2: TCP", times as "2021-06-08 20:08:00 UTC",
// ports with thousands separators ("18,878") and lists comma-separated.
import { renderCoded, renderConsoleTime, type EdrEvent } from '../model/index.ts';
import { CODED_FIELD_CATALOGS, LIST_FIELDS, PORT_FIELDS, TIME_FIELDS } from './event-fields.ts';
import { isJsonObject, setOwnValue, type JsonObject } from './json-object.ts';

const CODED = new Map(Object.entries(CODED_FIELD_CATALOGS));
const TIMES = new Set<string>(TIME_FIELDS);
const PORTS = new Set(PORT_FIELDS);
const LISTS = new Set(LIST_FIELDS);

export function renderEventForDisplay(event: EdrEvent): Record<string, unknown> {
  const rows: [string, unknown][] = [];
  for (const field of Object.keys(event)) {
    const value = event[field];
    if (isJsonObject(value)) addSubObjectRows(rows, field, value);
    else rows.push([field, displayValue(field, value)]);
  }
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const view: JsonObject = {};
  for (const [name, value] of rows) setOwnValue(view, name, value);
  return view;
}

function addSubObjectRows(rows: [string, unknown][], prefix: string, object: JsonObject): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (isJsonObject(value)) addSubObjectRows(rows, `${prefix}.${key}`, value);
    else rows.push([`${prefix}.${key}`, value]);
  }
}

function displayValue(field: string, value: unknown): unknown {
  const catalog = CODED.get(field);
  if (catalog && typeof value === 'number') return renderCoded(catalog, value);
  if (TIMES.has(field) && typeof value === 'string') return renderConsoleTime(value);
  if (PORTS.has(field) && typeof value === 'number') return value.toLocaleString('en-US');
  if (LISTS.has(field) && Array.isArray(value)) return value.join(', ');
  return value;
}
