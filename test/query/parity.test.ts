// Parity: for every query, the in-memory matcher and the compiled SQL (run by SQLite over the same
// records) select exactly the same records, and both select the records the language promises.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_QUERY_SCHEMA, INCIDENT_QUERY_SCHEMA } from '../../src/query/index.ts';
import { ALL_EVENT_IDS, EVENT_CASES, type Case } from './event-cases.ts';
import { EVENT_COLUMNS, EVENTS, FixtureTable, INCIDENT_COLUMNS, INCIDENTS } from './fixtures.ts';

const events = new FixtureTable(EVENTS, EVENT_COLUMNS, EVENT_QUERY_SCHEMA, 'event_uuid');
const incidents = new FixtureTable(INCIDENTS, INCIDENT_COLUMNS, INCIDENT_QUERY_SCHEMA, 'uuid');

function assertParity(table: FixtureTable, [query, expected]: Case): void {
  const inMemory = table.memoryIds(query);
  assert.deepEqual(table.sqlIds(query), inMemory, `SQL and in-memory disagree on ${query}`);
  assert.deepEqual(inMemory, expected, `wrong records for ${query}`);
}

for (const [section, cases] of EVENT_CASES) {
  test(`events: ${section}`, () => {
    for (const testCase of cases) assertParity(events, testCase);
  });
}

// The client queries of reference §2.1 and §3 verbatim, and the incident schema's enums and times.
const INCIDENT_CASES: Case[] = [
  ['priority_level: (3 OR 2) AND state: (1)', ['i00', 'i21']],
  ['(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[2020-06-08T15:39:55.616Z TO now]', ['i21', 'i22', 'i23', 'i24']],
  ['atp_incident_id: 100022', ['i22']],
  ['priority_level:HIGH', ['i00', 'i10', 'i24']],
  ['priority_level:high AND state:Open', ['i00']],
  ['state:"In-Progress"', ['i23', 'i24']],
  ['state:in_work', ['i23', 'i24']],
  ['resolution:FALSE_POSITIVE', ['i23']],
  ['resolution:"not set"', ['i00', 'i21', 'i22', 'i24']],
  ['deviceUid:b1', ['i00']],
  ['deviceUid:(c3 OR x)', ['i21']],
  ['trickybot', ['i00']],
  ['time:[2020-06-09 TO 2020-06-09]', ['i21', 'i22', 'i23']],
  ['time:[2021-01-01 TO *]', ['i24']],
  ['last_event_seen:{2020-06-08T15:39:55.616Z TO now]', ['i21', 'i22', 'i23', 'i24']],
  ['remote.ip:2001:db8::/64', ['i23']],
  ['remote.ip:192.0.2.100', ['i24']],
  ['atp_incident_id:[100010 TO 100022}', ['i10', 'i21']],
  ['event_count:[2 TO *]', ['i00', 'i21']],
  ['_exists_:remote', ['i23', 'i24']],
  ['mitre.tactic:"command and control"', ['i00']],
  ['c2.example', ['i23']],
  ['uuid:I2*', ['i21', 'i22', 'i23', 'i24']],
];

test('incidents: the queries real clients send, enums, ISO text times, arrays and IPv6', () => {
  for (const testCase of INCIDENT_CASES) assertParity(incidents, testCase);
});

test('the fixtures cover the promised variety', () => {
  assert.ok(EVENTS.length >= 40);
  assert.equal(new Set(ALL_EVENT_IDS).size, EVENTS.length, 'event ids are unique');
});
