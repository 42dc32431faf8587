// OAuth2 clients at the auth layer: creation, secrets kept only as hashes, credential checks,
// token issue with its 60-minute life and role mapping, deletion revoking tokens, and auditing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import {
  AccountError, authenticate, createOAuthClient, deleteOAuthClient, hashSecret, issueOAuthToken, OAUTH_TOKEN_SECONDS, verifyOAuthClient,
} from '../../src/auth/index.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { tempDatabasePath } from '../store/fixtures.ts';

const ACTOR = { name: 'tester', uid: 'test', ip: '127.0.0.1' };

describe('OAuth clients', () => {
  const { path, cleanup } = tempDatabasePath();
  let store: Store;
  before(async () => { store = await openSqliteStore(path); });
  after(async () => { await store.close(); cleanup(); });

  test('a client gets an opaque 32-hex id and a secret stored only as its sha256', async () => {
    const client = await createOAuthClient(store, ACTOR, 'user', 'XSOAR prod');
    assert.match(client.client_id, /^[0-9a-f]{32}$/);
    assert.match(client.client_secret, /^vgc_[\w-]{43}$/);
    assert.equal(client.role, 'user');
    assert.equal(client.name, 'XSOAR prod');
    const db = new Database(path, { readonly: true });
    const row = db.prepare('SELECT * FROM oauth_clients WHERE client_id = ?').get(client.client_id) as Record<string, unknown>;
    db.close();
    assert.equal(row.secret_hash, hashSecret(client.client_secret));
    assert.ok(!Object.values(row).some((value) => String(value).includes(client.client_secret)), 'the secret is not in the row');
    assert.deepEqual(Object.keys((await store.listOAuthClients()).at(-1)!).sort(), ['client_id', 'created', 'name', 'role']);
  });

  test('a client without a name is named by its id; bad roles and names are refused', async () => {
    const client = await createOAuthClient(store, ACTOR, 'admin');
    assert.equal(client.name, client.client_id);
    await assert.rejects(createOAuthClient(store, ACTOR, 'analyst'), (error) => error instanceof AccountError && /role must be one of admin, user/.test(error.message));
    await assert.rejects(createOAuthClient(store, ACTOR, 'user', 'x'.repeat(65)), AccountError);
  });

  test('only the right secret verifies', async () => {
    const client = await createOAuthClient(store, ACTOR, 'user');
    assert.equal((await verifyOAuthClient(store, client.client_id, client.client_secret))?.client_id, client.client_id);
    assert.equal(await verifyOAuthClient(store, client.client_id, `${client.client_secret}x`), undefined);
    assert.equal(await verifyOAuthClient(store, 'f'.repeat(32), client.client_secret), undefined);
  });

  test('a token lives 60 minutes and carries the mapped role: admin → admin, user → viewer', async () => {
    for (const [role, vigilRole] of [['admin', 'admin'], ['user', 'viewer']] as const) {
      const created = await createOAuthClient(store, ACTOR, role, `${role} client`);
      const client = (await verifyOAuthClient(store, created.client_id, created.client_secret))!;
      const now = new Date('2030-01-01T00:00:00.000Z');
      const token = await issueOAuthToken(store, client, now);
      assert.match(token.access_token, /^vgo_/);
      assert.equal(Date.parse(token.expires) - now.getTime(), OAUTH_TOKEN_SECONDS * 1000);
      assert.deepEqual(await authenticate(store, token.access_token, now), { kind: 'oauth', id: client.id, name: `${role} client`, role: vigilRole });
      assert.equal(await authenticate(store, token.access_token, new Date(token.expires)), undefined, 'expired at its expiry');
    }
  });

  test('deleting a client revokes its tokens and is audited', async () => {
    const created = await createOAuthClient(store, ACTOR, 'admin', 'to delete');
    const token = await issueOAuthToken(store, (await verifyOAuthClient(store, created.client_id, created.client_secret))!);
    assert.ok(await authenticate(store, token.access_token));
    assert.equal(await deleteOAuthClient(store, ACTOR, created.client_id), true);
    assert.equal(await authenticate(store, token.access_token), undefined);
    assert.equal(await store.findToken(hashSecret(token.access_token)), undefined, 'the token row is gone');
    assert.equal(await deleteOAuthClient(store, ACTOR, created.client_id), false);
    const audit = (await store.listAudit({ offset: 0, limit: 100 })).result.filter((event) => event.entity_result?.uid === created.client_id);
    assert.deepEqual(audit.map((event) => [event.type_id, event.id, event.feature_name, event.message]), [
      [21, 3, 'OAuth Client', 'OAuth client to delete deleted.'],
      [21, 1, 'OAuth Client', 'OAuth client to delete created with role admin.'],
    ]);
  });
});
