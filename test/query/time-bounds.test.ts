import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_QUERY_SCHEMA, parseQuery, queryTimeBounds } from '../../src/query/index.ts';
import { NOW } from './fixtures.ts';

const bounds = (query: string) => queryTimeBounds(parseQuery(query), EVENT_QUERY_SCHEMA, 'device_time', NOW);
const ms = Date.parse;

test('the ranges that top-level AND terms put on the field bound it, intersected', () => {
  assert.deepEqual(bounds('device_time:[2021-06-08 TO 2021-06-09]'), { from: ms('2021-06-08'), to: ms('2021-06-10') });
  assert.deepEqual(bounds('type_id:4124 AND device_time:{2021-06-08T00:00:00.000Z TO *] AND (x:1 AND device_time:[* TO now])'),
    { from: ms('2021-06-08T00:00:00.001Z'), to: NOW.getTime() + 1 });
  assert.deepEqual(bounds('device_time:2021-06-08 AND device_time:2021-06-09'), { from: ms('2021-06-09'), to: ms('2021-06-09') });
});

test('OR, NOT, other fields and other tests leave the field unbounded', () => {
  for (const query of ['', 'type_id:4124', 'device_time:2021-06-08 OR type_id:1', 'NOT device_time:2021-06-08', 'log_time:2021-06-08', '_exists_:device_time']) {
    assert.deepEqual(bounds(query), {}, query);
  }
});
