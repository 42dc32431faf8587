// Delivers incident changes to the webhooks. A change from the feed is written to the outbox (one
// delivery per webhook that wants it) off the publisher's stack; deliveries then go out at most
// `concurrency` at a time and one at a time per webhook, and a failed attempt is retried with
// exponential backoff and jitter until `maxAttempts`. Every attempt is logged. Pending deliveries
// are in the database, so a restart resumes them.
import { incidentDetail, type IncidentChange, type IncidentFeed } from '../incidents/index.ts';
import type { ClaimedWebhookDelivery, Store } from '../store/index.ts';
import { backoffDelay, type Backoff } from './backoff.ts';
import { ChangeCoalescer } from './change-coalescer.ts';
import { throttled, type NotifyLog } from './notify-log.ts';
import { incidentChangeBody, WEBHOOK_EVENT_LIMIT } from './webhook-body.ts';
import { postWebhook } from './webhook-request.ts';

export interface WebhookDeliveryTuning {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** The waits between attempts. */
  retry: Backoff;
  /** How long a receiver has to answer one attempt. */
  timeoutMs: number;
  /** Deliveries in flight at once, to all webhooks together. */
  concurrency: number;
  /** How long finished deliveries stay in the log. */
  retentionMs: number;
  /** Incident changes waiting to be written to the outbox. */
  maxPendingChanges: number;
  /** The longest sleep between looks at the outbox. */
  pollMs: number;
  random: () => number;
}

export const WEBHOOK_DELIVERY_DEFAULTS: WebhookDeliveryTuning = {
  // Waits of about 1, 2, 4 … 256 seconds: about eight and a half minutes from first to last attempt.
  maxAttempts: 10,
  retry: { baseMs: 1000, maxMs: 600_000 },
  timeoutMs: 10_000,
  concurrency: 4,
  retentionMs: 30 * 86_400_000,
  maxPendingChanges: 10_000,
  pollMs: 60_000,
  random: Math.random,
};

/** An attempt's claim outlives it by this much, so that only a crash lets it lapse. */
const LEASE_MARGIN_MS = 30_000;
const PRUNE_INTERVAL_MS = 3600_000;

export interface WebhookDispatcherOptions {
  store: Store;
  incidentFeed: IncidentFeed;
  log: NotifyLog;
  tuning?: Partial<WebhookDeliveryTuning>;
}

export class WebhookDispatcher {
  readonly #store: Store;
  readonly #log: NotifyLog;
  readonly #tuning: WebhookDeliveryTuning;
  readonly #changes: ChangeCoalescer;
  readonly #unsubscribe: () => void;
  /** The attempt in flight per webhook id. */
  readonly #inFlight = new Map<number, Promise<void>>();
  readonly #stop = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #roundAgain = false;
  #lastPrune = -Infinity;

