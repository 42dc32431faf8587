// Where the query language finds each field in the tables: the plain columns where there are
// some, the JSON document for everything else. device_uid and incident are in the document too,
// but events keep them as integer keys: an exact value is found through those (event-keys.ts).
import {
  columnsOrDocument, compileToSql, documentField, EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA, queryTimeBounds, type QueryNode, type SqlField,
  type SqlFieldResolver,
} from '../../query/index.ts';
import type { StoreQuery } from '../store.ts';
import { EVENT_COLUMNS } from './event-columns.ts';
import { keyTextCondition, type KeyColumn, type TimeRange } from './event-keys.ts';
import type { Conditions } from './query-parts.ts';

const STORAGE_OF_EVENT_COLUMN = { integer: 'integer', text: 'text', time: 'epoch-ms' } as const;

const EVENT_COLUMN_FIELDS = Object.fromEntries(
  Object.entries(EVENT_COLUMNS).map(([name, kind]): [string, SqlField] => [name, { sql: name, storage: STORAGE_OF_EVENT_COLUMN[kind] }]),
);

/** A document field whose exact text values are found through an event key, within `range`. */
function keyedField(field: string, column: KeyColumn, range: TimeRange): SqlField {
  return { ...documentField('doc', field), equalsText: (text, bind) => keyTextCondition(column, text, range, bind) };
}

/** `range` is the time range the whole listing keeps to. */
function eventFields(range: TimeRange): SqlFieldResolver {
  return columnsOrDocument({
    ...EVENT_COLUMN_FIELDS,
    device_uid: keyedField('device_uid', 'device_ref', range),
    incident: keyedField('incident', 'incident_ref', range),
  }, 'doc');
}

const incidentFields = columnsOrDocument({
  uuid: { sql: 'uuid', storage: 'text' },
  atp_incident_id: { sql: 'atp_incident_id', storage: 'integer' },
  state: { sql: 'state', storage: 'integer' },
  priority_level: { sql: 'priority_level', storage: 'integer' },
  time: { sql: 'time', storage: 'text' },
  updated: { sql: 'updated', storage: 'text' },
  first_event_seen: { sql: 'first_event_seen', storage: 'text' },
  last_event_seen: { sql: 'last_event_seen', storage: 'text' },
}, 'doc');

function addQuery(conditions: Conditions, query: StoreQuery | undefined, compile: (ast: QueryNode, now: Date) => { where: string; params: (string | number)[] }): void {
  if (!query) return;
  const compiled = compile(query.ast, new Date(query.now));
  conditions.sql.push(`(${compiled.where})`);
  conditions.params.push(...compiled.params);
}

/** The device_time range, in epoch ms with both ends included, that the query itself keeps to. */
export function eventQueryTimeRange(query: StoreQuery): TimeRange {
  const bounds = queryTimeBounds(query.ast, EVENT_QUERY_SCHEMA, 'device_time', new Date(query.now));
  return { from: bounds.from, to: bounds.to === undefined ? undefined : bounds.to - 1 };
}

/** `range` must hold every event the listing may return: the query's key lookups seek only there. */
export function addEventQuery(conditions: Conditions, query: StoreQuery | undefined, range: TimeRange): void {
  addQuery(conditions, query, (ast, now) => compileToSql(ast, EVENT_QUERY_SCHEMA, eventFields(range), now));
}

export function addIncidentQuery(conditions: Conditions, query: StoreQuery | undefined): void {
  addQuery(conditions, query, (ast, now) => compileToSql(ast, INCIDENT_QUERY_SCHEMA, incidentFields, now));
}
