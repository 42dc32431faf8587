// Webhooks, the outbox of their deliveries and the log of every attempt (store/webhook-store.ts).
import type Database from 'better-sqlite3';
import type { Page, PageResult } from '../store.ts';
import type {
  ClaimedWebhookDelivery, NewWebhookDelivery, StoredWebhook, Webhook, WebhookAttempt, WebhookDelivery, WebhookDeliveryState, WebhookStore,
} from '../webhook-store.ts';
import { pageParams } from './query-parts.ts';
import { withoutNulls } from './rows.ts';
import type { SecretBox } from './secret-box.ts';

/** Migration 9 (migrations.ts). Released: append a new migration rather than edit this. */
export const WEBHOOK_TABLES_SQL = `
  -- The secret is sealed with the key file beside the database (secret-box.ts): an HMAC signature
  -- needs the key itself, so it cannot be hashed. The API returns it only when creating.
  CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    -- JSON array of the incident changes it receives.
    events      TEXT NOT NULL,
    description TEXT,
    created     TEXT NOT NULL,
    created_by  TEXT NOT NULL
  );

  -- The outbox (pending) and the log (delivered, failed) in one: a delivery survives a restart.
  CREATE TABLE webhook_deliveries (
    id            INTEGER PRIMARY KEY,
    webhook_id    INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    incident_uuid TEXT,
    state         TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  TEXT,
    created       TEXT NOT NULL,
    -- Dropped when the delivery is finished: the log keeps outcomes, not payloads.
    body          TEXT
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt) WHERE state = 'pending';
  CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);
  CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created);

  CREATE TABLE webhook_attempts (
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    next_retry  TEXT,
    PRIMARY KEY (delivery_id, attempt)
  ) WITHOUT ROWID;
`;

interface WebhookRow { id: number; url: string; secret: string; events: string; description: string | null; created: string; created_by: string }
interface DeliveryRow { id: number; webhook_id: number; kind: string; incident_uuid: string | null; state: WebhookDeliveryState; created: string; next_attempt: string | null }
type AttemptRow = { delivery_id: number } & { [K in keyof WebhookAttempt]-?: WebhookAttempt[K] | null };

const WEBHOOK_COLUMNS = 'id, url, secret, events, description, created, created_by';
const DELIVERY_COLUMNS = 'id, webhook_id, kind, incident_uuid, state, created, next_attempt';

function withoutSecret({ secret: _secret, ...row }: WebhookRow): Webhook {
  return withoutNulls<Webhook>({ ...row, events: JSON.parse(row.events) as string[] });
}

export class WebhookTable implements WebhookStore {
  private readonly insertWebhook: Database.Statement<[string, string, string, string | null, string, string], WebhookRow>;
  private readonly webhookById: Database.Statement<[number], WebhookRow>;
  private readonly allWebhooks: Database.Statement<[], WebhookRow>;
  private readonly deleteWebhook: Database.Statement<[number]>;
  private readonly refreshUpdate: Database.Statement<[string, number, string], { id: number }>;
  private readonly insertDelivery: Database.Statement<[number, string, string | null, string | null, string, string], { id: number }>;
  private readonly dueDeliveries: Database.Statement<[string, string, number], Omit<ClaimedWebhookDelivery, 'attempt'> & { attempts: number }>;
  private readonly claim: Database.Statement<[string, number]>;
  private readonly earliestDue: Database.Statement<[string], { due: string | null }>;
  private readonly insertAttempt: Database.Statement<[number, number, string, number | null, string | null, number, string | null]>;
  private readonly finishAttempt: Database.Statement<[WebhookDeliveryState, number, string | null, WebhookDeliveryState, number]>;
  private readonly deliveryById: Database.Statement<[number], DeliveryRow>;
  private readonly deliveryPage: Database.Statement<[number, number, number], DeliveryRow>;
  private readonly countDeliveries: Database.Statement<[number], { total: number }>;
  private readonly attemptsOf: Database.Statement<[string], AttemptRow>;
  private readonly deleteOld: Database.Statement<[string]>;

