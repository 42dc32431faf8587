// /atpapi/v2 events and incidentevents: paging through more than 250 events with `next` (each seen
// exactly once, even while new events arrive), the `incident: <uuid>` query, the limits.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { bearer, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const PAGED_EVENTS = 260;

function processEvent(minutesAgo: number) {
  return {
    type_id: 8001, event_uuid: randomUUID(), device_time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    device_uid: 'b8d4c9a2-0d6f-4d3e-9d5b-6c1f2e3a4b5c', device_name: 'PAGING-HOST', process: { name: 'notepad.exe' },
  };
}

describe('/atpapi/v2 events and incidentevents', () => {
  let vigil: TestVigil;
  let incidentUuid: string;

  const query = async (url: string, body: unknown) => {
    const response = await vigil.app.inject({ method: 'POST', url, headers: { ...bearer(vigil.tokens.viewer), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    return { status: response.statusCode, body: response.json() };
  };

  before(async () => {
    vigil = await startTestVigil();
    const recent = new Date(Date.now() - 3600_000).toISOString();
    await postEvents(vigil, [{ ...seedEvent(), device_time: recent, time: recent, log_time: recent }, ...Array.from({ length: PAGED_EVENTS }, (_, index) => processEvent(index + 1))]);
    incidentUuid = (await query('/atpapi/v2/incidents', { verb: 'query' })).body.result[0].uuid;
  });
  after(() => vigil.destroy());

  test('paging 260 events with limit 100 and next returns each exactly once', async () => {
    const body = { verb: 'query', query: 'device_name: PAGING-HOST', limit: 100 };
    const seen: string[] = [];
    let page = await query('/atpapi/v2/events', body);
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(page.body).sort(), ['next', 'result', 'total']);
    await postEvents(vigil, processEvent(0)); // arrives after the first page: not part of this query
    for (;;) {
      assert.equal(page.body.total, PAGED_EVENTS);
      seen.push(...page.body.result.map((event: { event_uuid: string }) => event.event_uuid));
      if (page.body.next === null) break;
      assert.match(Buffer.from(page.body.next, 'base64').toString(), /^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      page = await query('/atpapi/v2/events', { ...body, next: page.body.next });
    }
    assert.equal(seen.length, PAGED_EVENTS);
    assert.equal(new Set(seen).size, PAGED_EVENTS);
  });

  test('a cursor edited as Siemplify does, base64("{total-limit},{time}"), jumps to the last page', async () => {
    const body = { verb: 'query', query: 'device_name: PAGING-HOST', limit: 100 };
    const first = await query('/atpapi/v2/events', body);
    const queryTime = Buffer.from(first.body.next, 'base64').toString().split(',')[1];
    const last = await query('/atpapi/v2/events', { ...body, next: Buffer.from(`${first.body.total - 100},${queryTime}`).toString('base64') });
    assert.equal(last.status, 200);
    assert.equal(last.body.result.length, 100);
    assert.equal(last.body.next, null);
    assert.equal(last.body.result.at(-1).event_uuid, (await query('/atpapi/v2/events', { ...body, limit: 1000 })).body.result.at(-1).event_uuid);
  });

  test('a cursor this server could not have issued answers 400 in the error shape on every query endpoint, never 500', async () => {
    const cursor = (decoded: string) => Buffer.from(decoded).toString('base64');
    const forged: [url: string, next: string, problem: RegExp][] = [
      ['/atpapi/v2/incidents', cursor('1e20,2021-01-01T00:00:00Z'), /offset "1e20" is not a whole number/],
      ['/atpapi/v2/events', cursor('5,+275760-09-13T00:00:00.000Z'), /query time "\+275760-09-13T00:00:00.000Z"/],
      ['/atpapi/v2/systemactivities', cursor('5,-271821-04-20T00:00:00.000Z'), /query time "-271821-04-20T00:00:00.000Z"/],
      ['/atpapi/v2/incidentevents', cursor('5,10000-01-01T00:00:00.000Z'), /query time/],
      [`/atpapi/v2/incidents/${incidentUuid}/comments`, cursor('9007199254740992,2021-01-01T00:00:00Z'), /offset "9007199254740992"/],
    ];
    for (const [url, next, problem] of forged) {
      const answer = await query(url, { verb: 'query', next });
      assert.equal(answer.status, 400, url);
      assert.deepEqual(Object.keys(answer.body), ['status', 'error', 'message'], url);
      assert.match(answer.body.message, /^next is not a cursor this server issued: /, url);
      assert.match(answer.body.message, problem, url);
    }
    // A query time early in year 0000 is one the server could have issued: its default 30-day window stops at year 0000.
    const earliest = await query('/atpapi/v2/events', { verb: 'query', next: cursor('0,0000-01-05T00:00:00.000Z') });
    assert.equal(earliest.status, 200, JSON.stringify(earliest.body));
    assert.equal(earliest.body.total, 0);
  });

  test('events: default limit 100, max 1000, the 7-day window, bad verb and query', async () => {
    assert.equal((await query('/atpapi/v2/events', { verb: 'query' })).body.result.length, 100);
    assert.equal((await query('/atpapi/v2/events', { verb: 'query', limit: 1001 })).status, 400);
    const wide = await query('/atpapi/v2/events', { verb: 'query', start_time: '2022-12-01T00:00:00.000Z', end_time: '2022-12-09T00:00:00.000Z' });
    assert.equal(wide.status, 400);
    assert.equal(wide.body.message, 'Max date range allowed by API is 7 days');
    assert.equal((await query('/atpapi/v2/events', { verb: 'where' })).status, 400);
    assert.equal((await query('/atpapi/v2/events', { verb: 'query', query: 'device_name:"unclosed' })).status, 400);
  });

  test('incidentevents: `incident: <uuid>` selects its events with the incident link; limit 5000 is clamped', async () => {
    const page = await query('/atpapi/v2/incidentevents', { verb: 'query', query: `incident: ${incidentUuid}`, limit: 5000 });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 1);
    assert.equal(page.body.result[0].incident, incidentUuid);
    assert.equal(page.body.result[0].event_source, 1);
    const byDefault = await query('/atpapi/v2/incidentevents', { verb: 'query', query: 'device_name: PAGING-HOST' });
    assert.equal(byDefault.body.result.length, 20);
  });
});
