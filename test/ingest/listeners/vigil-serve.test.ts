// The real `vigil serve --syslog-*` and the real `vigil` commands: syslog over TCP and TLS into a
// server process, `vigil ingest --format`, and `vigil dead-letters list|replay|purge`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect as connectTls } from 'node:tls';
import { promisify } from 'node:util';
import { resolveServeSettings, SettingsError } from '../../../src/cli/settings.ts';
import { cleanEnv, startServerProcess, VIGIL, type ServerProcess } from '../../helpers/server-process.ts';
import { connectTcp, finish, ipsLine, UNPARSEABLE, waitFor } from './harness.ts';

const run = promisify(execFile);

describe('syslog settings', () => {
  test('listeners are off by default; flags win over VIGIL_* variables; the host defaults to --host', () => {
    const off = resolveServeSettings({}, {});
    assert.deepEqual(off.syslog, { host: '127.0.0.1', udpPort: undefined, tcpPort: undefined, tlsPort: undefined, maxMessageBytes: 65536, allow: [] });
    assert.equal(off.parseWorkers, availableParallelism() > 1 ? 1 : 0, 'one parse worker when there is a second core');
    assert.equal(off.deadLetterMaxRows, 100_000);
    const on = resolveServeSettings({ host: '0.0.0.0', syslogTcp: '6514', syslogAllow: '192.0.2.0/24, 2001:db8::/32' }, { VIGIL_SYSLOG_TCP: '601', VIGIL_SYSLOG_UDP: '514', VIGIL_SYSLOG_MAX_MESSAGE: '8192' });
    assert.deepEqual(on.syslog, { host: '0.0.0.0', udpPort: 514, tcpPort: 6514, tlsPort: undefined, maxMessageBytes: 8192, allow: ['192.0.2.0/24', '2001:db8::/32'] });
    assert.equal(resolveServeSettings({ parseWorkers: '3' }, { VIGIL_PARSE_WORKERS: '0' }).parseWorkers, 3);
    assert.equal(resolveServeSettings({}, { VIGIL_PARSE_WORKERS: '0' }).parseWorkers, 0, '0 parses on the server\'s thread');
    assert.equal(resolveServeSettings({ syslogHost: '10.0.0.5' }, { VIGIL_SYSLOG_HOST: '10.0.0.6' }).syslog.host, '10.0.0.5');
  });

  test('bad values name the flag and its variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ syslogUdp: '70000' }, /--syslog-udp, VIGIL_SYSLOG_UDP/],
      [{ syslogMaxMessage: '100' }, /--syslog-max-message.*from 480/],
      [{ syslogAllow: '192.0.2.0/99' }, /--syslog-allow, VIGIL_SYSLOG_ALLOW.*"192\.0\.2\.0\/99"/],
      [{ syslogTcp: '6000', syslogTls: '6000' }, /cannot share port 6000/],
      [{ deadLetterMaxRows: '0' }, /--dead-letter-max-rows/],
      [{ parseWorkers: '65' }, /--parse-workers, VIGIL_PARSE_WORKERS/],
      [{ syslogTlsCa: '/nonexistent/ca.pem', syslogTls: '6514' }, /--syslog-tls-ca, VIGIL_SYSLOG_TLS_CA.*cannot read \/nonexistent\/ca\.pem/],
      [{ syslogTlsCa: '/nonexistent/ca.pem' }, /is for the TLS listener: give --syslog-tls a port too/],
    ];
    for (const [flags, message] of cases) assert.throws(() => resolveServeSettings(flags, {}), (error: Error) => error instanceof SettingsError && message.test(error.message));
  });

  test('--syslog-tls-ca (or VIGIL_SYSLOG_TLS_CA) reads the senders\' CA certificates; a file without one is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-client-ca-'));
    try {
      const ca = join(dir, 'senders-ca.pem');
      writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
      assert.equal(resolveServeSettings({}, {}).syslogClientCa, undefined);
      assert.match(String(resolveServeSettings({ syslogTls: '6514', syslogTlsCa: ca }, {}).syslogClientCa), /BEGIN CERTIFICATE/);
      assert.match(String(resolveServeSettings({}, { VIGIL_SYSLOG_TLS: '6514', VIGIL_SYSLOG_TLS_CA: ca }).syslogClientCa), /BEGIN CERTIFICATE/);
      const notPem = join(dir, 'key.pem');
      writeFileSync(notPem, '-----BEGIN PRIVATE KEY-----\n');
      assert.throws(() => resolveServeSettings({ syslogTls: '6514', syslogTlsCa: notPem }, {}), /holds no PEM certificate/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vigil serve with syslog listeners, and the dead-letters command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-syslog-serve-'));
  const env = cleanEnv();
  let server: ServerProcess;
  const ports: Record<string, number> = {};

  const vigil = async (...args: string[]) => (await run(process.execPath, [VIGIL, ...args, '--data-dir', dataDir], { env, timeout: 60_000 })).stdout;
  const vigilJson = async <T>(...args: string[]) => JSON.parse(await vigil(...args, '--json')) as T;
  /** The events of one endpoint, read through the API as the first-start admin. */
  const eventsOf = async (deviceName: string) => {
    const { username, password } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8'));
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const { token } = await login.json() as { token: string };
    const response = await fetch(`${server.url}/api/v1/events?device_name=${deviceName}`, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json() as { result: Record<string, unknown>[] }).result;
  };

  before(async () => {
    server = await startServerProcess(dataDir, env, ['--syslog-tcp', '0', '--syslog-tls', '0', '--syslog-udp', '0']);
    for (const match of server.output().matchAll(/Syslog \((syslog-\w+)\) is listening on 127\.0\.0\.1:(\d+)/g)) ports[match[1]] = Number(match[2]);
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the listeners announce themselves; TLS uses the self-signed certificate made under the data directory', () => {
    assert.deepEqual(Object.keys(ports).sort(), ['syslog-tcp', 'syslog-tls', 'syslog-udp']);
    assert.match(server.output(), /Vigil created a self-signed certificate/);
  });

  test('syslog over TCP and TLS reaches the store; an unreadable line becomes a dead letter', async () => {
    const socket = await connectTcp(ports['syslog-tcp']);
    socket.write(`${ipsLine(101)}\n${UNPARSEABLE}\n`);
    await finish(socket);
    const secure = connectTls({ host: '127.0.0.1', port: ports['syslog-tls'], rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    await new Promise<void>((resolve) => { secure.once('close', () => resolve()); secure.end(`${ipsLine(102)}\n`); });
    await waitFor(async () => (await vigilJson<{ total: number }>('dead-letters', 'list')).total === 1, 'the dead letter');
    const page = await vigilJson<{ result: { source: string; format: string; reason: string }[] }>('dead-letters', 'list');
    assert.deepEqual([page.result[0].source, page.result[0].format], ['syslog-tcp:127.0.0.1', 'syslog']);
    assert.match(page.result[0].reason, /structured data/);
    const table = await vigil('dead-letters', 'list', '--source', 'syslog-tcp');
    assert.match(table, /syslog-tcp:127\.0\.0\.1\s+syslog\s+column \d+: structured data/);
    await waitFor(async () => (await eventsOf('WS-TEST-102')).length === 1, 'the event sent over TLS');
    const [overTcp] = await eventsOf('WS-TEST-101');
    assert.deepEqual([overTcp.type_id, overTcp.signature_id, overTcp.device_ip], [4124, 32350, '192.0.2.101']);
  });

  test('vigil ingest --format sepm sends the lines; the bad one is reported with its line and dead-lettered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-format-file-'));
    const file = join(dir, 'sepm.log');
    writeFileSync(file, Buffer.concat([Buffer.from(`${ipsLine(103)}\nnot a SEPM line\n\n`), Buffer.from(ipsLine(104).replace('User Name: none', 'User Name: \xe9t\xe9'), 'latin1'), Buffer.from('\n')]));
    const summary = await vigilJson<{ sent: number; accepted: number; rejected: number; rejections: { line: number; reason: string }[] }>('ingest', file, '--format', 'sepm', '--batch-size', '2');
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual([summary.sent, summary.accepted, summary.rejected], [3, 2, 1]);
    assert.equal(summary.rejections[0].line, 2);
    assert.match(summary.rejections[0].reason, /not a SEPM log line/);
    const letters = await vigilJson<{ result: { source: string; line_number: number }[] }>('dead-letters', 'list', '--format', 'sepm');
    assert.equal(letters.result[0].line_number, 2);
    assert.match(letters.result[0].source, /^http:/);
    const [flagged] = await eventsOf('WS-TEST-104');
    assert.deepEqual([flagged.user_name, flagged.ingest_flags], ['\uFFFDt\uFFFD', ['invalid_utf8']], 'bytes that are not UTF-8 reach the server unchanged and are flagged there');
  });

  test('replay keeps what still fails; purge deletes', async () => {
    const replay = await vigilJson<{ replayed: number; ingested: number; failed: number }>('dead-letters', 'replay');
    assert.deepEqual([replay.replayed, replay.ingested, replay.failed], [2, 0, 2]);
    const text = await vigil('dead-letters', 'replay', '--format', 'sepm');
    assert.match(text, /Replayed 1 dead letters: 0 ingested .*, 1 still failing\./);
    assert.match(await vigil('dead-letters', 'purge', '--format', 'sepm'), /Deleted 1 dead letters\./);
    await assert.rejects(vigil('dead-letters', 'purge'), /give dead letter ids, filters/);
    const [remaining] = (await vigilJson<{ result: { id: number }[] }>('dead-letters', 'list')).result;
    assert.deepEqual(await vigilJson('dead-letters', 'purge', String(remaining.id)), { deleted: 1 });
    assert.equal((await vigilJson<{ total: number }>('dead-letters', 'list')).total, 0);
  });
});
