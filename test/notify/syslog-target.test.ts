// Forwarding targets from --forward-syslog URLs: transport, host, port, per-target options over
// the flags' defaults, and errors that say what to write instead.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseSyslogTarget, SyslogTargetError } from '../../src/notify/index.ts';

test('each scheme has its default port and framing; the envelope is RFC 5424 unless asked', () => {
  const udp = parseSyslogTarget('udp://siem.example.com');
  assert.deepEqual({ ...udp }, { name: 'udp://siem.example.com:514', transport: 'udp', host: 'siem.example.com', port: 514, format: 'rfc5424', framing: 'newline', ca: undefined, insecure: false });
  const tcp = parseSyslogTarget('tcp://10.0.0.5:1514');
  assert.deepEqual([tcp.port, tcp.framing], [1514, 'newline']);
  const tls = parseSyslogTarget('tls://[2001:db8::1]');
  assert.deepEqual([tls.name, tls.host, tls.port, tls.framing], ['tls://[2001:db8::1]:6514', '2001:db8::1', 6514, 'octet-counting']);
});

test('options in the URL win over the defaults from flags', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ca-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
  const defaults = { format: 'rfc3164', framing: 'octet-counting', insecure: true };
  assert.deepEqual(
    (({ format, framing, insecure }) => ({ format, framing, insecure }))(parseSyslogTarget('tcp://h:601', defaults)),
    { format: 'rfc3164', framing: 'octet-counting', insecure: false },
    'insecure is for tls only',
  );
  const overridden = parseSyslogTarget(`tls://h?format=5424&framing=newline&insecure=false&ca=${encodeURIComponent(caFile)}`, defaults);
  assert.deepEqual([overridden.format, overridden.framing, overridden.insecure], ['rfc5424', 'newline', false]);
  assert.equal(overridden.ca?.toString(), '-----BEGIN CERTIFICATE-----\n');
  assert.equal(parseSyslogTarget('tls://h', { ca: caFile }).ca?.length, 28);
});

test('a bad target says what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['siem:514', /scheme must be udp, tcp or tls/],
    ['http://siem', /scheme must be udp, tcp or tls/],
    ['not a url', /is not a URL/],
    ['udp://siem:514/path', /only a host, a port and options/],
    ['tcp://siem?framing=chunked', /framing must be one of newline, octet-counting, octet/],
    ['udp://siem?framing=newline', /framing applies to tcp and tls only/],
    ['tcp://siem?insecure=1', /ca and insecure apply to tls only/],
    ['tcp://siem?format=json', /format must be one of/],
    ['tcp://siem?colour=red', /unknown option "colour"/],
    ['tcp://siem?format=rfc5424&format=rfc3164', /give format once/],
    ['tls://siem?ca=/no/such/ca.pem', /cannot read the CA file \/no\/such\/ca.pem/],
  ];
  for (const [url, message] of cases) {
    assert.throws(() => parseSyslogTarget(url), (error: unknown) => error instanceof SyslogTargetError && message.test(error.message), url);
  }
});
