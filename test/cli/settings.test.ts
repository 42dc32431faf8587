import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveServeSettings, SettingsError } from '../../src/cli/settings.ts';

test('defaults: loopback, port 8080, ./data, 10 MB bodies, a 24 h incident window', () => {
  const settings = resolveServeSettings({}, {});
  assert.equal(settings.host, '127.0.0.1');
  assert.equal(settings.port, 8080);
  assert.ok(settings.dataDir.endsWith('/data'));
  assert.equal(settings.ingestBodyLimit, 10 * 1024 * 1024);
  assert.equal(settings.incidentWindowHours, 24);
  assert.equal(settings.adminPassword, undefined);
});

test('a flag wins over VIGIL_* variables, which win over defaults', () => {
  const env = { VIGIL_PORT: '9000', VIGIL_HOST: '0.0.0.0', VIGIL_ADMIN_PASSWORD: 'from the environment', VIGIL_INGEST_TOKEN: 'tok' };
  const settings = resolveServeSettings({ port: '9100' }, env);
  assert.equal(settings.port, 9100);
  assert.equal(settings.host, '0.0.0.0');
  assert.equal(settings.adminPassword, 'from the environment');
  assert.equal(settings.ingestToken, 'tok');
});

test('bad values are refused with the setting named', () => {
  assert.throws(() => resolveServeSettings({ port: '80000' }, {}), (error: unknown) => error instanceof SettingsError && /port/.test(error.message));
  assert.throws(() => resolveServeSettings({}, { VIGIL_INCIDENT_WINDOW_HOURS: '-1' }), /incident window/);
  assert.throws(() => resolveServeSettings({ logLevel: 'loud' }, {}), /log level/);
});

test('empty VIGIL_* variables count as unset; empty flags are refused', () => {
  const settings = resolveServeSettings({}, { VIGIL_HOST: '', VIGIL_PORT: '', VIGIL_DATA_DIR: ' ', VIGIL_SYSLOG_HOST: '', VIGIL_SYSLOG_UDP: '0' });
  assert.equal(settings.host, '127.0.0.1');
  assert.equal(settings.port, 8080);
  assert.ok(settings.dataDir.endsWith('/data'));
  assert.equal(settings.syslog.host, '127.0.0.1');
  assert.throws(() => resolveServeSettings({ host: '' }, {}), { message: /--host is empty/ });
  assert.throws(() => resolveServeSettings({ dataDir: '' }, {}), { message: /--data-dir is empty/ });
  assert.throws(() => resolveServeSettings({ syslogHost: ' ' }, {}), { message: /--syslog-host is empty/ });
  assert.throws(() => resolveServeSettings({ port: '' }, {}), (error: unknown) => error instanceof SettingsError && /port \(--port, VIGIL_PORT\) must be a whole number/.test(error.message));
});
