// Batching towards the pipeline: a full queue is waited out, a batch the store keeps failing goes
// to the dead letters with the error, and `full`/'room' tell the transports when to stop reading.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { LineBatcher } from '../../../src/ingest/listeners/line-batcher.ts';
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

  function setUp(pipeline: Pick<Pipeline, 'ingest'>, maxPendingLines = 20_000) {
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
      ingest: async (records) => {
        if (refusals-- > 0) throw new QueueFullError(1);
        return vigil.pipeline.ingest(records);
      },
    });
    for (let n = 0; n < 5; n++) add(`queued line ${n}`);
    await batcher.drain();
    assert.equal(counters.totals.events, 5);
    const stored = await vigil.store.listEvents({ query: undefined, equals: { type_id: 8001 } }, { offset: 0, limit: 100 });
    assert.equal(stored.result.filter((event) => String(event.message).startsWith('queued line')).length, 5);
  });

  test('a batch the store keeps failing is dead-lettered with the error, and the listener goes on', async () => {
    const { batcher, counters, add, log } = setUp({ ingest: async () => { throw new Error('disk I/O error'); } });
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
    const { batcher, add } = setUp({ ingest: async (records) => { await gate; return vigil.pipeline.ingest(records); } }, 3);
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
});
