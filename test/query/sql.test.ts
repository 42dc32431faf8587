// The SQL side: values only ever travel as parameters, hostile values match literally, the
// resolver's storages all work, and big queries stay within SQLite's limits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import {
  compileToSql, defineQuerySchema, EVENT_QUERY_SCHEMA, jsonPathOf, MAX_QUERY_LENGTH, parseQuery, registerQueryFunctions,
} from '../../src/query/index.ts';
import { EVENT_COLUMNS, EVENTS, FixtureTable, NOW } from './fixtures.ts';

const events = new FixtureTable(EVENTS, EVENT_COLUMNS, EVENT_QUERY_SCHEMA, 'event_uuid');

const HOSTILE_VALUES = [
  "x'; DROP TABLE records; --", 'a" OR "1"="1', "' OR 1=1 --", 'x -- comment', 'x; DELETE FROM records', 'x /* comment */',
  '100%', 'under_score', 'Robert\'); DROP TABLE Students;--', 'ünïcödé ✓ 日本', '\\x00', 'json_extract(doc, \'$\')', '1 ? 2', '$."doc"',
];

/** A query searching `value` as a phrase in a text column, JSON fields, free text and a text range. */
function hostileQuery(value: string): string {
  const phrase = `"${value.replace(/[\\"*?]/g, (char) => `\\${char}`)}"`;
  return `device_uid:${phrase} OR mitre.tactic:${phrase} OR ${phrase} OR file.name:[${phrase} TO *] OR x.y:${phrase}`;
}

test('no value is ever spliced into the SQL text, hostile ones included', () => {
  for (const value of HOSTILE_VALUES) {
    const { where, params } = compileToSql(parseQuery(hostileQuery(value)), EVENT_QUERY_SCHEMA, events.resolver, NOW);
    assert.ok(!where.includes(value), `${value} leaked into ${where}`);
    assert.ok(params.includes(value), `${value} is bound as a parameter`);
    assert.equal(where.split('?').length - 1, params.length, 'one parameter per placeholder');
  }
});

test('hostile values run without SQL errors, match literally, and harm nothing', () => {
  for (const value of HOSTILE_VALUES) {
    assert.deepEqual(events.sqlIds(hostileQuery(value)), events.memoryIds(hostileQuery(value)), value);
  }
  const stored = String(EVENTS.find((event) => event.event_uuid === 'e22')?.description);
  assert.deepEqual(events.sqlIds(`description:"${stored.replace(/[\\"]/g, (char) => `\\${char}`)}"`), ['e22']);
  assert.deepEqual(events.sqlIds('file.name:"o\'brien.exe"'), ['e22']);
  assert.equal((events.db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n, EVENTS.length);
});

test('field paths reach SQLite as bound, quoted JSON paths', () => {
  assert.equal(jsonPathOf('mitre.tactic'), '$."mitre"."tactic"');
  assert.equal(jsonPathOf('@timestamp'), '$."@timestamp"');
  assert.throws(() => jsonPathOf('a"b'), /not a field path/);
  const { where, params } = compileToSql(parseQuery('mitre.tactic:x'), EVENT_QUERY_SCHEMA, events.resolver, NOW);
  assert.ok(!where.includes('mitre'));
  // The whole path, the value, then the keys for the walk through arrays (docs/QUERY.md, Arrays): each bound once.
  assert.deepEqual(params, ['$."mitre"."tactic"', 'x', '[".\\"mitre\\"",".\\"tactic\\""]']);
  assert.deepEqual(compileToSql(parseQuery('mitre:x'), EVENT_QUERY_SCHEMA, events.resolver, NOW).params, ['$."mitre"', 'x'], 'a one-key path needs no walk');
});

test('the empty query compiles to 1 with no parameters', () => {
  assert.deepEqual(compileToSql(parseQuery(''), EVENT_QUERY_SCHEMA, events.resolver, NOW), { where: '1', params: [] });
});

test('times in an ISO text column and in an epoch-ms expression give the same answers', () => {
  const isoText = new FixtureTable(EVENTS, { ...EVENT_COLUMNS, device_time: { sql: 'device_time', storage: 'text', type: 'TEXT' } }, EVENT_QUERY_SCHEMA, 'event_uuid');
  const castExpression = new FixtureTable(EVENTS, { ...EVENT_COLUMNS, device_time: { sql: 'CAST(device_time AS INTEGER)', storage: 'epoch-ms', type: 'INTEGER' } }, EVENT_QUERY_SCHEMA, 'event_uuid');
  const queries = ['device_time:2021-06-08', 'device_time:[2021-06-08T20:08:00.000Z TO now]', 'device_time:{* TO 2021-06-03}', 'NOT device_time:[now-1d TO now]', '_exists_:device_time'];
  for (const query of queries) {
    const expected = events.memoryIds(query);
    assert.deepEqual(events.sqlIds(query), expected, query);
    assert.deepEqual(isoText.sqlIds(query), expected, query);
    assert.deepEqual(castExpression.sqlIds(query), expected, query);
  }
  assert.match(compileToSql(parseQuery('device_time:2021-06-08'), EVENT_QUERY_SCHEMA, castExpression.resolver, NOW).where, /^\(CAST\(device_time AS INTEGER\)\) >= \? AND/);
});

test('a field stored as epoch-ms must be a time in the schema', () => {
  const schema = defineQuerySchema({ fields: {}, freeTextFields: [] });
  assert.throws(() => compileToSql(parseQuery('seen:abc'), schema, () => ({ sql: 'seen', storage: 'epoch-ms' }), NOW), /stored as epoch milliseconds/);
});

test('the largest queries stay within SQLite limits (parameters, expression depth)', () => {
  const manyTerms = Array.from({ length: 1024 }, (_, i) => `w${i}`).join(' OR ');
  assert.ok(manyTerms.length <= MAX_QUERY_LENGTH);
  assert.deepEqual(events.sqlIds(manyTerms), []);
  const deep = `${'(NOT '.repeat(50)}type_id:4124${')'.repeat(50)}`;
  assert.deepEqual(events.sqlIds(deep), events.memoryIds(deep));
  const nested = `${'(type_id:1 OR ('.repeat(49)}type_id:4124${'))'.repeat(49)}`;
  assert.deepEqual(events.sqlIds(nested), events.memoryIds(nested));
});

test('vigil_cidr is deterministic and false for anything that is not an address of the family', () => {
  const db = new Database(':memory:');
  registerQueryFunctions(db);
  const cidr = db.prepare('SELECT vigil_cidr(?, ?, ?) AS inside');
  const inside = (address: unknown, hex: unknown, prefix: unknown) => (cidr.get(address, hex, prefix) as { inside: number }).inside;
  assert.equal(inside('192.0.2.99', 'c0000200', 24), 1);
  assert.equal(inside('192.0.3.1', 'c0000200', 24), 0);
  assert.equal(inside('2001:db8::1', '20010db8000000000000000000000000', 32), 1);
  assert.equal(inside('192.0.2.99', '20010db8000000000000000000000000', 32), 0);
  assert.equal(inside(null, 'c0000200', 24), 0);
  assert.equal(inside(42, 'c0000200', 24), 0);
  assert.equal(inside('garbage', 'c0000200', 24), 0);
  db.close();
});
