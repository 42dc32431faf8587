// Compiles a query to an SQLite WHERE expression. Every value, JSON path and pattern is a bound
// `?` parameter; the SQL text holds only fixed keywords and the expressions the resolver returns.
// NULL (a missing field) never leaks through NOT: negations compile to `(…) IS NOT 1`.
import { isFieldPath, type PatternPart, type QueryNode } from './ast.ts';
import type { Bound, Condition, ValueTest } from './condition.ts';
import type { QuerySchema } from './fields.ts';
import { networkHex, type IpNetwork } from './ip.ts';
import { LIKE_ESCAPE, likePattern } from './pattern.ts';
import { resolveQuery } from './resolve.ts';
import { isoOf } from './time-values.ts';
import { asciiLower, numberOf } from './values.ts';

export type SqlParam = string | number;

/** Adds a parameter; returns its placeholder. */
export type Bind = (value: SqlParam) => string;

/**
 * Where a field lives. A column: `sql` is an expression over the row ('device_ip'); 'epoch-ms'
 * is a time stored as integer milliseconds (a time in a text column is 'text', ISO-8601 UTC with
 * milliseconds). JSON: `sql` is the document column ('doc') and `keys` the field's path in it;
 * `equalsText`, for a field that holds only text, selects the records whose field equals a
 * non-empty text (ASCII case ignored) by a faster route than the document, such as a key table.
 */
export type SqlField =
  | { sql: string; storage: 'text' | 'integer' | 'epoch-ms' }
  | DocumentField;

export interface DocumentField {
  sql: string;
  storage: 'json';
  keys: readonly string[];
  equalsText?: (text: string, bind: Bind) => string;
}

/** Maps a field path from the query to where it is stored. The path is user input: never splice it. */
export type SqlFieldResolver = (field: string) => SqlField;

export interface CompiledSql {
  /** A boolean SQL expression, safe to AND with other conditions; `1` for the empty query. */
  where: string;
  params: SqlParam[];
}

function keysOf(field: string): string[] {
  if (!isFieldPath(field)) throw new Error(`"${field}" is not a field path`);
  return field.split('.');
}

function pathOfKeys(keys: readonly string[]): string {
  return `$${keys.map((name) => `."${name}"`).join('')}`;
}

/** `$."mitre"."tactic"`: the SQLite JSON path of a field, each name quoted. */
export function jsonPathOf(field: string): string {
  return pathOfKeys(keysOf(field));
}

/** A field read from the JSON document in `column`; the path is checked here and bound when used. */
export function documentField(column: string, field: string): DocumentField {
  return { sql: column, storage: 'json', keys: keysOf(field) };
}

/** Listed fields from their columns, every other field from the JSON document column. */
export function columnsOrDocument(columns: Readonly<Record<string, SqlField>>, documentColumn: string): SqlFieldResolver {
  return (field) => (Object.hasOwn(columns, field) ? columns[field] : documentField(documentColumn, field));
}

export function compileToSql(ast: QueryNode, schema: QuerySchema, resolver: SqlFieldResolver, now: Date): CompiledSql {
  const params: SqlParam[] = [];
  const bind = (value: SqlParam): string => {
    params.push(value);
    return '?';
  };
  const where = conditionSql(resolveQuery(ast, schema, now), resolver, bind);
  return { where, params };
}

const JSON_BOOLEAN_TYPES: Readonly<Record<string, string>> = { true: "'true'", false: "'false'" };

function conditionSql(condition: Condition, resolver: SqlFieldResolver, bind: Bind): string {
  switch (condition.kind) {
    case 'all':
      return '1';
    case 'and':
    case 'or':
      return balanced(condition.children.map((child) => conditionSql(child, resolver, bind)), condition.kind === 'and' ? 'AND' : 'OR');
    case 'not':
      return `(${conditionSql(condition.child, resolver, bind)}) IS NOT 1`;
    case 'exists': {
      const field = resolver(condition.field);
      if (field.storage !== 'json') return `${operand(field.sql)} IS NOT NULL`;
      if (field.keys.length === 1) {
        const path = pathOfKeys(field.keys);
        return `(json_type(${field.sql}, ${bind(path)}) NOT IN ('null', 'array') OR EXISTS (SELECT 1 FROM json_each(${field.sql}, ${bind(path)}) AS q_item WHERE typeof(q_item.key) = 'integer' AND q_item.type != 'null'))`;
      }
      const direct = (path: string) => `CASE coalesce(json_type(${field.sql}, ${path}), 'null') WHEN 'null' THEN 0 WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(${field.sql}, ${path}) AS q_item WHERE q_item.type != 'null') ELSE 1 END`;
      return pathSql(field, bind, direct, (item) => `${item}.type != 'null'`);
    }
    case 'test': {
      const field = resolver(condition.field);
      if (field.storage !== 'json') return columnTest(condition.test, operand(field.sql), field.storage, condition.field, bind);
      if (field.equalsText && condition.test.kind === 'equals' && condition.test.text !== '') return `(${field.equalsText(condition.test.text, bind)})`;
      const test = condition.test;
      if (field.keys.length === 1) {
        // json_each yields a scalar itself, an array's elements, or an object's members (text keys: skipped).
        return `EXISTS (SELECT 1 FROM json_each(${field.sql}, ${bind(pathOfKeys(field.keys))}) AS q_item WHERE typeof(q_item.key) != 'text' AND ${jsonTest(test, 'q_item.value', 'q_item.type', bind)})`;
      }
      const direct = (path: string, bindOnce: Bind) => `CASE json_type(${field.sql}, ${path}) WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(${field.sql}, ${path}) AS q_item WHERE ${jsonTest(test, 'q_item.value', 'q_item.type', bindOnce)}) ELSE ${jsonTest(test, `(${field.sql} ->> ${path})`, `json_type(${field.sql}, ${path})`, bindOnce)} END`;
      return pathSql(field, bind, direct, (item, bindOnce) => jsonTest(test, `${item}.value`, `${item}.type`, bindOnce));
    }
  }
}

