import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { resolveServeSettings } from '../../src/cli/settings.ts';

test('TLS is off by default and HTTPS would use port 8443', () => {
  const settings = resolveServeSettings({}, {});
  assert.equal(settings.tls, undefined);
  assert.equal(settings.tlsPort, 8443);
});

test('TLS comes from flags or VIGIL_TLS_* variables, with paths made absolute', () => {
  assert.deepEqual(resolveServeSettings({ tlsCert: 'a.crt', tlsKey: 'a.key' }, {}).tls, { kind: 'files', certFile: resolve('a.crt'), keyFile: resolve('a.key') });
  assert.deepEqual(resolveServeSettings({}, { VIGIL_TLS_CERT: '/etc/b.crt', VIGIL_TLS_KEY: '/etc/b.key' }).tls, { kind: 'files', certFile: '/etc/b.crt', keyFile: '/etc/b.key' });
  assert.deepEqual(resolveServeSettings({}, { VIGIL_TLS_SELF_SIGNED: '1', VIGIL_TLS_PORT: '9443' }), resolveServeSettings({ tlsSelfSigned: true, tlsPort: '9443' }, {}));
  assert.deepEqual(resolveServeSettings({ tlsSelfSigned: true }, {}).tls, { kind: 'self-signed' });
});

test('incomplete or contradictory TLS settings are refused', () => {
  assert.throws(() => resolveServeSettings({ tlsCert: 'a.crt' }, {}), /both a certificate and its key/);
  assert.throws(() => resolveServeSettings({}, { VIGIL_TLS_KEY: 'a.key' }), /both a certificate and its key/);
  assert.throws(() => resolveServeSettings({ tlsCert: 'a.crt', tlsKey: 'a.key', tlsSelfSigned: true }, {}), /not both/);
  assert.throws(() => resolveServeSettings({ tlsSelfSigned: true, port: '8443' }, {}), /cannot share port 8443/);
  assert.throws(() => resolveServeSettings({ tlsPort: '70000' }, {}), /TLS port/);
});
