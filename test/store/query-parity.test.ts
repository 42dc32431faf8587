// Parity on the real store: every query of the language's parity cases, run through listEvents on
// the store's own schema (columns, integer keys for device_uid and incident, hour-bucketed
// indexes), selects the records the in-memory matcher selects; so do queries whose time ranges
// and request windows narrow the ranges the store seeks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { EdrEvent } from '../../src/model/index.ts';
import { compileMatcher, EVENT_QUERY_SCHEMA, parseQuery } from '../../src/query/index.ts';
import { openSqliteStore, type EventFilter, type Store } from '../../src/store/index.ts';
import { EVENT_CASES } from '../query/event-cases.ts';
import { EVENTS, NOW } from '../query/fixtures.ts';
import { batch } from './fixtures.ts';

let store: Store;

before(async () => {
  store = await openSqliteStore(':memory:');
  await store.commit(batch({ events: EVENTS as EdrEvent[] }));
});
after(() => store.close());

async function storeIds(query: string, window: Pick<EventFilter, 'from' | 'to'> = {}): Promise<string[]> {
  const page = await store.listEvents({ ...window, query: { ast: parseQuery(query), now: NOW.toISOString() } }, { offset: 0, limit: 1000 });
  assert.equal(page.total, page.result.length, `total of ${query}`);
  return page.result.map((event) => event.event_uuid).sort();
}

function memoryIds(query: string, window: Pick<EventFilter, 'from' | 'to'> = {}): string[] {
  const matches = compileMatcher(parseQuery(query), EVENT_QUERY_SCHEMA, NOW);
  const inWindow = (time: string) => (window.from === undefined || time >= window.from) && (window.to === undefined || time <= window.to);
  return EVENTS.filter((event) => matches(event) && inWindow(String(event.device_time))).map((event) => String(event.event_uuid)).sort();
}

for (const [section, cases] of EVENT_CASES) {
  test(`store: ${section}`, async () => {
    for (const [query, expected] of cases) assert.deepEqual(await storeIds(query), expected, query);
  });
}

const DEVICE = '9a52620b-7e80-4e78-bf32-db901c24643c';
const INCIDENT = '32db1930-c884-11eb-c293-000000000273';

test('store: device_uid and incident by key, within time ranges of the query and of the request', async () => {
  const day8 = { from: '2021-06-08T00:00:00.000Z', to: '2021-06-08T23:59:59.999Z' };
  const cases: [query: string, window?: Pick<EventFilter, 'from' | 'to'>][] = [
    [`device_uid:${DEVICE.toUpperCase()}`, day8],
    [`device_uid:${DEVICE} AND device_time:[2021-06-09 TO *]`],
    [`device_uid:${DEVICE} AND device_time:[2021-06-09 TO *]`, day8],
    [`incident:${INCIDENT} AND device_time:{2021-06-08T20:08:00.000Z TO 2021-06-09T08:30:15.250Z]`],
    [`incident:${INCIDENT} AND device_time:[* TO 2021-06-08T21:00:00.000Z}`, { from: '2021-06-07T00:00:00.000Z' }],
    [`NOT device_uid:b2 AND device_time:2021-06-09`],
    [`(device_uid:b1 OR device_uid:c3 OR incident:nothing) AND NOT incident:${INCIDENT.toUpperCase()}`],
    [`device_uid:b1 OR device_time:2021-06-01`, day8],
    ['device_uid:nobody OR incident:nothing'],
    ['device_uid:b* OR incident:32DB1930*'],
  ];
  for (const [query, window] of cases) assert.deepEqual(await storeIds(query, window), memoryIds(query, window), `${query} ${JSON.stringify(window ?? {})}`);
  assert.deepEqual(await storeIds(`device_uid:${DEVICE.toUpperCase()}`, day8), ['e01'], 'the cases above are not all empty');
});