/**
 * A condition on the values a path of two keys or more reaches (docs/QUERY.md, Arrays). `direct`
 * reads the value at the whole path, given as an SQL expression, exact when every step before the
 * last is an object: the common case. It uses json_each only for an array, and otherwise the
 * scalar JSON functions, which share the row's parsed document with the look-ups that decide
 * whether a step before the last holds an array; only then does the per-step walk run.
 */
function pathSql(field: DocumentField, bind: Bind, direct: (path: string, bindOnce: Bind) => string, reached: (item: string, bindOnce: Bind) => string): string {
  // Each value is bound once, as a column of q_bound, however often the condition uses it: the
  // 1,024-term queries stay under SQLite's parameter limit.
  const columns: string[] = [];
  const names = new Map<SqlParam, string>();
  const bindOnce: Bind = (value) => {
    let name = names.get(value);
    if (name === undefined) {
      name = `q_bound.v${columns.length}`;
      columns.push(`${bind(value)} AS v${columns.length}`);
      names.set(value, name);
    }
    return name;
  };
  const path = bindOnce(pathOfKeys(field.keys));
  const condition = `${direct(path, bindOnce)} OR ${walkSql(field, bindOnce(JSON.stringify(field.keys.map((key) => pathOfKeys([key]).slice(1)))), (item) => reached(item, bindOnce))}`;
  return `EXISTS (SELECT 1 FROM (SELECT ${columns.join(', ')}) AS q_bound WHERE ${condition})`;
}

/**
 * One json_each per key: step i yields the elements of the value at its key if that is an array,
 * else the value itself (an object the next key steps into, or a scalar; nothing if absent).
 * Elements that are arrays are not stepped into. `keySegments` holds the keys as a JSON array of
 * path segments (`."sigma"`).
 */
function walkSql(field: DocumentField, keySegments: string, reached: (item: string) => string): string {
  const segments = field.keys.map((_, index) => `(${keySegments} ->> ${index})`);
  const prefixes = segments.slice(0, -1).map((_, end) => `'$' || ${segments.slice(0, end + 1).join(' || ')}`);
  const crossesArray = prefixes.map((path) => `json_type(${field.sql}, ${path}) IS 'array'`).join(' OR ');
  const steps = segments.map((segment, index) => {
    const container = index === 0 ? field.sql : `q_step${index - 1}.value`;
    const path = `'$' || ${segment}`;
    // `->` gives JSON text, so a value that is not an array becomes the one element of `[…]`.
    const expand = `CASE json_type(${container}, ${path}) WHEN 'array' THEN ${container} -> (${path}) ELSE '[' || (${container} -> (${path})) || ']' END`;
    // A scalar's value is not JSON text: only objects are stepped into.
    const walks = index === 0 ? crossesArray : `q_step${index - 1}.type = 'object'`;
    return `json_each(CASE WHEN ${walks} THEN ${expand} END) AS q_step${index}`;
  });
  return `EXISTS (SELECT 1 FROM ${steps.join(', ')} WHERE ${reached(`q_step${field.keys.length - 1}`)})`;
}

/** Balanced nesting keeps long AND/OR runs under SQLite's expression depth limit. */
function balanced(parts: string[], operator: 'AND' | 'OR'): string {
  if (parts.length === 0) return operator === 'AND' ? '1' : '0';
  if (parts.length === 1) return parts[0];
  const middle = Math.ceil(parts.length / 2);
  return `(${balanced(parts.slice(0, middle), operator)} ${operator} ${balanced(parts.slice(middle), operator)})`;
}

