import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ipInNetwork, parseCidr, parseIpAddress } from '../../src/query/ip.ts';

test('IPv4 and IPv6 addresses parse to bytes; anything else does not', () => {
  assert.deepEqual(parseIpAddress('192.0.2.10'), [192, 0, 2, 10]);
  assert.deepEqual(parseIpAddress('::1'), [...new Array(15).fill(0), 1]);
  assert.deepEqual(parseIpAddress('::'), new Array(16).fill(0));
  assert.deepEqual(parseIpAddress('2001:DB8::'), [0x20, 0x01, 0x0d, 0xb8, ...new Array(12).fill(0)]);
  assert.deepEqual(parseIpAddress('::ffff:192.0.2.1'), [...new Array(10).fill(0), 0xff, 0xff, 192, 0, 2, 1]);
  assert.deepEqual(parseIpAddress('1:2:3:4:5:6:7:8'), [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
  for (const bad of ['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:2:3:4:5:6:7::8:9', 'fe80::1%eth0', 'g::1', '12345::', 'not-an-ip', '1.2.3.4.', '.1.2.3.4', '1..3.4', '1.2.3.04', '1.2.3.1234', ' 1.2.3.4', '1.2.3.4\n', '1.2.3.٤']) {
    assert.equal(parseIpAddress(bad), undefined, bad);
  }
});

test('CIDR membership, per family, with host bits of the network cleared', () => {
  const v4 = parseCidr('192.0.2.77/24');
  assert.deepEqual(v4, { bytes: [192, 0, 2, 0], prefixLength: 24 });
  assert.ok(ipInNetwork('192.0.2.255', v4));
  assert.ok(!ipInNetwork('192.0.3.0', v4));
  assert.ok(!ipInNetwork('::ffff:192.0.2.1', v4), 'no cross-family matches');
  const odd = parseCidr('10.0.0.0/9');
  assert.ok(odd && ipInNetwork('10.127.255.255', odd) && !ipInNetwork('10.128.0.0', odd));
  const v6 = parseCidr('2001:db8::/33');
  assert.ok(v6 && ipInNetwork('2001:db8:7fff::1', v6) && !ipInNetwork('2001:db8:8000::', v6));
  const everything = parseCidr('0.0.0.0/0');
  assert.ok(everything && ipInNetwork('203.0.113.9', everything) && !ipInNetwork('2001:db8::1', everything));
  const host = parseCidr('255.255.255.255/32');
  assert.ok(host && ipInNetwork('255.255.255.255', host) && !ipInNetwork('255.255.255.254', host));
  const pair = parseCidr('192.0.2.130/31');
  assert.ok(pair && ipInNetwork('192.0.2.131', pair) && !ipInNetwork('192.0.2.132', pair) && !ipInNetwork('192.0.2.0130', pair));
  for (const bad of ['192.0.2.0/33', '2001:db8::/129', '192.0.2.0/', '/24', '192.0.2.0/2a']) assert.equal(parseCidr(bad), undefined, bad);
});
