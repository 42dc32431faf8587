import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IngestSources, SourceCounters } from '../../../src/ingest/listeners/source-counters.ts';

test('counters per peer and in total; the peer table is bounded, folding the least recently seen', () => {
  const counters = new SourceCounters('syslog-udp', { protocol: 'udp' }, 2);
  counters.seen('192.0.2.1', '2024-03-01T10:00:00.000Z');
  counters.add('192.0.2.1', 'received', 3);
  counters.seen('192.0.2.2', '2024-03-01T10:00:01.000Z');
  counters.add('192.0.2.2', 'received');
  counters.seen('192.0.2.1', '2024-03-01T10:00:02.000Z');
  counters.seen('192.0.2.3', '2024-03-01T10:00:03.000Z');
  counters.add('192.0.2.3', 'bytes', 100);
  // .2 was seen last longest ago: folded away; a late count for it goes to other_peers.
  counters.add('192.0.2.2', 'parsed');
  const snapshot = counters.snapshot();
  assert.deepEqual(snapshot.peers.map((peer) => peer.address), ['192.0.2.3', '192.0.2.1']);
  assert.equal(snapshot.peers[1].received, 3);
  assert.equal(snapshot.peers[1].first_seen, '2024-03-01T10:00:00.000Z');
  assert.equal(snapshot.peers[1].last_seen, '2024-03-01T10:00:02.000Z');
  assert.deepEqual([snapshot.other_peers.peers, snapshot.other_peers.received, snapshot.other_peers.parsed], [1, 1, 1]);
  assert.deepEqual([snapshot.totals.received, snapshot.totals.parsed, snapshot.totals.bytes], [4, 1, 100], 'totals count everything');
});

test('a listener started again keeps its counters', () => {
  const sources = new IngestSources();
  sources.listener('syslog-tcp', { protocol: 'tcp', port: 1 }).add('x', 'received');
  const again = sources.listener('syslog-tcp', { protocol: 'tcp' });
  assert.equal(again.totals.received, 1);
  assert.equal(sources.snapshot()[0].port, 1, 'a lookup does not change what the listener said of itself');
});

test('saved counters carry on after a restart: totals, peers in their order, folded peers, refusals; the listener describes itself anew', () => {
  const before = new IngestSources();
  const tcp = before.listener('syslog-tcp', { protocol: 'tcp', address: '0.0.0.0', port: 601 });
  tcp.seen('192.0.2.1', '2024-03-01T10:00:00.000Z');
  tcp.add('192.0.2.1', 'received', 5);
  tcp.seen('192.0.2.2', '2024-03-01T10:00:01.000Z');
  tcp.add('192.0.2.2', 'rejected');
  tcp.refused = 2;
  tcp.connections = 1;
  const saved = JSON.parse(JSON.stringify(before.snapshot()));

  const after = new IngestSources();
  after.restore(saved);
  assert.deepEqual(after.snapshot()[0].totals, saved[0].totals, 'shown before the listener starts');
  const restarted = after.listener('syslog-tcp', { protocol: 'tcp', address: '0.0.0.0', port: 6601 });
  restarted.seen('192.0.2.1', '2024-03-01T11:00:00.000Z');
  restarted.add('192.0.2.1', 'received');
  const snapshot = after.snapshot()[0];
  assert.equal(snapshot.port, 6601);
  assert.equal(snapshot.connections, 0, 'connections are the live count, not saved');
  assert.equal(snapshot.refused, 2);
  assert.deepEqual([snapshot.totals.received, snapshot.totals.rejected], [6, 1]);
  assert.deepEqual(snapshot.peers.map((peer) => [peer.address, peer.received, peer.first_seen]), [
    ['192.0.2.1', 6, '2024-03-01T10:00:00.000Z'],
    ['192.0.2.2', 0, '2024-03-01T10:00:01.000Z'],
  ]);
});
