// `vigil serve` forwarding settings: repeatable --forward-syslog or a list in VIGIL_FORWARD_SYSLOG,
// defaults from flags over variables, and a bad target refused as a settings error naming the flag.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveServeSettings, SettingsError } from '../../src/cli/settings.ts';

test('no target: nothing is forwarded', () => {
  assert.deepEqual(resolveServeSettings({}, {}).forwardSyslog, []);
});

test('targets from the variable, separated by spaces or commas; the variables give their defaults', () => {
  const env = { VIGIL_FORWARD_SYSLOG: 'udp://a:514, tcp://b:601 tls://c', VIGIL_FORWARD_FORMAT: 'rfc3164', VIGIL_FORWARD_INSECURE: '1' };
  const targets = resolveServeSettings({}, env).forwardSyslog;
  assert.deepEqual(targets.map(({ name, format, insecure }) => [name, format, insecure]), [
    ['udp://a:514', 'rfc3164', false], ['tcp://b:601', 'rfc3164', false], ['tls://c:6514', 'rfc3164', true],
  ]);
});

test('flags win over the variables', () => {
  const env = { VIGIL_FORWARD_SYSLOG: 'udp://from-env', VIGIL_FORWARD_FRAMING: 'newline' };
  const targets = resolveServeSettings({ forwardSyslog: ['tcp://one', 'tcp://two'], forwardFraming: 'octet-counting', forwardFormat: '5424' }, env).forwardSyslog;
  assert.deepEqual(targets.map(({ name, framing, format }) => [name, framing, format]), [['tcp://one:601', 'octet-counting', 'rfc5424'], ['tcp://two:601', 'octet-counting', 'rfc5424']]);
});

test('a bad target is a settings error that names the flag and the target', () => {
  assert.throws(
    () => resolveServeSettings({ forwardSyslog: ['tcp://siem?framing=chunked'] }, {}),
    (error: unknown) => error instanceof SettingsError && /^forwarding \(--forward-syslog, VIGIL_FORWARD_SYSLOG\): tcp:\/\/siem:601: framing must be one of/.test(error.message),
  );
  assert.throws(() => resolveServeSettings({ forwardSyslog: ['tls://siem'], forwardCa: '/no/such/ca.pem' }, {}), /cannot read the CA file \/no\/such\/ca.pem/);
});
