// The WHERE clause of listEvents. Hot fields use their indexed column; any other field is read
// from the JSON document at a validated path that is itself a bound parameter.
import type { EventFilter } from '../store.ts';
import { columnFilterValue, isHotEventColumn, jsonFilterValues } from './event-columns.ts';
import { addTimeRange, type Conditions } from './query-parts.ts';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function eventConditions(filter: EventFilter): Conditions {
  const conditions: Conditions = { sql: [], params: [] };
  addTimeRange(conditions, 'device_time', filter.from, filter.to);
  if (filter.incident !== undefined) {
    conditions.sql.push('incident = ?');
    conditions.params.push(filter.incident);
  }
  for (const [field, value] of Object.entries(filter.equals ?? {})) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`event filter "${field}": the value must be a string or a number, got ${value === null ? 'null' : typeof value}`);
    }
    if (isHotEventColumn(field)) {
      // The column name comes from the fixed list of hot columns, never from the caller.
      conditions.sql.push(`${field} = ?`);
      conditions.params.push(columnFilterValue(field, value));
    } else if (FIELD_PATH.test(field)) {
      conditions.sql.push('json_extract(doc, ?) IN (?, ?)');
      conditions.params.push(`$.${field}`, ...jsonFilterValues(value));
    } else {
      throw new Error(`event filter field "${field}" is not a field path: use names of letters, digits and underscores joined by dots, such as mitre.tactic`);
    }
  }
  return conditions;
}
