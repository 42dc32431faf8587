// Another process writing to the store's file while the server commits: `vigil rules import`,
// `vigil attack import` and the other CLI commands that open the database do. A transaction that
// reads before it writes must wait for the other writer and then go on, not fail with SQLITE_BUSY
// (which a deferred transaction does once another connection has committed since its first read).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSqliteStore, type Store } from '../../src/store/index.ts';
import { batch, detection, incident, tempDatabasePath } from './fixtures.ts';

/** Another process that takes the write lock, writes, holds it for `holdMs`, and commits. */
async function holdWriteLock(path: string, holdMs: number): Promise<{ exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['-e', `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO settings (key, value) VALUES ('other-process', '1')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});
  `, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data') as [Buffer];
  assert.equal(chunk.toString().trim(), 'locked');
  return { exited: once(child, 'exit').then(([code]) => code as number | null) };
}

async function fileStore(t: TestContext): Promise<{ path: string; store: Store }> {
  const { path, cleanup } = tempDatabasePath();
  const store = await openSqliteStore(path);
  t.after(async () => {
    await store.close();
    cleanup();
  });
  return { path, store };
}

test('a commit while another process holds the write lock waits for it, then is written', async (t) => {
  const { path, store } = await fileStore(t);
  // Something stored first, so that the commit's reads see a snapshot the other process then changes.
  await store.commit(batch({ events: [detection({ event_uuid: 'before' })] }));
  const { exited } = await holdWriteLock(path, 300);
  const created = incident({ uuid: 'inc-during' });
  await store.commit(batch({ events: [detection({ event_uuid: 'during', incident: 'inc-during' })], createdIncidents: [created] }));
  assert.equal(await exited, 0);
  assert.equal((await store.getEvent('during'))?.incident, 'inc-during');
  assert.equal(created.atp_incident_id, 100000);
  assert.equal(await store.getSetting('other-process'), '1');
});

test('an incident change while another process holds the write lock waits for it, then is written', async (t) => {
  const { path, store } = await fileStore(t);
  await store.commit(batch({ createdIncidents: [incident({ uuid: 'inc-1' })] }));
  const { exited } = await holdWriteLock(path, 300);
  const changed = await store.updateIncident('inc-1', { state: 4, resolution: 1 }, '2021-06-09T00:00:00.000Z');
  assert.equal(await exited, 0);
  assert.equal(changed?.state, 4);
  assert.equal((await store.getIncident('inc-1'))?.state, 4);
});
