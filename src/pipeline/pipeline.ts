// The only place that knows the order of the stages:
// normalize → enrich → (deduplicate) → detect → correlate → persist.
// A batch is acknowledged only after its transaction committed. Batches that wait for the
// writer meanwhile are written together, in one transaction (write-queue.ts, group-commit.ts);
// new batches are normalized while the store commits the previous group.
import { detect, type Detector } from '../detect/index.ts';
import { correlate, incidentReach, type Correlation, type IncidentFeed } from '../incidents/index.ts';
import type { NormalizeOptions } from '../ingest/index.ts';
import { CORRELATION_EVENT_FIELDS, DETECTION_EVENT_FIELDS, VIGIL_EVENT_FIELDS, type Alert, type EdrEvent, type Incident } from '../model/index.ts';
import type { EventLink, Store } from '../store/index.ts';
import { Detections } from './detections.ts';
import { advanceOpenIncidents, mergeCommits } from './group-commit.ts';
import { prepareEvent } from './prepare-event.ts';
import { WriteQueue } from './write-queue.ts';

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
  /** Told of every incident a committed group created or updated. */
  incidentFeed?: IncidentFeed;
  /** The detect stage; the built-in rules by default (`vigil serve` adds the Sigma rules). */
  detector?: Detector;
}

/** An event that went through prepareEvent elsewhere, with its JSON text (`JSON.stringify(event)`) when made there. */
export interface PreparedEvent {
  event: EdrEvent;
  text?: string;
}

export interface Pipeline {
  /** `owned`: the caller never reads nor retries the records' values again, so they are normalized in place. */
  ingest(records: RawRecord[], rejectedUpfront?: Rejection[], options?: NormalizeOptions): Promise<IngestOutcome>;
  /**
   * Events already normalized and enriched by prepareEvent (a parse worker's): they are not
   * checked again, and a text given with one becomes its stored document, so that it is not
   * serialized a second time on this thread.
   */
  ingestPrepared(events: PreparedEvent[]): Promise<IngestOutcome>;
  /** Waits for every accepted batch to be committed. */
  drain(): Promise<void>;
  readonly queuedEvents: number;
}

type Written = Omit<IngestOutcome, 'rejected'>;

/** A batch waiting for the writer: its events and, for some of them, their prepared texts. */
interface QueuedBatch {
  events: EdrEvent[];
  texts?: ReadonlyMap<EdrEvent, string>;
}

/**
 * The event's prepared text with the fields detection and correlation added since: exactly what
 * JSON.stringify(event) now gives, because normalization leaves none of these fields in an event
 * (it keeps a sender's as source_<field>), nothing else changes an event after it is prepared, and
 * they are added in VIGIL_EVENT_FIELDS's order, so they come last in it.
 */
function finalText(text: string, event: EdrEvent): string {
  let added = '';
  for (const field of VIGIL_EVENT_FIELDS) {
    const value = event[field];
    if (value !== undefined) added += `,"${field}":${JSON.stringify(value)}`;
  }
  return added === '' ? text : `${text.slice(0, -1)}${added}}`;
}

