// Forwards every incident change to the syslog targets as a CEF record in Symantec EDR's export
// shape (incident-cef.ts). It listens on the incident feed through a ChangeCoalescer, so ingest
// never waits for it, and reads the incident from the store once per change for all targets.
import type { IncidentChange, IncidentFeed } from '../incidents/index.ts';
import type { Store } from '../store/index.ts';
import type { Backoff } from './backoff.ts';
import { ChangeCoalescer } from './change-coalescer.ts';
import { incidentCef } from './incident-cef.ts';
import { throttled, type NotifyLog } from './notify-log.ts';
import { syslogMessage } from './syslog-envelope.ts';
import { SyslogSender, type SyslogSenderStats } from './syslog-sender.ts';
import type { SyslogTarget } from './syslog-target.ts';

export interface SyslogForwarderTuning {
  /** Messages waiting per target while its connection is down. */
  maxQueued: number;
  /** Incident changes waiting to be rendered. */
  maxPendingChanges: number;
  reconnect: Backoff;
  connectTimeoutMs: number;
  dropLogIntervalMs: number;
  /** How many of the incident's first events the `json=` payload carries at most. */
  eventsPerMessage: number;
  /** The largest CEF record in bytes; fewer events are sent to stay under it. */
  maxRecordBytes: number;
  /** How long stopping waits for queued messages. */
  stopGraceMs: number;
}

const SYSLOG_FORWARDER_DEFAULTS: SyslogForwarderTuning = {
  maxQueued: 10_000,
  maxPendingChanges: 10_000,
  reconnect: { baseMs: 1000, maxMs: 60_000 },
  connectTimeoutMs: 10_000,
  dropLogIntervalMs: 60_000,
  eventsPerMessage: 10,
  // Under a UDP datagram's 65,507 bytes with room for the syslog envelope.
  maxRecordBytes: 64_000,
  stopGraceMs: 2000,
};

export interface SyslogForwarderOptions {
  store: Store;
  incidentFeed: IncidentFeed;
  targets: SyslogTarget[];
  log: NotifyLog;
  tuning?: Partial<SyslogForwarderTuning>;
}

export class SyslogForwarder {
  readonly #store: Store;
  readonly #tuning: SyslogForwarderTuning;
  readonly #senders: SyslogSender[];
  readonly #changes: ChangeCoalescer;
  readonly #unsubscribe: () => void;

  constructor({ store, incidentFeed, targets, log, tuning }: SyslogForwarderOptions) {
    this.#store = store;
    this.#tuning = { ...SYSLOG_FORWARDER_DEFAULTS, ...tuning };
    const { maxQueued, reconnect, connectTimeoutMs, dropLogIntervalMs, maxPendingChanges } = this.#tuning;
    this.#senders = targets.map((target) => new SyslogSender(target, { maxQueued, reconnect, connectTimeoutMs, dropLogIntervalMs, log }));
    const warnDrop = throttled((message) => log.warn(message), dropLogIntervalMs);
    this.#changes = new ChangeCoalescer((change) => this.#forward(change), {
      maxPending: maxPendingChanges,
      onError: (error, change) => log.warn(`forwarding incident ${change.uuid} to syslog failed: ${(error as Error).message}`),
      onDrop: (_change, dropped) => warnDrop(`forwarding to syslog: ${maxPendingChanges} incident changes wait already; changes dropped so far: ${dropped}`),
    });
    this.#unsubscribe = incidentFeed.subscribe((change) => this.#changes.push(change));
  }

  stats(): SyslogSenderStats[] {
    return this.#senders.map((sender) => sender.stats());
  }

  async stop(): Promise<void> {
    this.#unsubscribe();
    await this.#changes.idle();
    await Promise.all(this.#senders.map((sender) => sender.stop(this.#tuning.stopGraceMs)));
  }

  async #forward(change: IncidentChange): Promise<void> {
    const incident = await this.#store.getIncident(change.uuid);
    if (!incident) return;
    const events = await this.#store.listEvents({ incident: incident.uuid, order: 'asc' }, { offset: 0, limit: this.#tuning.eventsPerMessage });
    const record = incidentCef(change, incident, events.result, this.#tuning.maxRecordBytes);
    const at = new Date();
    for (const sender of this.#senders) sender.send(syslogMessage(sender.target.format, record, at));
  }
}
