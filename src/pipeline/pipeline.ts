// The only place that knows the order of the stages:
// normalize → enrich → (deduplicate) → detect → correlate → persist.
// A batch is acknowledged only after its transaction committed.
import { detect } from '../detect/index.ts';
import { enrich } from '../enrich/index.ts';
import { correlate } from '../incidents/index.ts';
import { normalizeEvent } from '../ingest/index.ts';
import type { EdrEvent } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { SerialQueue } from './serial-queue.ts';

export interface RawRecord {
  /** Position in the sender's batch, echoed in rejections. */
  index: number;
  /** The NDJSON line, when the record came from one. */
  line?: number;
  value: unknown;
}

export interface Rejection {
  index: number;
  line?: number;
  column?: number;
  path: string;
  reason: string;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
  incidents: { created: string[]; updated: string[] };
}

export interface PipelineOptions {
  store: Store;
  /** How long after its last event an open incident still absorbs matching alerts. */
  incidentWindowMs: number;
  /** Events that may wait for the writer before senders get 429. */
  maxQueuedEvents: number;
  now?: () => Date;
}

export interface Pipeline {
  ingest(records: RawRecord[], rejectedUpfront?: Rejection[]): Promise<IngestOutcome>;
  /** Waits for every accepted batch to be committed. */
  drain(): Promise<void>;
  readonly queuedEvents: number;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { store, incidentWindowMs } = options;
  const now = options.now ?? (() => new Date());
  const queue = new SerialQueue(options.maxQueuedEvents);

  function normalizeAll(records: RawRecord[], receivedAt: string, rejected: Rejection[]): EdrEvent[] {
    const events: EdrEvent[] = [];
    for (const record of records) {
      const result = normalizeEvent(record.value, receivedAt);
      if (result.ok) events.push(result.event);
      else for (const error of result.errors) rejected.push({ index: record.index, line: record.line, path: error.path, reason: error.reason });
    }
    return events;
  }

  /** Drops events already stored and repeats inside the batch; returns the new ones. */
  async function deduplicate(events: EdrEvent[]): Promise<EdrEvent[]> {
    const stored = await store.existingEventUuids(events.map((event) => event.event_uuid));
    const seen = new Set<string>();
    return events.filter((event) => {
      if (stored.has(event.event_uuid) || seen.has(event.event_uuid)) return false;
      seen.add(event.event_uuid);
      return true;
    });
  }

  async function writeBatch(events: EdrEvent[]): Promise<Omit<IngestOutcome, 'rejected'>> {
    const fresh = await deduplicate(events);
    const alerts = detect(fresh);
    const open = await store.openIncidentsByKey([...new Set(alerts.map((alert) => alert.grouping_key))]);
    const correlation = correlate(alerts, open, { windowMs: incidentWindowMs, now: now().toISOString() });
    for (const event of fresh) {
      const incident = correlation.assignments.get(event.event_uuid);
      if (incident) event.incident = incident;
    }
    const { createdIncidents, updatedIncidents, endpointHits } = correlation;
    await store.commit({ events: fresh, createdIncidents, updatedIncidents, endpointHits });
    return {
      accepted: fresh.length,
      duplicates: events.length - fresh.length,
      incidents: {
        created: correlation.createdIncidents.map((incident) => incident.uuid),
        updated: correlation.updatedIncidents.map((incident) => incident.uuid),
      },
    };
  }

  return {
    async ingest(records, rejectedUpfront = []) {
      const rejected = [...rejectedUpfront];
      const events = enrich(normalizeAll(records, now().toISOString(), rejected));
      rejected.sort((a, b) => a.index - b.index);
      if (events.length === 0) return { accepted: 0, duplicates: 0, rejected, incidents: { created: [], updated: [] } };
      const written = await queue.run(events.length, () => writeBatch(events));
      return { ...written, rejected };
    },
    drain: () => queue.drain(),
    get queuedEvents() {
      return queue.pending;
    },
  };
}
