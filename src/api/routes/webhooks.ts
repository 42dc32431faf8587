// Webhooks on incident changes: register, list, delete, read the delivery log, send a test.
// Admin only; every change audited. The signing secret is in the creation answer only.
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../auth/index.ts';
import { createWebhook, sendTestDelivery, WEBHOOK_EVENTS, WebhookError, type WebhookRequestBody } from '../../notify/index.ts';
import type { Store, StoredWebhook } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, type Query } from '../params.ts';
import { pageOf, pagingParams } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const TIME = { type: 'string', format: 'date-time' } as const;
const EVENTS = { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] }, description: 'The incident changes it receives.' } as const;

const WEBHOOK = {
  type: 'object',
  required: ['id', 'url', 'events', 'created', 'created_by'],
  properties: {
    id: { type: 'integer' },
    url: { type: 'string' },
    events: EVENTS,
    description: { type: 'string' },
    created: TIME,
    created_by: { type: 'string' },
  },
} as const;

const NEW_WEBHOOK = {
  ...WEBHOOK,
  required: [...WEBHOOK.required, 'secret'],
  properties: { ...WEBHOOK.properties, secret: { type: 'string', description: 'The HMAC-SHA256 key of X-Vigil-Signature.' } },
} as const;

const DELIVERY = {
  type: 'object',
  required: ['id', 'webhook_id', 'kind', 'state', 'created', 'attempts'],
  properties: {
    id: { type: 'integer', description: 'Also sent as X-Vigil-Delivery: a receiver may use it to ignore a repeat.' },
    webhook_id: { type: 'integer' },
    kind: { type: 'string', enum: [...WEBHOOK_EVENTS, 'test'] },
    incident_uuid: { type: 'string' },
    state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    created: TIME,
    next_attempt: { ...TIME, description: 'When a pending delivery is tried next.' },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['attempt', 'at', 'duration_ms'],
        properties: {
          attempt: { type: 'integer', description: '1 for the first.' },
          at: TIME,
          status_code: { type: 'integer', description: "The receiver's HTTP status; absent when none came (refused, timed out)." },
          error: { type: 'string' },
          duration_ms: { type: 'integer' },
          next_retry: { ...TIME, description: 'When the next attempt is due; absent when this one ended the delivery.' },
        },
      },
    },
  },
} as const;

const WEBHOOK_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9]{1,15}$' } } } as const;
const NO_WEBHOOK = { 404: 'No webhook with that id.' };
const DELIVERY_LIMITS = { fallback: 20, max: 1000 };

async function findWebhook(store: Store, id: string): Promise<StoredWebhook> {
  const webhook = /^\d{1,15}$/.test(id) ? await store.webhooks.get(Number(id)) : undefined;
  if (!webhook) throw new ApiError(404, `no webhook ${id}`);
  return webhook;
}

function webhookEntity(webhook: { id: number; url: string }) {
  return { type: 'Webhook', uid: String(webhook.id), name: webhook.url };
}

export function webhookRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.post('/api/v1/webhooks', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Register a webhook for incident changes',
    description: 'Vigil POSTs each incident created, updated or closed to the URL, signed with the secret (docs/CONNECTORS.md, "Webhooks"). '
      + 'The secret is in this answer only; leave it out and Vigil makes one. Audited.',
    body: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', description: 'http or https.' },
        events: { ...EVENTS, description: 'Default: all three.' },
        description: { type: 'string' },
        secret: { type: 'string', description: '16–256 characters; default: a random one.' },
      },
    },
    responses: { 201: { description: 'The webhook with its secret.', ...NEW_WEBHOOK } },
    errors: { 400: 'A URL that is not http(s), an unknown event, a too short secret.' },
  }), async (request, reply) => {
    const actor = actorOf(request);
    try {
      const webhook = await createWebhook(store, (request.body ?? {}) as WebhookRequestBody, actor.name);
      await recordAudit(store, actor, {
        kind: 'entity', id: 1, feature: 'Webhook', message: `Webhook ${webhook.id} created for ${webhook.url} (${webhook.events.join(', ')}).`,
        entity: { ...webhookEntity(webhook), data: { events: webhook.events } },
      });
      return reply.code(201).send(webhook);
    } catch (error) {
      if (error instanceof WebhookError) throw new ApiError(400, error.message);
      throw error;
    }
  });

  app.get('/api/v1/webhooks', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'List webhooks',
    description: 'Never a secret.',
    responses: { 200: { description: 'Every webhook, oldest first.', type: 'object', required: ['result'], properties: { result: { type: 'array', items: WEBHOOK } } } },
  }), async () => ({ result: await store.webhooks.list() }));

  app.delete('/api/v1/webhooks/:id', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Delete a webhook',
    description: 'Its pending deliveries and its delivery log go with it. Audited.',
    params: WEBHOOK_ID,
    responses: { 204: { description: 'Deleted.', type: 'null' } },
    errors: NO_WEBHOOK,
  }), async (request, reply) => {
    const webhook = await findWebhook(store, (request.params as { id: string }).id);
    if (!(await store.webhooks.delete(webhook.id))) throw new ApiError(404, `no webhook ${webhook.id}`);
    await recordAudit(store, actorOf(request), { kind: 'entity', id: 3, feature: 'Webhook', message: `Webhook ${webhook.id} for ${webhook.url} deleted.`, entity: webhookEntity(webhook) });
    return reply.code(204).send();
  });

  app.get('/api/v1/webhooks/:id/deliveries', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: "Read a webhook's delivery log, newest first",
    description: 'Each delivery with every attempt: when, the HTTP status or the error, how long it took and when the next is due.',
    params: WEBHOOK_ID,
    querystring: { type: 'object', properties: pagingParams(DELIVERY_LIMITS) },
    responses: { 200: { description: 'A page of deliveries.', ...pageOf(DELIVERY) } },
    errors: { 400: 'A bad limit or cursor.', ...NO_WEBHOOK },
  }), async (request) => {
    const webhook = await findWebhook(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.webhooks.deliveries(webhook.id, { offset: cursor.offset, limit: limitParam(query, DELIVERY_LIMITS.fallback, DELIVERY_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.post('/api/v1/webhooks/:id/test', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Send a webhook a test delivery now',
    description: 'One signed POST of `{"kind": "test", "at", "webhook": {"id", "url"}}`, no retries; the answer says how it went, and the delivery log keeps it. Audited.',
    params: WEBHOOK_ID,
    responses: { 200: { description: 'The delivery, delivered or failed.', ...DELIVERY } },
    errors: NO_WEBHOOK,
  }), async (request) => {
    const webhook = await findWebhook(store, (request.params as { id: string }).id);
    const delivery = await sendTestDelivery(store, webhook);
    const outcome = delivery.attempts[0];
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 1, feature: 'Webhook',
      message: `Webhook ${webhook.id} test delivery ${delivery.id} ${delivery.state}${outcome?.error ? `: ${outcome.error}` : ''}.`,
      entity: webhookEntity(webhook),
    });
    return delivery;
  });
}