function operand(sql: string): string {
  return /^[A-Za-z_][\w.]*$/.test(sql) ? sql : `(${sql})`;
}

/** A column holds one type; a test of another type is false, as it is in memory. */
function columnTest(test: ValueTest, column: string, storage: 'text' | 'integer' | 'epoch-ms', field: string, bind: Bind): string {
  if (storage === 'epoch-ms') {
    if (test.kind !== 'timeRange') throw new Error(`query field "${field}" is stored as epoch milliseconds but the schema does not declare it a time`);
    return timeSql(column, test, (ms) => ms, bind);
  }
  switch (test.kind) {
    case 'equals': {
      const number = numberOf(test.text);
      if (storage === 'integer') return number === undefined ? '0' : `${column} = ${bind(number)}`;
      // Numbers have no case; plain equality lets an index on the column serve the query.
      return `${column} = ${bind(test.text)}${number === undefined ? ' COLLATE NOCASE' : ''}`;
    }
    case 'like':
      return likeSql(column, test.pattern, bind);
    case 'codes':
      return storage === 'integer' ? inList(column, test.codes, bind) : '0';
    case 'numberRange':
      return storage === 'integer' ? rangeSql(column, test.lower, test.upper, '', bind) : '0';
    case 'textRange':
      return storage === 'text' ? rangeSql(column, test.lower, test.upper, ' COLLATE NOCASE', bind) : '0';
    case 'timeRange':
      return storage === 'text' ? timeSql(column, test, isoOf, bind) : '0';
    case 'cidr':
      return storage === 'text' ? cidrSql(column, test.network, bind) : '0';
  }
}

/** One JSON value: `value` as SQLite reads it (true and false as 1 and 0), `type` its json_type. */
function jsonTest(test: ValueTest, value: string, type: string, bind: Bind): string {
  switch (test.kind) {
    case 'equals': {
      const number = numberOf(test.text);
      if (number !== undefined) return `${type} IN ('integer', 'real', 'text') AND ${value} IN (${bind(number)}, ${bind(test.text)})`;
      const text = `${type} = 'text' AND ${value} = ${bind(test.text)} COLLATE NOCASE`;
      // JSON true/false reach SQL as 1/0, so booleans are told apart by their JSON type.
      const boolean = JSON_BOOLEAN_TYPES[asciiLower(test.text)];
      return boolean === undefined ? text : `(${type} = ${boolean} OR (${text}))`;
    }
    case 'like':
      return `${type} IN ('text', 'integer') AND ${likeSql(value, test.pattern, bind)}`;
    case 'codes':
      return `${type} IN ('integer', 'real') AND ${inList(value, test.codes, bind)}`;
    case 'numberRange':
      return `${type} IN ('integer', 'real') AND ${rangeSql(value, test.lower, test.upper, '', bind)}`;
    case 'textRange':
      return `${type} = 'text' AND ${rangeSql(value, test.lower, test.upper, ' COLLATE NOCASE', bind)}`;
    case 'timeRange':
      return `${type} = 'text' AND ${timeSql(value, test, isoOf, bind)}`;
    case 'cidr':
      return `${type} = 'text' AND ${cidrSql(value, test.network, bind)}`;
  }
}

function likeSql(value: string, pattern: readonly PatternPart[], bind: Bind): string {
  return `${value} LIKE ${bind(likePattern(pattern))} ESCAPE '${LIKE_ESCAPE}'`;
}

function inList(value: string, codes: readonly number[], bind: Bind): string {
  return codes.length === 1 ? `${value} = ${bind(codes[0])}` : `${value} IN (${codes.map(bind).join(', ')})`;
}

function rangeSql<T extends SqlParam>(value: string, lower: Bound<T> | undefined, upper: Bound<T> | undefined, collation: string, bind: Bind): string {
  const parts: string[] = [];
  if (lower) parts.push(`${value} ${lower.inclusive ? '>=' : '>'} ${bind(lower.value)}${collation}`);
  if (upper) parts.push(`${value} ${upper.inclusive ? '<=' : '<'} ${bind(upper.value)}${collation}`);
  return parts.length === 0 ? '1' : parts.join(' AND ');
}

function timeSql(value: string, test: ValueTest & { kind: 'timeRange' }, encode: (ms: number) => SqlParam, bind: Bind): string {
  return rangeSql(value, test.from === undefined ? undefined : { value: encode(test.from), inclusive: true }, test.to === undefined ? undefined : { value: encode(test.to), inclusive: false }, '', bind);
}

function cidrSql(value: string, network: IpNetwork, bind: Bind): string {
  return `vigil_cidr(${value}, ${bind(networkHex(network))}, ${bind(network.prefixLength)})`;
}
