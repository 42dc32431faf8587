// The query language through the native API: `q` on events and incidents.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoEvents, seedEvent } from '../../src/cli/demo-data.ts';
import { getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

describe('q: the query language in /api/v1', () => {
  let vigil: TestVigil;
  const q = (path: string, query: string) => getJson(vigil, `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(query)}&limit=1000`);

  before(async () => {
    vigil = await startTestVigil();
    const answer = await postEvents(vigil, demoEvents());
    assert.equal(answer.body.accepted, 101);
  });
  after(() => vigil.destroy());

  test('the founding scenario by remote party and direction, with enum labels', async () => {
    const answer = await q('/api/v1/events', 'external_ip:192.0.2.100 AND traffic_direction:Outbound');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.total, 61);
    for (const event of answer.body.result) assert.equal(event.external_ip, '192.0.2.100');
  });

  test('phrases with wildcards, dotted paths, CIDR, ranges and negation', async () => {
    assert.equal((await q('/api/v1/events', 'signature_name:"System Infected*"')).body.total, 61);
    assert.equal((await q('/api/v1/events', 'mitre.tactic:"Command and Control" AND event_actor.pid:620')).body.total, 1);
    assert.equal((await q('/api/v1/events', 'device_ip:192.0.2.0/24 AND type_id:8001')).body.total, 20);
    assert.equal((await q('/api/v1/events', 'device_time:[2021-06-08T20:00:00Z TO 2021-06-08T20:09:00Z] AND type_id:4124')).body.total, 1);
    assert.equal((await q('/api/v1/events', 'type_id:(8001 OR 8007) AND !device_ip:192.0.2.11')).body.total, 32);
    assert.equal((await q('/api/v1/events', '_exists_:process.pid')).body.total, 20);
  });

  test('incidents: the client queries of the reference', async () => {
    const high = await q('/api/v1/incidents', 'priority_level: (3 OR 2) AND state: (1)');
    assert.equal(high.body.total, 1);
    assert.equal(high.body.result[0].atp_incident_id, 100000);
    assert.equal((await q('/api/v1/incidents', 'atp_incident_id: 100000')).body.total, 1);
    assert.equal((await q('/api/v1/incidents', '(priority_level:1 OR priority_level:2 OR priority_level:3) AND !state:4 AND last_event_seen:[2020-06-08T15:39:55.616Z TO now]')).body.total, 1);
    assert.equal((await q('/api/v1/incidents', 'state:Closed')).body.total, 0);
  });

  test('a syntax error answers 400 with the position and what was expected', async () => {
    const answer = await q('/api/v1/events', 'external_ip:(192.0.2.100 OR');
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'Bad Request');
    assert.equal(typeof answer.body.position, 'number');
    assert.match(answer.body.message, /position \d+/);
    assert.equal((await q('/api/v1/events', `device_name:${'x'.repeat(10_241)}`)).status, 400);
  });

  test('injection attempts match literally', async () => {
    for (const attempt of ["x' OR 1=1 --", 'a"; DROP TABLE events; --', '%', '_', '/* */']) {
      const answer = await q('/api/v1/events', `device_name:"${attempt.replaceAll('"', '\\"')}"`);
      assert.equal(answer.status, 200, attempt);
      assert.equal(answer.body.total, 0, attempt);
    }
    assert.equal((await getJson(vigil, '/api/v1/events?limit=1')).body.total, 101, 'the table is intact');
  });
});

describe('field=value filters in GET /api/v1/events', () => {
  let vigil: TestVigil;
  before(async () => {
    vigil = await startTestVigil();
    // Parsed, not written as a literal: JSON.parse makes "__proto__" an own field, as a sender's JSON does.
    const odd = JSON.parse('{"__proto__": "proto-marker", "constructor": "constructor-marker", "prototype": "prototype-marker"}');
    assert.equal((await postEvents(vigil, [seedEvent(), { ...seedEvent(), event_uuid: 'odd-names', signature_id: 1, ...odd }])).body.accepted, 2);
  });
  after(() => vigil.destroy());

  test('a name that is not a field path, or a device_time that is not a time, answers 400 naming it', async () => {
    const refused: [query: string, message: string][] = [
      ['a..b=1', '"a..b" is not a field to filter on: use names of letters, digits and underscores joined by dots, such as mitre.tactic'],
      ['mitre.=x', '"mitre." is not a field to filter on: use names of letters, digits and underscores joined by dots, such as mitre.tactic'],
      ['process-name=x', '"process-name" is not a field to filter on: use names of letters, digits and underscores joined by dots, such as mitre.tactic'],
    ];
    for (const [query, message] of refused) {
      assert.deepEqual(await getJson(vigil, `/api/v1/events?${query}`), { status: 400, body: { status: 400, error: 'Bad Request', message } }, query);
    }
    const notATime = await getJson(vigil, '/api/v1/events?device_time=yesterday');
    assert.equal(notATime.status, 400);
    assert.match(notATime.body.message, /^device_time: "yesterday" is not a time/);
    assert.equal((await getJson(vigil, '/api/v1/events?device_time=2021-06-08%2020:08:00%20UTC')).body.total, 2, 'any time form the store reads still matches');
  });

  test('__proto__, constructor and prototype filter like any other field, never answering unfiltered', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const matching = await getJson(vigil, `/api/v1/events?${name}=${name.replaceAll('_', '')}-marker`);
      assert.equal(matching.status, 200, name);
      assert.deepEqual(matching.body.result.map((event: { event_uuid: string }) => event.event_uuid), ['odd-names'], name);
      assert.equal((await getJson(vigil, `/api/v1/events?${name}=nothing-has-this`)).body.total, 0, name);
    }
  });
});
