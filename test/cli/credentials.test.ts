import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_SERVER, readCredentialsFile, resolveDataDir, resolveIngestCredentials, resolveServer, resolveUserCredentials, type CredentialsFile,
} from '../../src/cli/credentials.ts';

const file: CredentialsFile = { server: 'http://127.0.0.1:9999', username: 'admin', password: 'first-start-secret', ingest_token: 'vgi_file' };

test('the server comes from --server, then VIGIL_SERVER, then credentials.json, then the default', () => {
  assert.equal(resolveServer({ server: 'http://flag:1/' }, { VIGIL_SERVER: 'http://env:2' }, file), 'http://flag:1');
  assert.equal(resolveServer({}, { VIGIL_SERVER: 'http://env:2' }, file), 'http://env:2');
  assert.equal(resolveServer({}, {}, file), 'http://127.0.0.1:9999');
  assert.equal(resolveServer({}, {}, undefined), DEFAULT_SERVER);
});

test('a server that is not an http URL is a one-line error', () => {
  assert.throws(() => resolveServer({ server: 'localhost:8080' }, {}, undefined), { name: 'CliError', message: /http:\/\/ or https:\/\// });
  assert.throws(() => resolveServer({ server: 'not a url' }, {}, undefined), { name: 'CliError', message: /not a server URL/ });
});

test('user credentials: flags beat the environment, which beats credentials.json', () => {
  const env = { VIGIL_TOKEN: 'env-token', VIGIL_USER: 'env-user', VIGIL_PASSWORD: 'env-password' };
  assert.deepEqual(resolveUserCredentials({ token: 'flag-token', user: 'bob', password: 'x' }, env, file), { kind: 'token', token: 'flag-token', source: '--token' });
  assert.deepEqual(resolveUserCredentials({ user: 'bob', password: 'flag-password' }, env, file), { kind: 'login', username: 'bob', password: 'flag-password', source: '--user' });
  assert.deepEqual(resolveUserCredentials({ user: 'bob' }, env, file), { kind: 'login', username: 'bob', password: 'env-password', source: '--user' });
  assert.deepEqual(resolveUserCredentials({}, env, file), { kind: 'token', token: 'env-token', source: 'VIGIL_TOKEN' });
  assert.deepEqual(resolveUserCredentials({}, { VIGIL_USER: 'env-user', VIGIL_PASSWORD: 'env-password' }, file), { kind: 'login', username: 'env-user', password: 'env-password', source: 'VIGIL_USER' });
  assert.deepEqual(resolveUserCredentials({}, {}, file), { kind: 'login', username: 'admin', password: 'first-start-secret', source: 'credentials.json' });
});

test('missing user credentials or a user without a password are one-line errors', () => {
  assert.throws(() => resolveUserCredentials({}, {}, undefined), { name: 'CliError', message: /no credentials/ });
  assert.throws(() => resolveUserCredentials({ user: 'bob' }, {}, file), { name: 'CliError', message: /password is needed for user "bob"/ });
});

test('the ingest token comes from --token, VIGIL_INGEST_TOKEN, VIGIL_TOKEN, then credentials.json', () => {
  const env = { VIGIL_INGEST_TOKEN: 'env-ingest', VIGIL_TOKEN: 'env-token' };
  assert.equal(resolveIngestCredentials({ token: 'flag' }, env, file).source, '--token');
  assert.deepEqual(resolveIngestCredentials({}, env, file), { kind: 'token', token: 'env-ingest', source: 'VIGIL_INGEST_TOKEN' });
  assert.deepEqual(resolveIngestCredentials({}, { VIGIL_TOKEN: 'env-token' }, file), { kind: 'token', token: 'env-token', source: 'VIGIL_TOKEN' });
  assert.deepEqual(resolveIngestCredentials({}, {}, file), { kind: 'token', token: 'vgi_file', source: 'credentials.json' });
  assert.throws(() => resolveIngestCredentials({}, {}, undefined), { name: 'CliError', message: /no ingest token/ });
});

test('credentials.json is optional, but a broken one is reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  assert.equal(readCredentialsFile(dir), undefined);
  writeFileSync(join(dir, 'credentials.json'), JSON.stringify(file));
  assert.deepEqual(readCredentialsFile(dir), file);
  writeFileSync(join(dir, 'credentials.json'), '{"server":');
  assert.throws(() => readCredentialsFile(dir), { name: 'CliError', message: /not valid JSON/ });
});

test('empty VIGIL_SERVER and VIGIL_DATA_DIR count as unset; an empty --data-dir is refused', () => {
  assert.equal(resolveServer({}, { VIGIL_SERVER: '' }, file), 'http://127.0.0.1:9999');
  assert.ok(resolveDataDir({}, { VIGIL_DATA_DIR: '' }).endsWith('/data'));
  assert.throws(() => resolveDataDir({ dataDir: '' }, {}), { name: 'CliError', message: /--data-dir is empty/ });
});

test('a token that is not printable ASCII is refused, naming where it came from', () => {
  assert.throws(() => resolveUserCredentials({ token: 'é€' }, {}, undefined), { name: 'CliError', message: /token from --token is not a valid token/ });
  assert.throws(() => resolveUserCredentials({}, { VIGIL_TOKEN: 'pasted\n' }, undefined), { name: 'CliError', message: /token from VIGIL_TOKEN/ });
  assert.throws(() => resolveIngestCredentials({}, { VIGIL_INGEST_TOKEN: 'two words' }, undefined), { name: 'CliError', message: /token from VIGIL_INGEST_TOKEN/ });
});
