// POST /api/v1/events?format=…: lines in a wire format, the unreadable ones dead-lettered and listed
// beside the good ones; and the dead letters' API: list, replay with the current parsers, delete.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, getJson, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { ipsLine } from '../ingest/listeners/harness.ts';

const NOT_SEPM = 'this line is no SEPM log, nor anything else';

async function postLines(vigil: TestVigil, url: string, body: string | Buffer, contentType = 'text/plain') {
  const response = await vigil.app.inject({ method: 'POST', url, headers: { ...bearer(vigil.tokens.ingest), 'content-type': contentType }, payload: body });
  return { status: response.statusCode, body: response.json() };
}

describe('dead letters', () => {
  let vigil: TestVigil;
  before(async () => { vigil = await startTestVigil(); });
  after(() => vigil.destroy());

  test('?format=sepm: the good lines are committed, the bad one is listed with its line and dead-lettered', async () => {
    const answer = await postLines(vigil, '/api/v1/events?format=sepm', `${ipsLine(1)}\n${NOT_SEPM}\r\n\n${ipsLine(2)}\n`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accepted, 2);
    assert.equal(answer.body.dead_lettered, 1);
    assert.deepEqual(answer.body.rejected.map(({ index, line, path }: Record<string, unknown>) => ({ index, line, path })), [{ index: 1, line: 2, path: '$' }]);
    assert.match(answer.body.rejected[0].reason, /not a SEPM log line/);
    assert.equal(answer.body.incidents.created.length, 1);
    const stored = await getJson(vigil, '/api/v1/events?signature_id=32350');
    assert.deepEqual(stored.body.result.map((event: { device_name: string }) => event.device_name).sort(), ['WS-TEST-1', 'WS-TEST-2']);
  });

  test('the format may also come as a content type parameter; an unknown format is refused with the known ones', async () => {
    const answer = await postLines(vigil, '/api/v1/events', `${ipsLine(3)}\n`, 'text/plain; format=sepm');
    assert.equal(answer.body.accepted, 1);
    const unknown = await postLines(vigil, '/api/v1/events?format=syslog-ng', 'x\n');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /unknown format "syslog-ng": use one of json, ndjson, syslog, sepm, cef/);
    const allBad = await postLines(vigil, '/api/v1/events?format=sepm', `${NOT_SEPM} again\n`);
    assert.equal(allBad.status, 400, 'every line rejected answers 400, as for JSON');
    assert.equal(allBad.body.dead_lettered, 1);
  });

  test('listed newest first with filters and paging; analysts and admins only; bytes that are not UTF-8 shown as base64', async () => {
    await postLines(vigil, '/api/v1/events?format=cef', Buffer.concat([Buffer.from('not CEF '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const page = await getJson(vigil, '/api/v1/dead-letters?limit=1', vigil.tokens.analyst);
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 3);
    assert.equal(page.body.dropped, 0);
    const [newest] = page.body.result;
    assert.deepEqual([newest.source, newest.format, newest.line_number, newest.flags], ['http:127.0.0.1', 'cef', 1, ['invalid_utf8']]);
    assert.equal(newest.text, 'not CEF \uFFFD\uFFFD');
    assert.deepEqual([...Buffer.from(newest.raw_base64, 'base64')].slice(-2), [0xff, 0xfe]);
    const next = await getJson(vigil, `/api/v1/dead-letters?limit=1&next=${encodeURIComponent(page.body.next)}`, vigil.tokens.analyst);
    assert.equal(next.body.result[0].format, 'sepm');
    const sepm = await getJson(vigil, '/api/v1/dead-letters?format=sepm&source=http', vigil.tokens.analyst);
    assert.equal(sepm.body.total, 2);
    assert.equal(sepm.body.result[1].text, NOT_SEPM);
    const none = await getJson(vigil, `/api/v1/dead-letters?to=${encodeURIComponent('2020-01-01T00:00:00Z')}`, vigil.tokens.analyst);
    assert.equal(none.body.total, 0);
    const forViewer = await getJson(vigil, '/api/v1/dead-letters', vigil.tokens.viewer);
    assert.equal(forViewer.status, 403);
    assert.match(forViewer.body.message, /read and replay dead letters/, 'the refusal names what the role may not do');
    assert.equal((await getJson(vigil, '/api/v1/dead-letters?from=yesterday', vigil.tokens.analyst)).status, 400);
  });

  test('replay: a line the current parser reads is ingested and removed; one it cannot read keeps the new reason', async () => {
    // As if an older parser had failed them: a good SEPM line, a line no parser reads, a format that no longer exists.
    const received = '2024-03-01T10:00:00.000Z';
    await vigil.store.deadLetters.add([
      { received, source: 'syslog-udp:192.0.2.50', format: 'sepm', reason: 'old parser bug', raw: Buffer.from(ipsLine(50)), flags: [] },
      { received, source: 'syslog-udp:192.0.2.51', format: 'sepm', reason: 'old reason', raw: Buffer.from(NOT_SEPM), flags: [] },
      { received, source: 'syslog-udp:192.0.2.52', format: 'retired-format', reason: 'old', raw: Buffer.from('x'), flags: [] },
    ], 100);
    const answer = await sendJson(vigil, 'POST', '/api/v1/dead-letters/replay', { source: 'syslog-udp' }, vigil.tokens.analyst);
    assert.equal(answer.status, 200);
    assert.deepEqual((({ replayed, ingested, failed, accepted, remaining }) => ({ replayed, ingested, failed, accepted, remaining }))(answer.body),
      { replayed: 3, ingested: 1, failed: 2, accepted: 1, remaining: 2 });
    assert.match(answer.body.failures[0].reason, /not a SEPM log line/);
    assert.match(answer.body.failures[1].reason, /no parser for the format "retired-format"/);
    const replayedEvent = await getJson(vigil, '/api/v1/events?device_name=WS-TEST-50');
    assert.equal(replayedEvent.body.total, 1);
    const kept = await getJson(vigil, '/api/v1/dead-letters?source=syslog-udp', vigil.tokens.analyst);
    assert.deepEqual(kept.body.result.map((letter: { attempts: number }) => letter.attempts), [1, 1]);
    assert.ok(kept.body.result.every((letter: { last_attempt?: string; reason: string }) => letter.last_attempt && !letter.reason.startsWith('old')));
    const audit = await vigil.store.listAudit({ offset: 0, limit: 5 });
    assert.ok(audit.result.some((entry) => entry.message === 'Dead letters replayed (source syslog-udp): 1 ingested, 2 still failing.'));

    const byId = await sendJson(vigil, 'POST', '/api/v1/dead-letters/replay', { ids: [kept.body.result[0].id] }, vigil.tokens.admin);
    assert.deepEqual([byId.body.replayed, byId.body.failed], [1, 1]);
    const bad = await sendJson(vigil, 'POST', '/api/v1/dead-letters/replay', { ids: ['x'] }, vigil.tokens.admin);
    assert.equal(bad.status, 400);
    assert.equal((await sendJson(vigil, 'POST', '/api/v1/dead-letters/replay', {}, vigil.tokens.viewer)).status, 403);
  });

  test('delete one (admin), or by filter; everything only with all=true', async () => {
    const letters = (await getJson(vigil, '/api/v1/dead-letters?source=syslog-udp', vigil.tokens.admin)).body.result;
    const id = letters[0].id;
    assert.equal((await sendJson(vigil, 'DELETE', `/api/v1/dead-letters/${id}`, undefined, vigil.tokens.analyst)).status, 403);
    assert.equal((await sendJson(vigil, 'DELETE', `/api/v1/dead-letters/${id}`, undefined, vigil.tokens.admin)).status, 204);
    assert.equal((await sendJson(vigil, 'DELETE', `/api/v1/dead-letters/${id}`, undefined, vigil.tokens.admin)).status, 404);
    assert.equal((await sendJson(vigil, 'DELETE', '/api/v1/dead-letters', undefined, vigil.tokens.admin)).status, 400);
    const byFilter = await sendJson(vigil, 'DELETE', '/api/v1/dead-letters?format=cef', undefined, vigil.tokens.admin);
    assert.deepEqual(byFilter.body, { deleted: 1 });
    const all = await sendJson(vigil, 'DELETE', '/api/v1/dead-letters?all=true', undefined, vigil.tokens.admin);
    assert.ok(all.body.deleted >= 3);
    assert.equal((await getJson(vigil, '/api/v1/dead-letters', vigil.tokens.admin)).body.total, 0);
  });
});