  constructor(private readonly db: Database.Database, private readonly secrets: SecretBox) {
    this.insertWebhook = db.prepare(`INSERT INTO webhooks (url, secret, events, description, created, created_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING ${WEBHOOK_COLUMNS}`);
    this.webhookById = db.prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks WHERE id = ?`);
    this.allWebhooks = db.prepare(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks ORDER BY id`);
    this.deleteWebhook = db.prepare('DELETE FROM webhooks WHERE id = ?');
    this.refreshUpdate = db.prepare(`UPDATE webhook_deliveries SET body = ?
      WHERE webhook_id = ? AND incident_uuid = ? AND kind = 'updated' AND state = 'pending' AND attempts = 0 RETURNING id`);
    this.insertDelivery = db.prepare(`INSERT INTO webhook_deliveries (webhook_id, kind, incident_uuid, next_attempt, created, body, state)
      VALUES (?, ?, ?, ?, ?, ?, 'pending') RETURNING id`);
    // The oldest due delivery of each webhook that is not busy: one at a time per receiver keeps
    // first attempts in order and stops one slow receiver from taking every sending slot.
    this.dueDeliveries = db.prepare(`SELECT d.id, d.webhook_id, w.url, w.secret, d.kind, d.body, d.attempts
      FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY next_attempt, id) AS rank
            FROM webhook_deliveries
            WHERE state = 'pending' AND next_attempt <= ? AND webhook_id NOT IN (SELECT value FROM json_each(?))) AS due
      JOIN webhook_deliveries d ON d.id = due.id
      JOIN webhooks w ON w.id = d.webhook_id
      WHERE due.rank = 1 ORDER BY d.next_attempt, d.id LIMIT ?`);
    this.claim = db.prepare('UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt = ? WHERE id = ?');
    this.earliestDue = db.prepare(`SELECT MIN(next_attempt) AS due FROM webhook_deliveries
      WHERE state = 'pending' AND webhook_id NOT IN (SELECT value FROM json_each(?))`);
    this.insertAttempt = db.prepare(`INSERT OR REPLACE INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms, next_retry)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.finishAttempt = db.prepare(`UPDATE webhook_deliveries
      SET state = ?, attempts = MAX(attempts, ?), next_attempt = ?, body = CASE WHEN ? = 'pending' THEN body END WHERE id = ?`);
    this.deliveryById = db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ?`);
    this.deliveryPage = db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`);
    this.countDeliveries = db.prepare('SELECT COUNT(*) AS total FROM webhook_deliveries WHERE webhook_id = ?');
    this.attemptsOf = db.prepare(`SELECT delivery_id, attempt, at, status_code, error, duration_ms, next_retry FROM webhook_attempts
      WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY delivery_id, attempt`);
    this.deleteOld = db.prepare("DELETE FROM webhook_deliveries WHERE created < ? AND (state <> 'pending' OR next_attempt IS NULL)");
  }

  async create(webhook: Omit<StoredWebhook, 'id'>): Promise<Webhook> {
    const row = this.insertWebhook.get(webhook.url, this.secrets.seal(webhook.secret), JSON.stringify(webhook.events), webhook.description ?? null, webhook.created, webhook.created_by)!;
    return withoutSecret(row);
  }

  async list(): Promise<Webhook[]> {
    return this.allWebhooks.all().map(withoutSecret);
  }

  async get(id: number): Promise<StoredWebhook | undefined> {
    const row = this.webhookById.get(id);
    return row && withoutNulls<StoredWebhook>({ ...withoutSecret(row), secret: this.secrets.open(row.secret) });
  }

  async delete(id: number): Promise<boolean> {
    return this.deleteWebhook.run(id).changes === 1;
  }

  async enqueue(delivery: NewWebhookDelivery, webhookIds: number[]): Promise<number[]> {
    return this.db.transaction(() => webhookIds.map((webhookId) => {
      const refreshed = delivery.kind === 'updated' && delivery.incident_uuid !== undefined
        ? this.refreshUpdate.get(delivery.body, webhookId, delivery.incident_uuid)
        : undefined;
      if (refreshed) return refreshed.id;
      return this.insertDelivery.get(webhookId, delivery.kind, delivery.incident_uuid ?? null, delivery.next_attempt ?? null, delivery.created, delivery.body)!.id;
    })).immediate();
  }

  async claimDue(now: string, leaseUntil: string, limit: number, busyWebhooks: number[]): Promise<ClaimedWebhookDelivery[]> {
    return this.db.transaction(() => this.dueDeliveries.all(now, JSON.stringify(busyWebhooks), limit).map(({ attempts, ...delivery }) => {
      this.claim.run(leaseUntil, delivery.id);
      return { ...delivery, secret: this.secrets.open(delivery.secret), attempt: attempts + 1 };
    })).immediate();
  }

  async nextDue(busyWebhooks: number[]): Promise<string | undefined> {
    return this.earliestDue.get(JSON.stringify(busyWebhooks))?.due ?? undefined;
  }

  async recordAttempt(deliveryId: number, attempt: WebhookAttempt, state: WebhookDeliveryState): Promise<void> {
    this.db.transaction(() => {
      this.insertAttempt.run(deliveryId, attempt.attempt, attempt.at, attempt.status_code ?? null, attempt.error ?? null, attempt.duration_ms, attempt.next_retry ?? null);
      this.finishAttempt.run(state, attempt.attempt, state === 'pending' ? attempt.next_retry ?? null : null, state, deliveryId);
    }).immediate();
  }

  async getDelivery(id: number): Promise<WebhookDelivery | undefined> {
    const row = this.deliveryById.get(id);
    return row && this.withAttempts([row])[0];
  }

  async deliveries(webhookId: number, page: Page): Promise<PageResult<WebhookDelivery>> {
    return { result: this.withAttempts(this.deliveryPage.all(webhookId, ...pageParams(page))), total: this.countDeliveries.get(webhookId)!.total };
  }

  async prune(before: string): Promise<number> {
    return this.deleteOld.run(before).changes;
  }

  private withAttempts(rows: DeliveryRow[]): WebhookDelivery[] {
    const attempts = new Map<number, WebhookAttempt[]>();
    for (const { delivery_id, ...attempt } of this.attemptsOf.all(JSON.stringify(rows.map((row) => row.id)))) {
      attempts.set(delivery_id, [...(attempts.get(delivery_id) ?? []), withoutNulls<WebhookAttempt>(attempt)]);
    }
    return rows.map((row) => ({ ...withoutNulls<Omit<WebhookDelivery, 'attempts'>>({ ...row }), attempts: attempts.get(row.id) ?? [] }));
  }
}
