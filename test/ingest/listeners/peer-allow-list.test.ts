import assert from 'node:assert/strict';
import { test } from 'node:test';
import { peerAllowList, PeerAllowListError } from '../../../src/ingest/listeners/index.ts';

test('an empty allow-list admits everyone', () => {
  assert.equal(peerAllowList([])('203.0.113.9'), true);
});

test('CIDR ranges and bare addresses, IPv4 and IPv6, IPv4-mapped peers included', () => {
  const allowed = peerAllowList(['192.0.2.0/24', '198.51.100.7', '2001:db8::/32']);
  assert.equal(allowed('192.0.2.200'), true);
  assert.equal(allowed('::ffff:192.0.2.5'), true, 'a dual-stack socket reports IPv4 peers mapped');
  assert.equal(allowed('198.51.100.7'), true);
  assert.equal(allowed('198.51.100.8'), false);
  assert.equal(allowed('2001:db8:1::5'), true);
  assert.equal(allowed('2001:db9::5'), false);
  assert.equal(allowed('unknown'), false);
});

test('a malformed entry is refused with what was wrong', () => {
  for (const bad of ['192.0.2.0/33', 'example.com', '192.0.2.0/24/8', '10.0.0.0/x', '::/129']) {
    assert.throws(() => peerAllowList([bad]), (error: Error) => error instanceof PeerAllowListError && error.message.includes(`"${bad}"`), bad);
  }
});
