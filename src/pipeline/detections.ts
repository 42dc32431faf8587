// What detection raised on events that are not stored yet. The detector's stateful rules (Sigma
// correlations) must see each event once, but an event can go through the pipeline again without
// having been stored: its group's commit failed and its batch is retried alone, or its batch was
// refused and the sender sends it again. Such an event gets the alerts and Sigma matches recorded
// for it here (by event_uuid) instead of running the rules again, which would count it twice and
// could make a correlation fire on one event resent three times.
//
// Nothing is indexed while commits succeed: a group's detections are only remembered as they came
// (`pending`), and indexed by event when its commit fails.
import { DETECTION_EVENT_FIELDS, type Alert, type EdrEvent } from '../model/index.ts';
import type { Detector } from '../detect/index.ts';

/** Refused events whose detection is kept for a resend, at most (the oldest are forgotten first). */
export const REFUSED_EVENTS_KEPT = 50_000;

type DetectionField = (typeof DETECTION_EVENT_FIELDS)[number];

interface Detected {
  /** What detection set on the event (kept apart: a refused batch's events lose them). */
  fields: Partial<Pick<EdrEvent, DetectionField>>;
  /** The alerts to raise with this event, whichever batch's detection raised them. */
  alerts: Alert[];
}

export class Detections {
  /** By event_uuid, oldest first: the events of failed commits that are not stored yet. */
  private readonly byUuid = new Map<string, Detected>();
  /** The detector's runs of the group being written. */
  private pending: { events: EdrEvent[]; alerts: Alert[] }[] = [];

  constructor(private readonly limit = REFUSED_EVENTS_KEPT) {}

  /** The alerts of a batch's fresh events: events not seen before go through the detector, the others get what was recorded for them. */
  detect(fresh: EdrEvent[], detector: Detector): Alert[] {
    const unseen = this.byUuid.size === 0 ? fresh : fresh.filter((event) => !this.byUuid.has(event.event_uuid));
    const raised = unseen.length > 0 ? detector(unseen) : [];
    this.pending.push({ events: unseen, alerts: raised });
    if (unseen.length === fresh.length) return raised;
    this.indexPending();
    const alerts: Alert[] = [];
    const detectedNow = new Set(unseen);
    for (const event of fresh) {
      const detected = this.byUuid.get(event.event_uuid)!;
      if (!detectedNow.has(event)) setDetectionFields(event, detected.fields);
      alerts.push(...detected.alerts);
    }
    return alerts;
  }

  /** The group's write failed: what was detected for its events is kept for their next attempt. */
  attemptFailed(): void {
    this.indexPending();
  }

  /** The group is settled: `stored`, the batches that were committed (their events stored, or found stored), need nothing more from here. */
  settled(stored: readonly (readonly EdrEvent[])[]): void {
    this.pending = [];
    if (this.byUuid.size === 0) return;
    for (const events of stored) for (const event of events) this.byUuid.delete(event.event_uuid);
    for (const uuid of this.byUuid.keys()) {
      if (this.byUuid.size <= this.limit) break;
      this.byUuid.delete(uuid);
    }
  }

  private indexPending(): void {
    for (const { events, alerts } of this.pending) {
      for (const event of events) {
        const fields: Detected['fields'] = {};
        for (const field of DETECTION_EVENT_FIELDS) if (event[field] !== undefined) fields[field] = event[field] as never;
        this.byUuid.set(event.event_uuid, { fields, alerts: [] });
      }
      // An alert stays with the run that raised it: with its own event when that is in the run,
      // else with a carrier (an event of an earlier run may already have given its alerts).
      const inRun = new Set(events.map((event) => event.event_uuid));
      let carrierOf: ((groupingKey: string) => Detected | undefined) | undefined;
      for (const alert of alerts) {
        if (inRun.has(alert.event_uuid)) this.byUuid.get(alert.event_uuid)!.alerts.push(alert);
        else (carrierOf ??= this.carriers(inRun, events, alerts))(alert.grouping_key)?.alerts.push(alert);
      }
    }
    this.pending = [];
  }

  /**
   * Where an alert about an event outside the run (stored earlier, or of another batch, behind a
   * correlation hit) is kept, by its grouping key: with an event of the run that the same hit
   * names, else with the run's last event.
   */
  private carriers(inRun: ReadonlySet<string>, events: EdrEvent[], alerts: Alert[]): (groupingKey: string) => Detected | undefined {
    const byKey = new Map<string, Detected>();
    for (const alert of alerts) if (inRun.has(alert.event_uuid) && !byKey.has(alert.grouping_key)) byKey.set(alert.grouping_key, this.byUuid.get(alert.event_uuid)!);
    const last = this.byUuid.get(events.at(-1)?.event_uuid ?? '');
    return (groupingKey) => byKey.get(groupingKey) ?? last;
  }
}

function setDetectionFields(event: EdrEvent, fields: Detected['fields']): void {
  for (const field of DETECTION_EVENT_FIELDS) {
    if (fields[field] === undefined) delete event[field];
    else event[field] = fields[field] as never;
  }
}
