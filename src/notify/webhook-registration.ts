// Registering a webhook: its URL (http or https), the incident changes it wants and its signing
// secret, made here unless the admin brings one. The secret is returned by this call only.
import { randomBytes } from 'node:crypto';
import type { Store, StoredWebhook } from '../store/index.ts';

export const WEBHOOK_EVENTS = ['created', 'updated', 'closed'] as const;

/** A request that cannot become a webhook; the message says what to send instead. */
export class WebhookError extends Error {}

export interface WebhookRequestBody {
  url?: unknown;
  events?: unknown;
  description?: unknown;
  secret?: unknown;
}

const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 200;
const SECRET_LENGTH = { min: 16, max: 256 };

function webhookUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) throw new WebhookError(`url must be an http or https URL of at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WebhookError(`url "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookError(`url must use http or https, not ${url.protocol.slice(0, -1)}`);
  if (url.username || url.password) throw new WebhookError('url must not carry a user or password: the receiver checks the signature instead');
  return url.href;
}

function webhookEvents(value: unknown): string[] {
  if (value === undefined) return [...WEBHOOK_EVENTS];
  const known: readonly unknown[] = WEBHOOK_EVENTS;
  if (!Array.isArray(value) || value.length === 0 || value.some((event) => !known.includes(event))) {
    throw new WebhookError(`events must be a non-empty list of ${WEBHOOK_EVENTS.join(', ')}`);
  }
  return WEBHOOK_EVENTS.filter((event) => value.includes(event));
}

function optionalText(name: string, value: unknown, maxLength: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > maxLength) throw new WebhookError(`${name} must be text of at most ${maxLength} characters`);
  return value;
}

function webhookSecret(value: unknown): string {
  if (value === undefined) return `vgw_${randomBytes(32).toString('base64url')}`;
  if (typeof value !== 'string' || value.length < SECRET_LENGTH.min || value.length > SECRET_LENGTH.max) {
    throw new WebhookError(`secret must be ${SECRET_LENGTH.min}–${SECRET_LENGTH.max} characters (leave it out and Vigil makes one)`);
  }
  return value;
}

export async function createWebhook(store: Store, body: WebhookRequestBody, createdBy: string): Promise<StoredWebhook> {
  const secret = webhookSecret(body.secret);
  const webhook = await store.webhooks.create({
    url: webhookUrl(body.url),
    events: webhookEvents(body.events),
    description: optionalText('description', body.description, MAX_DESCRIPTION_LENGTH),
    secret,
    created: new Date().toISOString(),
    created_by: createdBy,
  });
  return { ...webhook, secret };
}
