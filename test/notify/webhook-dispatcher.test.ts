// Webhook deliveries against real HTTP receivers on 127.0.0.1: a signed body the receiver can
// verify, retries with backoff logged attempt by attempt, a receiver that hangs does not hold up
// ingest, and a restart resumes what the outbox holds.
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { test, type TestContext } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { createWebhook } from '../../src/notify/index.ts';
import { WebhookDispatcher, type WebhookDeliveryTuning } from '../../src/notify/webhook-dispatcher.ts';
import type { StoredWebhook, WebhookDelivery } from '../../src/store/index.ts';
import { bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { httpReceiver, memoryLog, waitFor, type HttpReceiver, type ReceivedRequest } from './receivers.ts';

const FAST: Partial<WebhookDeliveryTuning> = { retry: { baseMs: 5, maxMs: 20 }, timeoutMs: 5000 };

interface Setup { vigil: TestVigil; receiver: HttpReceiver; webhook: StoredWebhook; dispatcher: WebhookDispatcher; log: ReturnType<typeof memoryLog> }

async function setUp(t: TestContext, answer: Parameters<typeof httpReceiver>[0], tuning: Partial<WebhookDeliveryTuning> = FAST): Promise<Setup> {
  const vigil = await startTestVigil();
  const receiver = await httpReceiver(answer);
  const webhook = await createWebhook(vigil.store, { url: receiver.url }, 'admin');
  const log = memoryLog();
  const dispatcher = new WebhookDispatcher({ store: vigil.store, incidentFeed: vigil.incidentFeed, log, tuning });
  t.after(async () => {
    await dispatcher.stop();
    await receiver.close();
    await vigil.destroy();
  });
  return { vigil, receiver, webhook, dispatcher, log };
}

async function onlyDelivery({ vigil, webhook }: Pick<Setup, 'vigil' | 'webhook'>): Promise<WebhookDelivery | undefined> {
  return (await vigil.store.webhooks.deliveries(webhook.id, { offset: 0, limit: 10 })).result[0];
}

/** What a receiver does (docs/CONNECTORS.md): HMAC-SHA256 of "<timestamp>.<raw body>" with the secret, compared in constant time. */
function verified(request: ReceivedRequest, secret: string): boolean {
  const timestamp = request.headers['x-vigil-timestamp'] as string;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`);
  const sent = Buffer.from(String(request.headers['x-vigil-signature']));
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

test('a new incident reaches the receiver signed, with the incident as GET /api/v1/incidents/{id} shows it', async (t) => {
  const setup = await setUp(t, (_request, _count, response) => response.writeHead(204).end());
  const ingested = await postEvents(setup.vigil, { ...seedEvent(), event_uuid: 'hook-1' });
  assert.equal(ingested.status, 200);
  const uuid = ingested.body.incidents.created[0] as string;
  await waitFor(async () => (await onlyDelivery(setup))?.state === 'delivered', 'the delivery');

  assert.equal(setup.receiver.requests.length, 1);
  const [request] = setup.receiver.requests;
  assert.ok(verified(request, setup.webhook.secret), 'the signature verifies with the secret');
  assert.ok(!verified({ ...request, body: request.body.replace('"created"', '"closed"') }, setup.webhook.secret), 'a changed body does not');
  assert.ok(Math.abs(Number(request.headers['x-vigil-timestamp']) - Date.now() / 1000) < 600, 'the timestamp is seconds since the epoch');
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['x-vigil-event'], 'created');
  const delivery = (await onlyDelivery(setup))!;
  assert.equal(request.headers['x-vigil-delivery'], String(delivery.id));

  const body = JSON.parse(request.body);
  assert.equal(body.kind, 'created');
  assert.ok(!Number.isNaN(Date.parse(body.at)));
  const shown = (await getJson(setup.vigil, `/api/v1/incidents/${uuid}`)).body;
  assert.deepEqual(body.incident, shown, 'the native API shape (one event: the first ten and the first hundred are the same)');
  assert.equal(body.incident.events[0].event_uuid, 'hook-1');

  assert.deepEqual(
    { ...delivery, attempts: delivery.attempts.map(({ attempt, status_code, next_retry }) => ({ attempt, status_code, next_retry })) },
    { id: delivery.id, webhook_id: setup.webhook.id, kind: 'created', incident_uuid: uuid, state: 'delivered', created: delivery.created, attempts: [{ attempt: 1, status_code: 204, next_retry: undefined }] },
  );
});

test('an analyst closing the incident is delivered as closed, with the incident closed', async (t) => {
  const setup = await setUp(t, (_request, _count, response) => response.writeHead(200).end());
  const uuid = (await postEvents(setup.vigil, { ...seedEvent(), event_uuid: 'hook-close' })).body.incidents.created[0] as string;
  const closed = await setup.vigil.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${uuid}`, headers: bearer(setup.vigil.tokens.analyst), payload: { state: 4, resolution: 2 } });
  assert.equal(closed.statusCode, 200);
  await waitFor(() => setup.receiver.requests.some((request) => request.headers['x-vigil-event'] === 'closed'), 'the closed delivery');
  const body = JSON.parse(setup.receiver.requests.find((request) => request.headers['x-vigil-event'] === 'closed')!.body);
  assert.deepEqual([body.kind, body.incident.uuid, body.incident.state, body.incident.resolution], ['closed', uuid, 4, 2]);
});

