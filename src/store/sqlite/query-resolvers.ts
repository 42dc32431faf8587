// Where the query language finds each field in the tables: the plain columns where there are
// some, the JSON document for everything else (device_uid and incident included: events keep
// them as integer keys, the document has the values).
import { columnsOrDocument, compileToSql, EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA, type QueryNode, type SqlField } from '../../query/index.ts';
import type { StoreQuery } from '../store.ts';
import { EVENT_COLUMNS } from './event-columns.ts';
import type { Conditions } from './query-parts.ts';

const STORAGE_OF_EVENT_COLUMN = { integer: 'integer', text: 'text', time: 'epoch-ms' } as const;

const eventFields = columnsOrDocument(
  Object.fromEntries(Object.entries(EVENT_COLUMNS).map(([name, kind]): [string, SqlField] => [name, { sql: name, storage: STORAGE_OF_EVENT_COLUMN[kind] }])),
  'doc',
);

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

export function addEventQuery(conditions: Conditions, query: StoreQuery | undefined): void {
  addQuery(conditions, query, (ast, now) => compileToSql(ast, EVENT_QUERY_SCHEMA, eventFields, now));
}

export function addIncidentQuery(conditions: Conditions, query: StoreQuery | undefined): void {
  addQuery(conditions, query, (ast, now) => compileToSql(ast, INCIDENT_QUERY_SCHEMA, incidentFields, now));
}
