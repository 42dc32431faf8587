import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { restoreCounters, startSavingCounters } from '../../../src/ingest/listeners/counter-persistence.ts';
import { IngestSources } from '../../../src/ingest/listeners/source-counters.ts';
import { openSqliteStore, type Store } from '../../../src/store/index.ts';

async function memoryStore(t: TestContext): Promise<Store> {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  return store;
}

test('counters saved when the server stops are restored at the next start', async (t) => {
  const store = await memoryStore(t);
  const first = new IngestSources();
  const udp = first.listener('syslog-udp', { protocol: 'udp', port: 514 });
  udp.seen('192.0.2.7', '2024-03-01T10:00:00.000Z');
  udp.add('192.0.2.7', 'received', 3);
  udp.add('192.0.2.7', 'dropped');
  const saving = startSavingCounters(store, first, (message) => assert.fail(message));
  await saving.stop();

  const second = new IngestSources();
  assert.equal(await restoreCounters(store, second), undefined);
  const [restored] = second.snapshot();
  assert.equal(restored.name, 'syslog-udp');
  assert.deepEqual([restored.totals.received, restored.totals.dropped, restored.peers[0].address], [3, 1, '192.0.2.7']);
});

test('nothing saved: nothing restored, no message', async (t) => {
  const sources = new IngestSources();
  assert.equal(await restoreCounters(await memoryStore(t), sources), undefined);
  assert.deepEqual(sources.snapshot(), []);
});

test('a saved record that cannot be read is set aside with a message, and the counters start from 0', async (t) => {
  const store = await memoryStore(t);
  for (const text of ['{not json', '{"listeners": []}', '[{"name": "syslog-udp", "protocol": "udp", "totals": {"received": -1}, "peers": [], "other_peers": {}}]']) {
    await store.setSetting('ingest_source_counters', text);
    const sources = new IngestSources();
    assert.match(await restoreCounters(store, sources) ?? '', /could not be read; they start from 0/, text);
    assert.deepEqual(sources.snapshot(), [], text);
  }
});

test('a counter added since the counters were saved starts from 0', async (t) => {
  const store = await memoryStore(t);
  await store.setSetting('ingest_source_counters', JSON.stringify([{
    name: 'syslog-tcp', protocol: 'tcp', connections: 0, refused: 0, errors: 0, totals: { received: 9 }, peers: [], other_peers: { peers: 0 },
  }]));
  const sources = new IngestSources();
  assert.equal(await restoreCounters(store, sources), undefined);
  const [restored] = sources.snapshot();
  assert.equal(restored.totals.received, 9);
  assert.equal(restored.totals.invalid_utf8, 0);
});
