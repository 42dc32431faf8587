import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { openSqliteStore } from '../../src/store/index.ts';
import { ALL, batch, detection, incident, tempDatabasePath } from './fixtures.ts';

const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex');

test('users round trip, with the password hash only from findUser', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  assert.equal(await store.countUsers(), 0);
  const alice = await store.createUser('alice', 'analyst', 'scrypt$hash');
  assert.equal(alice.username, 'alice');
  assert.equal(alice.role, 'analyst');
  assert.ok(Number.isInteger(alice.id));
  assert.ok(!Number.isNaN(Date.parse(alice.created)));
  assert.deepEqual(await store.getUser(alice.id), alice);
  assert.deepEqual(await store.findUser('alice'), { ...alice, password_hash: 'scrypt$hash' });
  assert.equal(await store.findUser('bob'), undefined);
  assert.equal(await store.countUsers(), 1);
  await assert.rejects(store.createUser('alice', 'viewer', 'other'), /UNIQUE constraint failed: users.username/);
});

test('tokens are found by hash, never return it, and can be deleted', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const user = await store.createUser('alice', 'admin', 'h');
  const session = await store.createToken({ hash: sha256('vgs_secret'), kind: 'session', role: 'admin', user_id: user.id, name: 'alice', expires: '2030-01-01T00:00:00.000Z' });
  const ingest = await store.createToken({ hash: sha256('vgi_secret'), kind: 'ingest', role: 'ingest', user_id: null, name: 'default', expires: null });
  assert.deepEqual(session, { id: session.id, kind: 'session', role: 'admin', user_id: user.id, oauth_client_id: null, name: 'alice', expires: '2030-01-01T00:00:00.000Z' });
  assert.deepEqual(await store.findToken(sha256('vgi_secret')), ingest);
  assert.notEqual(session.id, ingest.id);
  await store.deleteToken(sha256('vgs_secret'));
  assert.equal(await store.findToken(sha256('vgs_secret')), undefined);
  assert.deepEqual(await store.findToken(sha256('vgi_secret')), ingest);
});

test('settings are set, overwritten and read', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  assert.equal(await store.getSetting('retention_days'), undefined);
  await store.setSetting('retention_days', '30');
  await store.setSetting('retention_days', '90');
  assert.equal(await store.getSetting('retention_days'), '90');
});

test('everything written survives closing and reopening the file', async (t) => {
  const { path, cleanup } = tempDatabasePath();
  t.after(cleanup);
  const before = await openSqliteStore(path);
  const created = incident({ uuid: 'inc-1' });
  const event = detection({ event_uuid: 'ev-1', incident: 'inc-1' });
  await before.commit(batch({
    events: [event],
    createdIncidents: [created],
    endpointHits: [{ incident_uuid: 'inc-1', device_uid: event.device_uid, event_count: 1, first_seen: event.device_time, last_seen: event.device_time }],
  }));
  await before.addComment('inc-1', { comment: 'looks like C2', time: '2021-06-08T21:00:00.000Z', user_id: 1, incident_responder_name: 'alice' });
  const user = await before.createUser('alice', 'analyst', 'h');
  const token = await before.createToken({ hash: sha256('t'), kind: 'ingest', role: 'ingest', user_id: null, name: 'sep', expires: null });
  await before.setSetting('k', 'v');
  await before.close();

  const after = await openSqliteStore(path);
  t.after(() => after.close());
  assert.deepEqual(await after.getEvent('ev-1'), event);
  assert.deepEqual(await after.getIncident(100000), created);
  assert.equal((await after.incidentEndpoints('inc-1'))[0].event_count, 1);
  assert.equal((await after.listComments('inc-1', ALL)).result[0].comment, 'looks like C2');
  assert.equal((await after.listEndpoints(ALL)).total, 1);
  assert.deepEqual(await after.getUser(user.id), user);
  assert.deepEqual(await after.findToken(sha256('t')), token);
  assert.equal(await after.getSetting('k'), 'v');
});
