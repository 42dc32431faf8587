// Webhooks, their durable outbox and the delivery log (docs/CONNECTORS.md, "Webhooks"). One table of
// deliveries is both the outbox (state pending) and the log (delivered, failed), so a delivery
// waiting for its next attempt survives a restart.
import type { Page, PageResult } from './store.ts';

export interface Webhook {
  id: number;
  url: string;
  /** The incident changes it receives: created, updated, closed. */
  events: string[];
  description?: string;
  created: string;
  created_by: string;
}

/** With the signing secret, which only the sender and the creation answer ever see. */
export interface StoredWebhook extends Webhook {
  secret: string;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookAttempt {
  /** 1 for the first. */
  attempt: number;
  at: string;
  /** The receiver's HTTP status; absent when no answer came (refused, timed out). */
  status_code?: number;
  error?: string;
  duration_ms: number;
  /** When the next attempt is due; absent when this one ended the delivery. */
  next_retry?: string;
}

export interface WebhookDelivery {
  id: number;
  webhook_id: number;
  /** created, updated, closed, or test (POST /api/v1/webhooks/{id}/test). */
  kind: string;
  incident_uuid?: string;
  state: WebhookDeliveryState;
  created: string;
  /** When a pending delivery is next tried. */
  next_attempt?: string;
  attempts: WebhookAttempt[];
}

export interface NewWebhookDelivery {
  kind: string;
  incident_uuid?: string;
  /** The exact JSON text to send (what the signature covers). */
  body: string;
  created: string;
  /** When it is due; absent for a delivery its creator sends itself (a test). */
  next_attempt?: string;
}

/** A pending delivery claimed for sending, with what sending it takes. */
export interface ClaimedWebhookDelivery {
  id: number;
  webhook_id: number;
  url: string;
  secret: string;
  kind: string;
  body: string;
  /** The number of the attempt about to be made. */
  attempt: number;
}

export interface WebhookStore {
  create(webhook: Omit<StoredWebhook, 'id'>): Promise<Webhook>;
  /** Never with secrets; oldest first. */
  list(): Promise<Webhook[]>;
  get(id: number): Promise<StoredWebhook | undefined>;
  /** Deletes the webhook with its pending deliveries and its log; false when there was none. */
  delete(id: number): Promise<boolean>;
  /**
   * Queues `delivery` for each of `webhookIds`; returns the delivery ids. An `updated` of an incident
   * whose previous `updated` has not been tried yet refreshes that one instead of queueing another.
   */
  enqueue(delivery: NewWebhookDelivery, webhookIds: number[]): Promise<number[]>;
  /**
   * Claims the pending deliveries due by `now`, oldest first, at most one per webhook and none of
   * `busyWebhooks`. A claimed delivery's attempt count goes up and it is not due again before
   * `leaseUntil`: if the process dies during the attempt, the delivery is tried again after that.
   */
  claimDue(now: string, leaseUntil: string, limit: number, busyWebhooks: number[]): Promise<ClaimedWebhookDelivery[]>;
  /** When the earliest scheduled pending delivery of a webhook not in `busyWebhooks` is due. */
  nextDue(busyWebhooks: number[]): Promise<string | undefined>;
  /** Logs an attempt and sets the delivery's state; a pending one is next tried at `attempt.next_retry`. */
  recordAttempt(deliveryId: number, attempt: WebhookAttempt, state: WebhookDeliveryState): Promise<void>;
  getDelivery(id: number): Promise<WebhookDelivery | undefined>;
  /** Newest first. */
  deliveries(webhookId: number, page: Page): Promise<PageResult<WebhookDelivery>>;
  /** Deletes deliveries created before `before` that are finished (or were never scheduled); returns how many. */
  prune(before: string): Promise<number>;
}
