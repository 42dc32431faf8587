// The webhook tables: secrets stay out of lists, an untried `updated` is refreshed rather than
// doubled, claiming takes one due delivery per idle webhook and leases it, attempts are logged,
// old finished deliveries are pruned, and deleting a webhook takes its deliveries along.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore, type Store } from '../../src/store/index.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';
const LATER = '2026-01-01T01:00:00.000Z';

async function storeWithTwoWebhooks(): Promise<{ store: Store; a: number; b: number }> {
  const store = await openSqliteStore(':memory:');
  const webhook = (url: string) => store.webhooks.create({ url, secret: 'a secret of enough length', events: ['created', 'updated'], created: T0, created_by: 'admin' });
  const [a, b] = await Promise.all([webhook('https://a.example/hook'), webhook('https://b.example/hook')]);
  return { store, a: a.id, b: b.id };
}

test('webhooks are listed without their secret; get gives it to the sender', async () => {
  const { store, a } = await storeWithTwoWebhooks();
  const listed = await store.webhooks.list();
  assert.deepEqual(listed.map((webhook) => Object.keys(webhook).sort()), [['created', 'created_by', 'events', 'id', 'url'], ['created', 'created_by', 'events', 'id', 'url']]);
  assert.equal((await store.webhooks.get(a))?.secret, 'a secret of enough length');
  assert.equal(await store.webhooks.get(999), undefined);
  await store.close();
});

test('an updated not tried yet takes the newer body instead of a second delivery; created and tried ones are never merged', async () => {
  const { store, a } = await storeWithTwoWebhooks();
  const queue = (kind: string, body: string) => store.webhooks.enqueue({ kind, incident_uuid: 'inc-1', body, created: T0, next_attempt: T0 }, [a]);
  const [created] = await queue('created', 'c');
  const [first] = await queue('updated', 'u1');
  assert.deepEqual(await queue('updated', 'u2'), [first]);
  const claimed = await store.webhooks.claimDue(T1, LATER, 10, []);
  assert.deepEqual(claimed.map(({ id, body }) => [id, body]), [[created, 'c']], 'one at a time per webhook, oldest first');
  await store.webhooks.recordAttempt(created, { attempt: 1, at: T1, status_code: 200, duration_ms: 3 }, 'delivered');
  const [updated] = await store.webhooks.claimDue(T1, LATER, 10, []);
  assert.deepEqual([updated.id, updated.body, updated.attempt], [first, 'u2', 1]);
  const [third] = await queue('updated', 'u3');
  assert.notEqual(third, first, 'the claimed one is being sent: a new delivery is queued');
  await store.close();
});

test('claiming skips busy webhooks and leases what it takes; the log keeps every attempt', async () => {
  const { store, a, b } = await storeWithTwoWebhooks();
  const [toA, toB] = await store.webhooks.enqueue({ kind: 'created', incident_uuid: 'inc-2', body: '{}', created: T0, next_attempt: T0 }, [a, b]);
  assert.deepEqual((await store.webhooks.claimDue(T1, LATER, 10, [a])).map(({ id, url }) => [id, url]), [[toB, 'https://b.example/hook']]);
  assert.equal(await store.webhooks.nextDue([]), T0, 'the delivery to a is due');
  assert.equal(await store.webhooks.nextDue([a]), LATER, 'the one to b is leased');
  assert.deepEqual(await store.webhooks.claimDue(T1, LATER, 10, [a]), [], 'a leased delivery is not claimed twice');

  const retryAt = '2026-01-01T00:01:02.000Z';
  await store.webhooks.recordAttempt(toB, { attempt: 1, at: T1, status_code: 500, error: 'HTTP 500', duration_ms: 12, next_retry: retryAt }, 'pending');
  assert.equal(await store.webhooks.nextDue([a]), retryAt);
  const [retry] = await store.webhooks.claimDue(retryAt, LATER, 10, [a]);
  assert.deepEqual([retry.id, retry.attempt, retry.body], [toB, 2, '{}']);
  await store.webhooks.recordAttempt(toB, { attempt: 2, at: retryAt, error: 'timed out after 10 ms', duration_ms: 10 }, 'failed');

  const page = await store.webhooks.deliveries(b, { offset: 0, limit: 10 });
  assert.equal(page.total, 1);
  assert.deepEqual(page.result[0], {
    id: toB, webhook_id: b, kind: 'created', incident_uuid: 'inc-2', state: 'failed', created: T0,
    attempts: [
      { attempt: 1, at: T1, status_code: 500, error: 'HTTP 500', duration_ms: 12, next_retry: retryAt },
      { attempt: 2, at: retryAt, error: 'timed out after 10 ms', duration_ms: 10 },
    ],
  });
  assert.deepEqual(await store.webhooks.claimDue(LATER, LATER, 10, [a]), [], 'nothing finished is claimed again');
  await store.close();
});

test('pruning removes finished deliveries created before the cutoff, never pending ones; deleting a webhook takes its deliveries', async () => {
  const { store, a, b } = await storeWithTwoWebhooks();
  const [old] = await store.webhooks.enqueue({ kind: 'created', incident_uuid: 'old', body: '{}', created: T0, next_attempt: T0 }, [a]);
  await store.webhooks.recordAttempt(old, { attempt: 1, at: T0, status_code: 200, duration_ms: 1 }, 'delivered');
  await store.webhooks.enqueue({ kind: 'created', incident_uuid: 'waiting', body: '{}', created: T0, next_attempt: LATER }, [a]);
  await store.webhooks.enqueue({ kind: 'created', incident_uuid: 'new', body: '{}', created: LATER, next_attempt: LATER }, [b]);
  assert.equal(await store.webhooks.prune(T1), 1);
  assert.deepEqual((await store.webhooks.deliveries(a, { offset: 0, limit: 10 })).result.map((each) => each.incident_uuid), ['waiting']);

  assert.equal(await store.webhooks.delete(b), true);
  assert.equal(await store.webhooks.delete(b), false);
  assert.equal((await store.webhooks.deliveries(b, { offset: 0, limit: 10 })).total, 0);
  assert.equal(await store.webhooks.nextDue([]), LATER, 'only the delivery of the webhook left');
  await store.close();
});
