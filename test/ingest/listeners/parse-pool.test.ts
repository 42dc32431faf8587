// Parsing on worker threads: the same results as on the listener's thread for real lines, batches
// committed in the order received whichever worker finishes first, and no line lost when a worker
// dies.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseSyslogMessage } from '../../../src/ingest/parsers/index.ts';
import { prepareLine } from '../../../src/ingest/listeners/line-parse.ts';
import { ParsePool } from '../../../src/ingest/listeners/parse-pool.ts';
import { ingestFormattedBody, LineIngest } from '../../../src/ingest/listeners/index.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';
import { connectTcp, finish, ipsLine, startHarness, waitFor, type ListenerHarness } from './harness.ts';

const SEP_SAMPLES = join(SHARED_DATA, 'sep/sepm-syslog-samples.log');
const EVE_SAMPLES = join(SHARED_DATA, 'suricata/eve.json');
const RECEIVED = '2021-06-08T20:15:00.000Z';

function lines(path: string, limit: number): string[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').slice(0, limit);
}

describe('parse pool', () => {
  let pool: ParsePool;
  before(() => { pool = new ParsePool(2); });
  after(() => pool.close());

  const sameAsInline = async (texts: string[]) => {
    const receivedAt = texts.map(() => RECEIVED);
    const sources = texts.map((_, n) => `syslog-tcp:192.0.2.${n % 250}`);
    const pooled = await pool.parse('syslog', texts, receivedAt, sources, texts.map(() => []));
    const inline = texts.map((text, n) => prepareLine(parseSyslogMessage, 'syslog', text, { receivedAt: RECEIVED, source: sources[n] }, []));
    assert.equal(pooled.length, texts.length);
    // The same events, each with its JSON text: the worker's serialization of exactly that event.
    const events = pooled.flatMap((line) => (line.ok ? line.events : []));
    for (const { event, text } of events) assert.equal(text, JSON.stringify(event));
    assert.deepEqual(pooled.map((line) => (line.ok ? { ...line, events: line.events.map(({ event }) => ({ event })) } : line)), inline);
    return pooled;
  };

  test('every SEPM sample line parses on a worker exactly as on the listener\'s thread', { skip: skipWithout(SEP_SAMPLES) }, async () => {
    const results = await sameAsInline(lines(SEP_SAMPLES, 1000));
    assert.ok(results.filter((result) => result.ok).length >= 30, 'the samples are SEPM logs of every type');
  });

  test('Suricata EVE lines inside syslog, CEF, LEEF, a generic message and an unreadable one: the same on a worker', { skip: skipWithout(EVE_SAMPLES) }, async () => {
    const eve = lines(EVE_SAMPLES, 200).map((json) => `<38>1 2021-06-08T20:12:19Z sensor01 suricata - - - ${json}`);
    const results = await sameAsInline([
      ...eve,
      '<134>Jun  8 20:12:19 fw01 CEF:0|Vendor|Product|1.0|100|Port scan detected|7|src=203.0.113.5 dst=192.0.2.10 dpt=445 msg=multi word value with \\= sign',
      '<134>Jun  8 20:12:19 fw01 LEEF:2.0|Vendor|Product|1.0|4001|^|src=203.0.113.5^dst=192.0.2.10^dstPort=445',
      '<38>Jun  8 20:12:19 web01 sshd[4711]: Accepted publickey for root',
      '<14>1 2024-03-01T10:00:00Z host app - - [unterminated structured data',
    ]);
    assert.equal(results.at(-1)!.ok, false, 'a failure comes back as a failure, with its reason');
  });

  test('the identity of a line\'s events is the same on a worker', async () => {
    const [pooled] = await pool.parse('syslog', [ipsLine(9)], [RECEIVED], ['syslog-udp:192.0.2.9'], [[]]);
    assert.ok(pooled.ok);
    assert.match(String(pooled.events[0].event.event_uuid), /^\d{4}-\d\d-\d\dT[\d:.]+Z\/sha256:[0-9a-f]{64}$/);
  });

  test('an unknown format is refused with the reason', async () => {
    await assert.rejects(pool.parse('no-such-format', ['x'], [RECEIVED], ['s'], [[]]), /unknown format no-such-format/);
  });
});

describe('listeners with parse workers', () => {
  let harness: ListenerHarness;
  before(async () => { harness = await startHarness(undefined, { parseWorkers: 2 }); });
  after(() => harness.close());

  test('TCP lines parsed by two workers are all stored', async () => {
    const [tcp] = await harness.start({ tcpPort: 0 });
    const socket = await connectTcp(tcp.port);
    const total = 3500;
    for (let n = 0; n < total; n++) socket.write(`${ipsLine(100_000 + n).replace(/Begin: [^,]+/, `Begin: 2021-06-08 21:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`)}\n`);
    await finish(socket);
    const counters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    await waitFor(() => counters.totals.received >= total, 'every line received');
    await tcp.close();
    assert.equal(counters.totals.events, total);
    const first = await harness.vigil.store.listEvents({ equals: { device_name: 'WS-TEST-100000' } }, { offset: 0, limit: 1 });
    const last = await harness.vigil.store.listEvents({ equals: { device_name: `WS-TEST-${100_000 + total - 1}` } }, { offset: 0, limit: 1 });
    assert.equal(first.total, 1);
    assert.equal(last.total, 1);
  });

  test('when a worker dies its lines are parsed by the listener: none is lost, and the log says so', async () => {
    const pool = new ParsePool(1, (message) => harness.log.warn(message));
    // Kill the only worker: every later batch falls back to the listener's thread.
    const workers = (pool as unknown as { workers: { worker: { terminate(): Promise<number> } }[] }).workers;
    await workers[0].worker.terminate();
    await waitFor(() => pool.size === 0, 'the worker to be gone');
    await assert.rejects(pool.parse('syslog', [ipsLine(1)], [RECEIVED], ['s'], [[]]), /no parse worker/);
    assert.ok(harness.log.messages.some((message) => /parse worker stopped/.test(message)));
    const prepared = await harness.ingest.prepareInPool(pool, [], parseSyslogMessage, 'syslog');
    assert.deepEqual(prepared.events, []);
    await pool.close();
  });
});

describe('formats on the pool', () => {
  let harness: ListenerHarness;
  before(async () => { harness = await startHarness(); });
  after(() => harness.close());

  test('a format whose parser keeps state (Zeek TSV headers) is parsed on the server\'s thread; the others on the pool', async () => {
    const asked: string[] = [];
    const recording = {
      parse: async (format: string, texts: string[], receivedAt: string[], sources: string[]) => {
        asked.push(format);
        return texts.map((text, n) => prepareLine(parseSyslogMessage, format, text, { receivedAt: receivedAt[n], source: sources[n] }, []));
      },
    } as unknown as ParsePool;
    const ingest = new LineIngest({ store: harness.vigil.store, pipeline: harness.vigil.pipeline, parsePool: recording });
    const zeek = '#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\n'
      + '1623182880.000000\tCx1\t192.0.2.10\t49152\t198.51.100.7\t443\ttcp\n';
    const zeekOutcome = await ingestFormattedBody(ingest, Buffer.from(zeek), 'zeek', '192.0.2.1');
    assert.equal(zeekOutcome.accepted, 1, 'the header lines reached the same parser as the line after them');
    assert.deepEqual(asked, []);
    await ingestFormattedBody(ingest, Buffer.from(`${ipsLine(31)}\n`), 'syslog', '192.0.2.1');
    assert.deepEqual(asked, ['syslog']);
  });
});

