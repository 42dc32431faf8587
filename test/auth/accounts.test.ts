import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AccountError, authenticate, bootstrapIfEmpty, createIngestToken, createUser, hashSecret, login, logout } from '../../src/auth/index.ts';
import { hashPassword } from '../../src/auth/passwords.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';

const PASSWORD = 'a long enough password';

describe('accounts', () => {
  let store: Store;
  before(async () => { store = await openSqliteStore(':memory:'); });
  after(() => store.close());

  test('passwords are stored as salted scrypt hashes, never as given', async () => {
    const user = await createUser(store, 'alice', 'analyst', PASSWORD);
    const stored = await store.findUser('alice');
    assert.equal(user.role, 'analyst');
    assert.match(stored!.password_hash, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.ok(!stored!.password_hash.includes(PASSWORD));
    assert.notEqual(await hashPassword(PASSWORD), await hashPassword(PASSWORD), 'each hash has its own salt');
  });

  test('bad users are refused with a reason', async () => {
    await assert.rejects(createUser(store, 'bob', 'analyst', 'short'), (error) => error instanceof AccountError && /12 characters/.test(error.message));
    await assert.rejects(createUser(store, 'bob', 'root', PASSWORD), /role must be one of admin, analyst, viewer/);
    await assert.rejects(createUser(store, 'bad name!', 'viewer', PASSWORD), /username/);
    await assert.rejects(createUser(store, 'alice', 'viewer', PASSWORD), /already exists/);
  });

  test('login opens a session whose token only the hash of is stored; logout ends it', async () => {
    assert.equal(await login(store, 'alice', 'wrong password!!'), undefined);
    assert.equal(await login(store, 'nobody', PASSWORD), undefined);
    const session = await login(store, 'alice', PASSWORD);
    assert.ok(session);
    assert.equal(session.user.username, 'alice');
    assert.equal('password_hash' in session.user, false);
    assert.ok(await store.findToken(hashSecret(session.token)));
    assert.deepEqual(await authenticate(store, session.token), { kind: 'user', id: session.user.id, name: 'alice', role: 'analyst' });
    await logout(store, session.token);
    assert.equal(await authenticate(store, session.token), undefined);
  });

  test('an expired session is refused', async () => {
    const session = await login(store, 'alice', PASSWORD, new Date(Date.now() - 13 * 3600_000));
    assert.ok(session);
    assert.equal(await authenticate(store, session.token), undefined);
  });

  test('issuing a token deletes the expired ones; tokens without expiry (ingest) stay', async () => {
    const ingest = await createIngestToken(store, 'stays');
    const expired = await login(store, 'alice', PASSWORD, new Date(Date.now() - 13 * 3600_000));
    assert.ok(await store.findToken(hashSecret(expired!.token)), 'kept until the next token is issued');
    const fresh = await login(store, 'alice', PASSWORD);
    assert.equal(await store.findToken(hashSecret(expired!.token)), undefined);
    assert.ok(await store.findToken(hashSecret(fresh!.token)));
    assert.ok(await store.findToken(hashSecret(ingest)));
  });

  test('ingest tokens authenticate as the ingest role; short preset tokens are refused', async () => {
    const token = await createIngestToken(store, 'sepm-east');
    assert.match(token, /^vgi_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(await authenticate(store, token), { kind: 'ingest', id: (await store.findToken(hashSecret(token)))!.id, name: 'sepm-east', role: 'ingest' });
    await assert.rejects(createIngestToken(store, 'short', 'tooshort'), /at least 24 characters/);
    assert.equal(await authenticate(store, 'vgi_unknown'), undefined);
  });
});

describe('first start', () => {
  test('creates an admin and an ingest token once, with the secrets given, refusing weak ones before writing anything', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await assert.rejects(bootstrapIfEmpty(store, { adminPassword: 'weak', ingestToken: 'preset-token-0123456789abcdef' }), AccountError);
      await assert.rejects(bootstrapIfEmpty(store, { adminPassword: PASSWORD, ingestToken: 'short' }), AccountError);
      assert.equal(await store.countUsers(), 0, 'a refused secret writes nothing');
      assert.equal(await bootstrapIfEmpty(store, { adminPassword: PASSWORD, ingestToken: 'preset-token-0123456789abcdef' }), true);
      assert.ok(await login(store, 'admin', PASSWORD));
      assert.equal((await authenticate(store, 'preset-token-0123456789abcdef'))?.role, 'ingest');
      assert.equal(await bootstrapIfEmpty(store, { adminPassword: 'another-password-1', ingestToken: 'another-token-0123456789abc' }), false, 'only on an empty database');
      assert.equal(await login(store, 'admin', 'another-password-1'), undefined);
    } finally {
      await store.close();
    }
  });
});
