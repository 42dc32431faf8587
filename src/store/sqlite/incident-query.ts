// The WHERE and ORDER BY clauses of listIncidents. Column names come only from the whitelists
// below; every filter value is a bound parameter.
import type { IncidentFilter } from '../store.ts';
import { addRange, sqlOrder, timeRange, type Conditions } from './query-parts.ts';
import { addIncidentQuery } from './query-resolvers.ts';

const TIME_COLUMNS = {
  time: 'time',
  updated: 'updated',
  first_event_seen: 'first_event_seen',
  last_event_seen: 'last_event_seen',
} as const;

const SORT_COLUMNS = {
  time: 'time',
  updated: 'updated',
  priority_level: 'priority_level',
  atp_incident_id: 'atp_incident_id',
  last_event_seen: 'last_event_seen',
} as const;

function whitelisted<T extends Record<string, string>>(columns: T, field: string, what: string): T[keyof T] {
  if (!Object.hasOwn(columns, field)) throw new Error(`${what} must be one of ${Object.keys(columns).join(', ')}, got "${field}"`);
  return columns[field as keyof T];
}

export function incidentConditions(filter: IncidentFilter): Conditions {
  const conditions: Conditions = { sql: [], params: [] };
  // An empty list means "not filtered", as an absent one does. The list travels as one JSON
  // parameter so the SQL does not depend on its length.
  if (filter.state?.length) {
    conditions.sql.push('state IN (SELECT value FROM json_each(?))');
    conditions.params.push(JSON.stringify(filter.state));
  }
  if (filter.priority_level?.length) {
    conditions.sql.push('priority_level IN (SELECT value FROM json_each(?))');
    conditions.params.push(JSON.stringify(filter.priority_level));
  }
  addRange(conditions, whitelisted(TIME_COLUMNS, filter.timeField ?? 'time', 'timeField'), timeRange(filter.from, filter.to, (iso) => iso));
  addRange(conditions, 'time', timeRange(undefined, filter.createdBy, (iso) => iso));
  if (filter.device_uid !== undefined) {
    conditions.sql.push('EXISTS (SELECT 1 FROM incident_endpoints e WHERE e.incident_uuid = incidents.uuid AND e.device_uid = ?)');
    conditions.params.push(filter.device_uid);
  }
  addIncidentQuery(conditions, filter.query);
  return conditions;
}

/** Newest first by default; atp_incident_id breaks ties so that paging is stable. */
export function incidentOrderBy(filter: IncidentFilter): string {
  const column = whitelisted(SORT_COLUMNS, filter.sort?.field ?? 'time', 'sort field');
  const order = sqlOrder(filter.sort?.order, 'desc');
  return column === 'atp_incident_id' ? `ORDER BY atp_incident_id ${order}` : `ORDER BY ${column} ${order}, atp_incident_id ${order}`;
}
