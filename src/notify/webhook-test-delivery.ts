// POST /api/v1/webhooks/{id}/test: one signed delivery sent at once, no retries, so that an admin
// sees at once whether the receiver accepts it. It goes into the delivery log like any other.
import type { Store, StoredWebhook, WebhookDelivery } from '../store/index.ts';
import { testBody } from './webhook-body.ts';
import { WEBHOOK_DELIVERY_DEFAULTS } from './webhook-dispatcher.ts';
import { postWebhook } from './webhook-request.ts';

export async function sendTestDelivery(store: Store, webhook: StoredWebhook, timeoutMs = WEBHOOK_DELIVERY_DEFAULTS.timeoutMs): Promise<WebhookDelivery> {
  const created = new Date().toISOString();
  const body = testBody(webhook, created);
  // Not scheduled (no next_attempt), so the dispatcher leaves it to this call.
  const [deliveryId] = await store.webhooks.enqueue({ kind: 'test', body, created }, [webhook.id]);
  const result = await postWebhook({ deliveryId, url: webhook.url, secret: webhook.secret, kind: 'test', body }, timeoutMs);
  await store.webhooks.recordAttempt(deliveryId, { ...result.attempt, attempt: 1 }, result.ok ? 'delivered' : 'failed');
  return (await store.webhooks.getDelivery(deliveryId))!;
}