  constructor({ store, incidentFeed, log, tuning }: WebhookDispatcherOptions) {
    this.#store = store;
    this.#log = log;
    this.#tuning = { ...WEBHOOK_DELIVERY_DEFAULTS, ...tuning };
    const warnDrop = throttled((message) => log.warn(message), 60_000);
    this.#changes = new ChangeCoalescer((change) => this.#enqueue(change), {
      maxPending: this.#tuning.maxPendingChanges,
      onError: (error, change) => log.warn(`webhooks: queueing incident ${change.uuid} (${change.kind}) failed: ${(error as Error).message}`),
      onDrop: (_change, dropped) => warnDrop(`webhooks: ${this.#tuning.maxPendingChanges} incident changes wait already; changes dropped so far: ${dropped}`),
    });
    this.#unsubscribe = incidentFeed.subscribe((change) => this.#changes.push(change));
    // Deliveries left pending by the last run go out now.
    this.#wake(0);
  }

  /** Stops taking changes, writes those waiting to the outbox and interrupts attempts in flight (they are retried after a restart). */
  async stop(): Promise<void> {
    this.#unsubscribe();
    await this.#changes.idle();
    this.#stop.abort();
    clearTimeout(this.#timer);
    await this.#round;
    await Promise.all(this.#inFlight.values());
  }

  async #enqueue(change: IncidentChange): Promise<void> {
    const webhookIds = (await this.#store.webhooks.list()).filter((webhook) => webhook.events.includes(change.kind)).map((webhook) => webhook.id);
    if (webhookIds.length === 0) return;
    const incident = await this.#store.getIncident(change.uuid);
    if (!incident) return;
    const body = incidentChangeBody(change, await incidentDetail(this.#store, incident, WEBHOOK_EVENT_LIMIT));
    const now = new Date().toISOString();
    await this.#store.webhooks.enqueue({ kind: change.kind, incident_uuid: change.uuid, body, created: now, next_attempt: now }, webhookIds);
    this.#wake(0);
  }

  #wake(delayMs: number): void {
    if (this.#stop.signal.aborted) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#startRound(), delayMs);
  }

  #startRound(): void {
    if (this.#round) {
      this.#roundAgain = true;
      return;
    }
    this.#roundAgain = false;
    this.#round = this.#sendDue()
      .catch((error: unknown) => {
        this.#log.warn(`webhooks: reading the outbox failed: ${(error as Error).message}`);
        this.#wake(this.#tuning.pollMs);
      })
      .finally(() => {
        this.#round = undefined;
        // Woken while this round ran: what woke it may not have been seen.
        if (this.#roundAgain) this.#wake(0);
      });
  }

  /** Starts the due deliveries there is room for, then sleeps until the next one is due. */
  async #sendDue(): Promise<void> {
    const { concurrency, timeoutMs, pollMs, retentionMs } = this.#tuning;
    const free = concurrency - this.#inFlight.size;
    if (free <= 0 || this.#stop.signal.aborted) return; // a finishing attempt starts the next round
    const now = Date.now();
    const leaseUntil = new Date(now + timeoutMs + LEASE_MARGIN_MS).toISOString();
    const claimed = await this.#store.webhooks.claimDue(new Date(now).toISOString(), leaseUntil, free, [...this.#inFlight.keys()]);
    for (const delivery of claimed) this.#inFlight.set(delivery.webhook_id, this.#attempt(delivery));
    if (Date.now() - this.#lastPrune >= PRUNE_INTERVAL_MS) {
      this.#lastPrune = Date.now();
      await this.#store.webhooks.prune(new Date(Date.now() - retentionMs).toISOString());
    }
    const next = await this.#store.webhooks.nextDue([...this.#inFlight.keys()]);
    this.#wake(next === undefined ? pollMs : Math.min(pollMs, Math.max(0, Date.parse(next) - Date.now())));
  }

  async #attempt(delivery: ClaimedWebhookDelivery): Promise<void> {
    const { maxAttempts, retry, timeoutMs, random } = this.#tuning;
    try {
      const result = await postWebhook({ deliveryId: delivery.id, url: delivery.url, secret: delivery.secret, kind: delivery.kind, body: delivery.body }, timeoutMs, this.#stop.signal);
      if (result.interrupted) return;
      const last = result.ok || delivery.attempt >= maxAttempts;
      const nextRetry = last ? undefined : new Date(Date.now() + backoffDelay(retry, delivery.attempt, random)).toISOString();
      await this.#store.webhooks.recordAttempt(delivery.id, { ...result.attempt, attempt: delivery.attempt, next_retry: nextRetry }, result.ok ? 'delivered' : last ? 'failed' : 'pending');
      if (!result.ok && last) {
        this.#log.warn(`webhook ${delivery.webhook_id} (${delivery.url}): delivery ${delivery.id} failed after ${delivery.attempt} attempts: ${result.attempt.error}`);
      }
    } catch (error) {
      this.#log.warn(`webhook ${delivery.webhook_id}: recording delivery ${delivery.id} failed: ${(error as Error).message}`);
    } finally {
      this.#inFlight.delete(delivery.webhook_id);
      this.#wake(0);
    }
  }
}
