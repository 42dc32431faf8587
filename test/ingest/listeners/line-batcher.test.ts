// Batching towards the pipeline: a full queue is waited out, a batch the store keeps failing goes
// to the dead letters with the error, and `full`/'room' tell the transports when to stop reading.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { LineBatcher } from '../../../src/ingest/listeners/line-batcher.ts';
import type { ParsePool } from '../../../src/ingest/listeners/parse-pool.ts';
import { prepareLine } from '../../../src/ingest/listeners/line-parse.ts';
import { LineIngest, originOf } from '../../../src/ingest/listeners/index.ts';
import { receiveLine } from '../../../src/ingest/listeners/received-line.ts';
import type { LineParser } from '../../../src/ingest/parsers/index.ts';
import { QueueFullError, type Pipeline } from '../../../src/pipeline/index.ts';
import { startTestVigil, type TestVigil } from '../../helpers/vigil.ts';

const parser: LineParser = (line, context) => ({ ok: true, events: [{ type_id: 8001, device_time: context.receivedAt, message: line }] });
const quietLog = () => {
  const messages: string[] = [];
  return { messages, warn: (message: string) => messages.push(message), error: (message: string) => messages.push(message) };
};

describe('line batcher', () => {
  let vigil: TestVigil;
  before(async () => { vigil = await startTestVigil(); });
  after(() => vigil.destroy());

  function setUp(pipeline: Pick<Pipeline, 'ingestPrepared'>, maxPendingLines = 20_000) {
    const ingest = new LineIngest({ store: vigil.store, pipeline });
    const counters = ingest.sources.listener('test', { protocol: 'tcp' });
    counters.seen('peer', new Date().toISOString());
    const log = quietLog();
    const batcher = new LineBatcher({ ingest, parser, format: 'test', log, maxBatchLines: 2, maxPendingLines });
    const add = (text: string) => batcher.add(receiveLine(Buffer.from(text), originOf(counters, 'peer'), new Date().toISOString()));
    return { batcher, counters, add, log };
  }

  test('a full pipeline queue is waited out: every line is committed once', async () => {
    let refusals = 3;
    const { batcher, counters, add } = setUp({
      ingestPrepared: async (events) => {
        if (refusals-- > 0) throw new QueueFullError(1);
        return vigil.pipeline.ingestPrepared(events);
      },
    });
    for (let n = 0; n < 5; n++) add(`queued line ${n}`);
    await batcher.drain();
    assert.equal(counters.totals.events, 5);
    const stored = await vigil.store.listEvents({ query: undefined, equals: { type_id: 8001 } }, { offset: 0, limit: 100 });
    assert.equal(stored.result.filter((event) => String(event.message).startsWith('queued line')).length, 5);
  });

  test('a batch the store keeps failing is dead-lettered with the error, and the listener goes on', async () => {
    const { batcher, counters, add, log } = setUp({ ingestPrepared: async () => { throw new Error('disk I/O error'); } });
    add('poison 1');
    add('poison 2');
    await batcher.drain();
    assert.equal(counters.totals.dead_lettered, 2);
    const letters = await vigil.store.deadLetters.list({ source: 'test' }, { offset: 0, limit: 10 }, 'asc');
    assert.match(letters.result[0].reason, /could not commit the batch after 3 attempts: disk I\/O error/);
    assert.match(log.messages[0], /go to the dead letters/);
  });

  test('full while lines wait; room once they are committed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const { batcher, add } = setUp({ ingestPrepared: async (events) => { await gate; return vigil.pipeline.ingestPrepared(events); } }, 3);
    add('held 1');
    add('held 2');
    assert.equal(batcher.full, false);
    add('held 3');
    assert.equal(batcher.full, true);
    const room = once(batcher, 'room');
    release();
    await room;
    assert.equal(batcher.full, false);
    await batcher.drain();
  });

  test('batches parsed by workers are handed to the pipeline in the order received, whichever finishes first', async () => {
    const order: string[] = [];
    // A pool whose first batch takes longest.
    let calls = 0;
    const slowFirst = {
      parse: async (format: string, texts: string[], receivedAt: string[]) => {
        const delay = calls++ === 0 ? 60 : 5;
        await new Promise((resolve) => setTimeout(resolve, delay));
        return texts.map((text, n) => prepareLine(parser, format, text, { receivedAt: receivedAt[n], source: format }, []));
      },
    } as unknown as ParsePool;
    const ingest = new LineIngest({
      store: vigil.store,
      pipeline: { ingestPrepared: async (events) => { order.push(...events.map(({ event }) => String(event.message))); return vigil.pipeline.ingestPrepared(events); } },
      parsePool: slowFirst,
    });
    const counters = ingest.sources.listener('ordered', { protocol: 'tcp' });
    counters.seen('peer', new Date().toISOString());
    const batcher = new LineBatcher({ ingest, parser, format: 'test', log: quietLog(), maxBatchLines: 2 });
    for (let n = 0; n < 6; n++) batcher.add(receiveLine(Buffer.from(`ordered ${n}`), originOf(counters, 'peer'), new Date().toISOString()));
    await batcher.drain();
    assert.deepEqual(order, ['ordered 0', 'ordered 1', 'ordered 2', 'ordered 3', 'ordered 4', 'ordered 5']);
    assert.equal(counters.totals.events, 6);
  });

  test('a batch the pool cannot parse is parsed on the listener\'s thread: no line is lost', async () => {
    const { counters } = setUp(vigil.pipeline);
    const failing = { parse: async () => { throw new Error('no parse worker is running'); } } as unknown as ParsePool;
    const ingest = new LineIngest({ store: vigil.store, pipeline: vigil.pipeline, parsePool: failing });
    const batcher = new LineBatcher({ ingest, parser, format: 'test', log: quietLog(), maxBatchLines: 2 });
    const own = ingest.sources.listener('fallback', { protocol: 'tcp' });
    own.seen('peer', new Date().toISOString());
    for (let n = 0; n < 3; n++) batcher.add(receiveLine(Buffer.from(`fallback ${n}`), originOf(own, 'peer'), new Date().toISOString()));
    await batcher.drain();
    assert.equal(own.totals.events, 3);
    assert.equal(counters.totals.events, 0);
  });
});
