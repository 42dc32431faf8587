// The Vigil query language (docs/QUERY.md): parse once, then evaluate in memory or compile to SQL.
export { parseQuery, MAX_QUERY_LENGTH } from './parser.ts';
export { QueryError } from './errors.ts';
export type { QueryNode } from './ast.ts';
export { ACTIVITY_QUERY_SCHEMA, defineQuerySchema, EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA } from './fields.ts';
export type { FieldKind, QuerySchema, QuerySchemaSpec } from './fields.ts';
export { compileMatcher, matches } from './evaluate.ts';
export type { RecordMatcher } from './evaluate.ts';
export { columnsOrDocument, compileToSql, documentField, jsonPathOf } from './sql.ts';
export type { Bind, CompiledSql, DocumentField, SqlField, SqlFieldResolver, SqlParam } from './sql.ts';
export { intersectBounds, queryTimeBounds } from './time-bounds.ts';
export type { TimeBounds } from './time-bounds.ts';
export { registerQueryFunctions } from './functions.ts';