/** A batch given up on: its events lose what detection set too, as its sender may send the same objects again. */
function refused(batch: QueuedBatch, reason: unknown): PromiseRejectedResult {
  for (const event of batch.events) for (const field of DETECTION_EVENT_FIELDS) delete event[field];
  return { status: 'rejected', reason };
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const { store, incidentWindowMs, detector = detect } = options;
  const now = options.now ?? (() => new Date());
  const detections = new Detections();

  function normalizeAll(records: RawRecord[], receivedAt: string, rejected: Rejection[], options?: NormalizeOptions): EdrEvent[] {
    const events: EdrEvent[] = [];
    for (const record of records) {
      const result = prepareEvent(record.value, receivedAt, options);
      if (result.ok) events.push(result.event);
      else for (const error of result.errors) rejected.push({ index: record.index, line: record.line, path: error.path, reason: error.reason });
    }
    return events;
  }

  /** Per batch, the events not stored yet and not sent earlier in the group (nor the batch). */
  async function deduplicate(batches: EdrEvent[][]): Promise<EdrEvent[][]> {
    const seen = await store.existingEventUuids(batches.flat().map((event) => event.event_uuid));
    return batches.map((events) => events.filter((event) => {
      if (seen.has(event.event_uuid)) return false;
      seen.add(event.event_uuid);
      return true;
    }));
  }

  /** Writes the batches in one transaction; the outcome of each, in order. */
  async function writeGroup(queued: QueuedBatch[]): Promise<Written[]> {
    const batches = queued.map((batch) => batch.events);
    const fresh = await deduplicate(batches);
    try {
      const alerts = fresh.map((events) => detections.detect(events, detector));
      return await writeFresh(queued, batches, fresh, alerts);
    } catch (error) {
      // What correlation set on the events is undone, so that a retry of each batch alone starts
      // from the events as detection left them (a batch refused in the end loses those too: refused()).
      for (const events of fresh) for (const event of events) for (const field of CORRELATION_EVENT_FIELDS) delete event[field];
      detections.attemptFailed();
      throw error;
    }
  }

  /** Detects, correlates and commits the batches' fresh events. */
  async function writeFresh(queued: QueuedBatch[], batches: EdrEvent[][], fresh: EdrEvent[][], alerts: Alert[][]): Promise<Written[]> {
    const allAlerts = alerts.flat();
    const open = allAlerts.length === 0
      ? new Map<string, Incident[]>()
      : await store.openIncidentsByKey([...new Set(allAlerts.map((alert) => alert.grouping_key))], incidentReach(allAlerts, incidentWindowMs));
    const at = now().toISOString();
    const correlations: Correlation[] = alerts.map((batchAlerts) => {
      const correlation = correlate(batchAlerts, open, { windowMs: incidentWindowMs, now: at });
      advanceOpenIncidents(open, correlation);
      return correlation;
    });
    const arriving = new Set<string>();
    for (const events of fresh) for (const event of events) arriving.add(event.event_uuid);
    // As if the batches were committed one by one: an event takes its own batch's incident, else
    // one that a later batch's correlation gives it (a Sigma correlation hit completed later names
    // it), the first of those; an event names one incident.
    const link = (event: EdrEvent, incident: string | undefined) => {
      if (incident === undefined || event.incident !== undefined) return;
      event.incident = incident;
      // Every event Vigil links is a detection that raised the incident's alerts: 1, "triggered".
      event.event_source = 1;
    };
    fresh.forEach((events, index) => {
      for (const event of events) {
        for (let from = index; from < correlations.length && event.incident === undefined; from++) link(event, correlations[from].assignments.get(event.event_uuid));
      }
    });
    const texts = new Map<EdrEvent, string>();
    fresh.forEach((events, index) => {
      const prepared = queued[index].texts;
      if (prepared) {
        for (const event of events) {
          const text = prepared.get(event);
          if (text !== undefined) texts.set(event, finalText(text, event));
        }
      }
    });
    await store.commit({ ...mergeCommits(fresh, correlations), links: storedEventLinks(alerts, correlations, arriving), texts });
    announce(correlations, at);
    return correlations.map(({ createdIncidents, updatedIncidents }, index) => ({
      accepted: fresh[index].length,
      duplicates: batches[index].length - fresh[index].length,
      incidents: {
        created: createdIncidents.map((incident) => incident.uuid),
        updated: updatedIncidents.map((incident) => incident.uuid),
      },
    }));
  }

  /** Alerts about events stored by earlier batches (the events behind a correlation hit): links for them. */
  function storedEventLinks(alerts: Alert[][], correlations: Correlation[], arriving: ReadonlySet<string>): EventLink[] {
    return alerts.flatMap((batchAlerts, index) => batchAlerts
      .filter((alert) => !arriving.has(alert.event_uuid))
      .map((alert) => ({ event_uuid: alert.event_uuid, incident: correlations[index].assignments.get(alert.event_uuid)!, device_time: alert.event_time }))
      .filter((link) => link.incident !== undefined));
  }

  function announce(correlations: Correlation[], at: string): void {
    const feed = options.incidentFeed;
    if (!feed) return;
    const created = new Set(correlations.flatMap(({ createdIncidents }) => createdIncidents.map((incident) => incident.uuid)));
    for (const uuid of created) feed.publish({ kind: 'created', uuid, at });
    const updated = new Set(correlations.flatMap(({ updatedIncidents }) => updatedIncidents.map((incident) => incident.uuid)));
    for (const uuid of updated) if (!created.has(uuid)) feed.publish({ kind: 'updated', uuid, at });
  }

  /**
   * Every waiting batch in one transaction; if that fails, each alone, so that a failing batch
   * fails only its own sender. Retries and resends reuse the detection of their events (detections.ts).
   */
  async function writeWaiting(batches: QueuedBatch[]): Promise<PromiseSettledResult<Written>[]> {
    const outcomes = await writeEach(batches);
    detections.settled(batches.filter((_, index) => outcomes[index].status === 'fulfilled').map((batch) => batch.events));
    return outcomes;
  }

  async function writeEach(batches: QueuedBatch[]): Promise<PromiseSettledResult<Written>[]> {
    try {
      return (await writeGroup(batches)).map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      if (batches.length === 1) return [refused(batches[0], error)];
      const outcomes: PromiseSettledResult<Written>[] = [];
      for (const batch of batches) {
        try {
          outcomes.push({ status: 'fulfilled', value: (await writeGroup([batch]))[0] });
        } catch (reason) {
          outcomes.push(refused(batch, reason));
        }
      }
      return outcomes;
    }
  }

  const queue = new WriteQueue(options.maxQueuedEvents, writeWaiting);

  return {
    async ingest(records, rejectedUpfront = [], normalizeOptions = {}) {
      const rejected = [...rejectedUpfront];
      const events = normalizeAll(records, now().toISOString(), rejected, normalizeOptions);
      rejected.sort((a, b) => a.index - b.index);
      if (events.length === 0) return { accepted: 0, duplicates: 0, rejected, incidents: { created: [], updated: [] } };
      return { ...(await queue.add({ events }, events.length)), rejected };
    },
    async ingestPrepared(prepared) {
      if (prepared.length === 0) return { accepted: 0, duplicates: 0, rejected: [], incidents: { created: [], updated: [] } };
      const events = prepared.map(({ event }) => event);
      const texts = new Map<EdrEvent, string>();
      for (const { event, text } of prepared) if (text !== undefined) texts.set(event, text);
      return { ...(await queue.add({ events, texts }, events.length)), rejected: [] };
    },
    drain: () => queue.drain(),
    get queuedEvents() {
      return queue.pending;
    },
  };
}
