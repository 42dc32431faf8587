// `vigil serve` over HTTPS as a process: the self-signed certificate made once and reused, an
// operator's certificate, plain HTTP kept on loopback, and certificate problems refused in one line.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from '../../src/cli/self-signed-certificate.ts';
import { cleanEnv, startServerProcess, VIGIL } from '../helpers/server-process.ts';

const run = promisify(execFile);

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

/** What integrations with "verify certificate" switched off do: HTTPS without checking the certificate. */
function httpsRequest(url: string, method = 'GET', json?: unknown): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const outgoing = request(url, { method, rejectUnauthorized: false, headers: body ? { 'content-type': 'application/json' } : {} }, (response) => {
      const fingerprint = (response.socket as TLSSocket).getPeerCertificate().fingerprint256;
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, fingerprint }));
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

function fingerprintOf(certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).fingerprint256;
}

function adminLogin(dataDir: string): { username: string; password: string } {
  const credentials = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { username: string; password: string };
  return { username: credentials.username, password: credentials.password };
}

test('--tls-self-signed creates a certificate and a 0600 key on first start, serves HTTPS with Secure cookies, and reuses them', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-tls-self-'));
  const certFile = join(dataDir, 'tls', 'cert.pem');
  const keyFile = join(dataDir, 'tls', 'key.pem');
  const first = await startServerProcess(dataDir, cleanEnv(), ['--tls-self-signed', '--tls-port', '0']);
  try {
    assert.ok(first.https, 'the HTTPS line is printed');
    assert.match(first.output(), /created a self-signed certificate/);
    assert.ok(existsSync(certFile));
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(first.https.fingerprint, fingerprintOf(certFile));
    assert.match(new X509Certificate(readFileSync(certFile)).subjectAltName ?? '', /DNS:localhost.*IP Address:127\.0\.0\.1/);

    const health = await httpsRequest(`${first.https.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.fingerprint, first.https.fingerprint, 'the client sees the printed certificate');
    assert.match(String(health.headers['strict-transport-security']), /max-age=/);

    const login = await httpsRequest(`${first.https.url}/api/v1/auth/login`, 'POST', adminLogin(dataDir));
    assert.equal(login.status, 200);
    assert.match(String(login.headers['set-cookie']), /;\s*Secure/i);

    const plain = await fetch(`${first.url}/healthz`);
    assert.equal(plain.status, 200, 'plain HTTP still answers on loopback');
    assert.equal(plain.headers.get('strict-transport-security'), null);
    await plain.body?.cancel();
  } finally {
    assert.equal(await first.stop(), 0, 'SIGTERM closes both listeners');
  }

  const second = await startServerProcess(dataDir, cleanEnv({ VIGIL_TLS_SELF_SIGNED: '1' }), ['--tls-port', '0']);
  try {
    assert.doesNotMatch(second.output(), /created a self-signed certificate/);
    assert.equal(second.https?.fingerprint, first.https.fingerprint, 'the same certificate is reused');
    assert.equal((await httpsRequest(`${second.https.url}/healthz`)).fingerprint, first.https.fingerprint);
  } finally {
    await second.stop();
  }
});

test('an operator\'s certificate is served on --host while plain HTTP stays on loopback', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-tls-files-'));
  const pair = await createSelfSignedCertificate('vigil.example.test', ['vigil.example.test', '127.0.0.1']);
  const certFile = join(dataDir, 'server.crt');
  const keyFile = join(dataDir, 'server.key');
  writeFileSync(certFile, pair.cert);
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  const server = await startServerProcess(dataDir, cleanEnv(), ['--host', '0.0.0.0', '--tls-cert', certFile, '--tls-key', keyFile, '--tls-port', '0']);
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/, 'HTTP is not exposed beyond loopback');
    assert.match(server.https?.url ?? '', /^https:\/\/0\.0\.0\.0:\d+$/);
    assert.equal(server.https?.fingerprint, fingerprintOf(certFile));
    assert.ok(!existsSync(join(dataDir, 'tls')), 'no self-signed certificate is made');
    const port = new URL(server.https!.url).port;
    const health = await httpsRequest(`https://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.fingerprint, fingerprintOf(certFile));
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

async function refusedStart(dataDir: string, args: string[]): Promise<string> {
  const failure = await run(process.execPath, [VIGIL, 'serve', '--port', '0', '--tls-port', '0', '--data-dir', dataDir, ...args], { env: cleanEnv(), timeout: 60_000 })
    .then(() => assert.fail('the server started'), (error: { code: number; stderr: string }) => error);
  assert.equal(failure.code, 1);
  assert.equal(failure.stderr.trimEnd().split('\n').length, 1, `one line: ${failure.stderr}`);
  assert.ok(!existsSync(join(dataDir, 'vigil.db')), 'nothing is written');
  return failure.stderr;
}

test('a missing certificate file stops the start with one line naming it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-tls-missing-'));
  const missing = join(dataDir, 'nowhere.crt');
  const stderr = await refusedStart(dataDir, ['--tls-cert', missing, '--tls-key', join(dataDir, 'nowhere.key')]);
  assert.equal(stderr, `vigil: cannot read the TLS certificate ${missing}: ENOENT\n`);
});

test('a key that does not belong to the certificate stops the start with one line naming both', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-tls-mismatch-'));
  const [one, other] = await Promise.all([createSelfSignedCertificate('one', ['localhost']), createSelfSignedCertificate('other', ['localhost'])]);
  const certFile = join(dataDir, 'one.crt');
  const keyFile = join(dataDir, 'other.key');
  writeFileSync(certFile, one.cert);
  writeFileSync(keyFile, other.key);
  const stderr = await refusedStart(dataDir, ['--tls-cert', certFile, '--tls-key', keyFile]);
  assert.equal(stderr, `vigil: the TLS key ${keyFile} does not belong to the certificate ${certFile}\n`);
  const notPem = await refusedStart(dataDir, ['--tls-cert', keyFile, '--tls-key', keyFile]);
  assert.match(notPem, new RegExp(`^vigil: the TLS certificate ${keyFile} is not a PEM certificate`));
});
