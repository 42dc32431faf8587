// The WHERE clause of listEvents. Column fields use their column, device_uid and incident their
// integer key; any other field is read from the JSON document at a validated path that is itself
// a bound parameter.
import { intersectBounds } from '../../query/index.ts';
import { isFilterFieldPath } from '../field-path.ts';
import type { EventFilter } from '../store.ts';
import { columnFilterValue, isEventColumn, jsonFilterValues } from './event-columns.ts';
import { addKeyCondition, type EventKey, type TimeRange } from './event-keys.ts';
import { addRange, timeRange, type Conditions } from './query-parts.ts';
import { addEventQuery, eventQueryTimeRange } from './query-resolvers.ts';

/** Finds the key of a device_uid or an incident uuid named by a filter. */
export interface EventKeyLookup {
  device(deviceUid: string): EventKey | undefined;
  incident(incident: string): EventKey | undefined;
}

/**
 * The filter's from/to narrowed by the ranges its query puts on device_time, so that the time
 * index and the hour-bucketed key indexes are sought over that range alone: SQLite seeks only one
 * of several ranges on a column and would scan the whole window.
 */
function listingTimeRange(filter: EventFilter): TimeRange {
  const window = timeRange(filter.from, filter.to, Date.parse);
  if (!filter.query) return window;
  return intersectBounds(window, eventQueryTimeRange(filter.query));
}

export function eventConditions(filter: EventFilter, keys: EventKeyLookup): Conditions {
  const conditions: Conditions = { sql: [], params: [] };
  const range = listingTimeRange(filter);
  addRange(conditions, 'device_time', range);
  if (filter.incident !== undefined) addKeyCondition(conditions, 'incident_ref', keys.incident(filter.incident), range);
  for (const [field, value] of Object.entries(filter.equals ?? {})) {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`event filter "${field}": the value must be a string or a number, got ${value === null ? 'null' : typeof value}`);
    }
    if (field === 'incident') addKeyCondition(conditions, 'incident_ref', keys.incident(String(value)), range);
    else if (field === 'device_uid') addKeyCondition(conditions, 'device_ref', keys.device(String(value)), range);
    else if (isEventColumn(field)) {
      // The column name comes from the fixed list of columns, never from the caller.
      conditions.sql.push(`${field} = ?`);
      conditions.params.push(columnFilterValue(field, value));
    } else if (isFilterFieldPath(field)) {
      conditions.sql.push('json_extract(doc, ?) IN (?, ?)');
      conditions.params.push(`$.${field}`, ...jsonFilterValues(value));
    } else {
      throw new Error(`event filter field "${field}" is not a field path: use names of letters, digits and underscores joined by dots, such as mitre.tactic`);
    }
  }
  addEventQuery(conditions, filter.query, range);
  return conditions;
}