test('a receiver that fails twice then succeeds: three attempts in the delivery log, retries scheduled between', async (t) => {
  const statuses = [500, 503, 200];
  const setup = await setUp(t, (_request, count, response) => response.writeHead(statuses[count - 1]).end(count < 3 ? 'busy, come back later' : 'ok'));
  assert.equal((await postEvents(setup.vigil, { ...seedEvent(), event_uuid: 'hook-2' })).status, 200);
  await waitFor(async () => (await onlyDelivery(setup))?.state === 'delivered', 'the delivery');

  const delivery = (await onlyDelivery(setup))!;
  assert.deepEqual(delivery.attempts.map(({ attempt, status_code }) => [attempt, status_code]), [[1, 500], [2, 503], [3, 200]]);
  assert.deepEqual(delivery.attempts.map(({ error }) => error), ['HTTP 500: busy, come back later', 'HTTP 503: busy, come back later', undefined]);
  assert.ok(delivery.attempts.slice(0, 2).every(({ at, next_retry }) => next_retry !== undefined && next_retry > at), 'each failure says when the next attempt is');
  assert.equal(delivery.attempts[2].next_retry, undefined);
  assert.ok(delivery.attempts.every(({ duration_ms }) => Number.isInteger(duration_ms) && duration_ms >= 0));
  assert.equal(setup.receiver.requests.length, 3);
  assert.ok(setup.receiver.requests.every((request) => verified(request, setup.webhook.secret)), 'every attempt is signed anew');
});

test('a receiver that never answers holds up neither ingest nor the server: the attempt is logged as timed out', async (t) => {
  const setup = await setUp(t, () => undefined, { ...FAST, timeoutMs: 1000, maxAttempts: 1 });
  assert.equal((await postEvents(setup.vigil, { ...seedEvent(), event_uuid: 'hook-3' })).status, 200);
  await waitFor(() => setup.receiver.requests.length === 1, 'the request to hang');
  const during = await postEvents(setup.vigil, { ...seedEvent(), event_uuid: 'hook-4', device_uid: 'dev-4' });
  assert.equal(during.status, 200, 'ingest goes on while the receiver hangs');
  assert.equal(during.body.incidents.updated.length, 1);

  await waitFor(async () => (await setup.vigil.store.webhooks.deliveries(setup.webhook.id, { offset: 0, limit: 10 })).result.some((each) => each.state === 'failed'), 'the failure');
  const failed = (await setup.vigil.store.webhooks.deliveries(setup.webhook.id, { offset: 0, limit: 10 })).result.find((each) => each.kind === 'created')!;
  assert.equal(failed.state, 'failed');
  assert.deepEqual(failed.attempts.map(({ attempt, status_code, error }) => ({ attempt, status_code, error })), [{ attempt: 1, status_code: undefined, error: 'timed out after 1000 ms' }]);
  assert.ok(setup.log.lines.some((line) => line.includes(`delivery ${failed.id} failed after 1 attempts: timed out`)));
});

test('after a restart the outbox is resumed: a retry left pending is delivered by the new server', async (t) => {
  const receiver = await httpReceiver((_request, count, response) => response.writeHead(count === 1 ? 502 : 200).end());
  t.after(() => receiver.close());
  const tuning = { retry: { baseMs: 2000, maxMs: 2000 }, timeoutMs: 5000 };
  const first = await startTestVigil();
  const webhook = await createWebhook(first.store, { url: receiver.url, events: ['created'] }, 'admin');
  const before = new WebhookDispatcher({ store: first.store, incidentFeed: first.incidentFeed, log: memoryLog(), tuning });
  assert.equal((await postEvents(first, { ...seedEvent(), event_uuid: 'hook-5' })).status, 200);
  await waitFor(async () => (await onlyDelivery({ vigil: first, webhook }))?.attempts.length === 1, 'the first attempt');
  await before.stop();
  await first.stop();
  assert.equal(receiver.requests.length, 1, 'the retry was not made before the restart');

  const second = await startTestVigil({ dir: first.dir });
  const after = new WebhookDispatcher({ store: second.store, incidentFeed: second.incidentFeed, log: memoryLog(), tuning });
  t.after(async () => {
    await after.stop();
    await second.destroy();
  });
  await waitFor(async () => (await onlyDelivery({ vigil: second, webhook }))?.state === 'delivered', 'the resumed delivery');
  const delivery = (await onlyDelivery({ vigil: second, webhook }))!;
  assert.deepEqual(delivery.attempts.map(({ attempt, status_code }) => [attempt, status_code]), [[1, 502], [2, 200]]);
  assert.equal(receiver.requests.length, 2);
  assert.equal(receiver.requests[0].body, receiver.requests[1].body, 'the same body, from the outbox');
});
