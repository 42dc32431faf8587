// Lines → events → pipeline, and every line that does not become events → a dead letter with the
// reason, its source and its exact bytes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LineIngest, originOf } from '../../../src/ingest/listeners/index.ts';
import { bodyLines } from '../../../src/ingest/listeners/body-lines.ts';
import { parseLine } from '../../../src/ingest/listeners/line-parse.ts';
import type { LineParser } from '../../../src/ingest/parsers/index.ts';
import { QueueFullError } from '../../../src/pipeline/index.ts';
import { startTestVigil, type TestVigil } from '../../helpers/vigil.ts';

/** A parser for tests: `event <n>` is a good event, `bad-field <n>` an event normalization rejects, anything else unreadable. */
const testParser: LineParser = (line, context) => {
  const match = /^(event|bad-field) (\d+)/.exec(line);
  if (!match) return { ok: false, reason: 'not a test line', column: 1 };
  const event = { type_id: 8001, device_time: context.receivedAt, device_name: `host-${match[2]}`, message: line, source_seen: context.source };
  return { ok: true, events: [match[1] === 'event' ? event : { ...event, network_protocol: 'not a protocol' }] };
};

describe('line ingest', () => {
  let vigil: TestVigil;
  before(async () => { vigil = await startTestVigil(); });
  after(() => vigil.destroy());

  test('good lines are committed; unreadable lines and rejected events are dead-lettered with the reason and where', async () => {
    const ingest = new LineIngest({ store: vigil.store, pipeline: vigil.pipeline });
    const counters = ingest.sources.listener('http', { protocol: 'http' });
    counters.seen('192.0.2.9', '2024-03-01T10:00:00.000Z');
    const body = Buffer.concat([Buffer.from('event 1\r\n\nnonsense\nbad-field 2\nevent 3 \xff\xfe\n', 'latin1')]);
    const lines = bodyLines(body, originOf(counters, '192.0.2.9'), '2024-03-01T10:00:00.000Z');
    assert.deepEqual(lines.map((line) => line.line), [1, 3, 4, 5], 'blank lines are skipped, numbers kept');
    const outcome = await ingest.ingestLines(lines, testParser, 'test-format');
    assert.equal(outcome.accepted, 2);
    assert.equal(outcome.dead_lettered, 2);
    assert.deepEqual(outcome.rejected.map(({ index, line, path }) => [index, line, path]), [[1, 3, '$'], [2, 4, '$.network_protocol']]);

    const letters = (await vigil.store.deadLetters.list({ source: 'http' }, { offset: 0, limit: 10 }, 'asc')).result;
    assert.deepEqual(letters.map((letter) => [letter.source, letter.format, letter.line_number]), [['http:192.0.2.9', 'test-format', 3], ['http:192.0.2.9', 'test-format', 4]]);
    assert.equal(letters[0].reason, 'column 1: not a test line');
    assert.match(letters[1].reason, /^\$\.network_protocol: /);
    assert.equal(Buffer.from(letters[0].raw).toString(), 'nonsense');

    const stored = await vigil.store.listEvents({ equals: { device_name: 'host-3' } }, { offset: 0, limit: 1 });
    assert.deepEqual(stored.result[0].ingest_flags, ['invalid_utf8'], 'the invalid bytes are flagged on the event');
    assert.equal(stored.result[0].message, 'event 3 \uFFFD\uFFFD', 'and replaced in its text');
    assert.equal(stored.result[0].source_seen, 'http:192.0.2.9', 'the parser is told the source');

    assert.deepEqual(
      (({ received, parsed, events, rejected, dead_lettered, invalid_utf8 }) => ({ received, parsed, events, rejected, dead_lettered, invalid_utf8 }))(counters.snapshot().peers[0]),
      { received: 4, parsed: 3, events: 2, rejected: 2, dead_lettered: 2, invalid_utf8: 1 },
    );
  });

  test('a batch the pipeline refuses for now counts nothing and dead-letters nothing until it is taken', async () => {
    let refusals = 1;
    const pipeline = {
      ingestPrepared: async (...args: Parameters<TestVigil['pipeline']['ingestPrepared']>) => {
        if (refusals-- > 0) throw new QueueFullError(1);
        return vigil.pipeline.ingestPrepared(...args);
      },
    };
    const ingest = new LineIngest({ store: vigil.store, pipeline });
    const counters = ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    counters.seen('192.0.2.1', '2024-03-01T10:00:00.000Z');
    const lines = bodyLines(Buffer.from('event 10\nunreadable\n'), originOf(counters, '192.0.2.1'), '2024-03-01T10:00:00.000Z');
    const prepared = ingest.prepare(lines, testParser, 'test-format');
    await assert.rejects(ingest.commit(prepared), QueueFullError);
    assert.equal(counters.totals.parsed, 0);
    const outcome = await ingest.commit(prepared);
    assert.equal(await ingest.deadLetter(outcome.failures, 'test-format'), 1);
    assert.deepEqual([counters.totals.parsed, counters.totals.events, counters.totals.rejected, counters.totals.dead_lettered], [1, 1, 1, 1]);
  });

  test('the dead letters are bounded: the oldest go and are counted', async () => {
    const ingest = new LineIngest({ store: vigil.store, pipeline: vigil.pipeline, deadLetterMaxRows: 3 });
    const counters = ingest.sources.listener('bound', { protocol: 'tcp' });
    counters.seen('p', '2024-03-01T10:00:00.000Z');
    const before = await vigil.store.deadLetters.dropped();
    const lines = bodyLines(Buffer.from('a\nb\nc\nd\ne\n'), originOf(counters, 'p'), '2024-03-01T10:00:00.000Z');
    await ingest.ingestLines(lines, testParser, 'test-format');
    const kept = await vigil.store.deadLetters.list({}, { offset: 0, limit: 10 }, 'asc');
    assert.deepEqual(kept.result.map((letter) => Buffer.from(letter.raw).toString()), ['c', 'd', 'e']);
    assert.ok(await vigil.store.deadLetters.dropped() >= before + 2);
  });

  test('an event without event_uuid is identified by its time, its line and its format: the same line again is a duplicate', async () => {
    const ingest = new LineIngest({ store: vigil.store, pipeline: vigil.pipeline });
    const counters = ingest.sources.listener('identity', { protocol: 'udp' });
    counters.seen('192.0.2.7', '2024-03-01T10:00:00.000Z');
    const at = '2024-03-01T09:00:00.000Z';
    const timed: LineParser = (line, context) => ({ ok: true, events: [{ type_id: 8001, device_time: at, device_name: 'host-timed', message: line, source_seen: context.source }] });
    const twoEvents: LineParser = (line) => {
      const event = { type_id: 8001, device_time: at, device_name: 'host-pair', message: line };
      return { ok: true, events: [event, { ...event, device_name: 'host-pair-2' }] };
    };
    const untimed: LineParser = (line) => ({ ok: true, events: [{ type_id: 8001, message: line }] });
    const ownUuid: LineParser = () => ({ ok: true, events: [{ type_id: 8001, device_time: at, event_uuid: 'sender-given-1' }] });
    const receive = (text: string, receivedAt: string) => bodyLines(Buffer.from(`${text}\n`), originOf(counters, '192.0.2.7'), receivedAt);

    const first = ingest.prepare(receive('event 71', '2024-03-01T10:00:00.000Z'), timed, 'test-format');
    const resent = ingest.prepare(receive('event 71', '2024-03-05T00:00:00.000Z'), timed, 'test-format');
    const uuid = (prepared: typeof first, position = 0) => prepared.events[position].event.event_uuid;
    assert.match(uuid(first), /^2024-03-01T09:00:00\.000Z\/sha256:[0-9a-f]{64}$/, 'the event time first, so that new identities sort together');
    assert.equal(uuid(resent), uuid(first), 'received later, the same line is the same event');
    assert.notEqual(uuid(ingest.prepare(receive('event 72', '2024-03-01T10:00:00.000Z'), timed, 'test-format')), uuid(first));
    assert.notEqual(uuid(ingest.prepare(receive('event 71', '2024-03-01T10:00:00.000Z'), timed, 'other-format')), uuid(first), 'read as another format, it is another event');
    const pair = ingest.prepare(receive('pair', '2024-03-01T10:00:00.000Z'), twoEvents, 'test-format');
    assert.notEqual(uuid(pair, 0), uuid(pair, 1), 'two events of one line are two identities');
    const parsedUntimed = parseLine(untimed, 'test-format', 'no time', { receivedAt: '2024-03-01T10:00:00.000Z', source: 'udp' });
    assert.ok(parsedUntimed.ok);
    assert.match(String(parsedUntimed.events[0].event_uuid), /^sha256:[0-9a-f]{64}$/, 'without a time, the hash alone (normalization then refuses the event)');
    assert.equal(uuid(ingest.prepare(receive('own', '2024-03-01T10:00:00.000Z'), ownUuid, 'test-format')), 'sender-given-1', 'a parser\'s own event_uuid is kept');

    assert.equal((await ingest.commit(first)).accepted, 1);
    const again = await ingest.commit(resent);
    assert.deepEqual([again.accepted, again.duplicates], [0, 1]);
  });
});
