// What detection raised on a group's events, kept while the group is being written. When the
// group's commit fails, its batches are retried one by one; a retry takes each event's alerts from
// here instead of running the detector again, because the detector's stateful rules (Sigma
// correlations) would then count the same events twice and could fire on them.
import { DETECTION_EVENT_FIELDS, type Alert, type EdrEvent } from '../model/index.ts';
import type { Detector } from '../detect/index.ts';

type DetectionField = (typeof DETECTION_EVENT_FIELDS)[number];

interface Detected {
  /** The event object detection ran on. */
  event: EdrEvent;
  /** What detection set on it (kept apart: a refused batch's events lose them). */
  fields: Partial<Pick<EdrEvent, DetectionField>>;
  /** The alerts about this event, whichever batch's detection raised them. */
  alerts: Alert[];
}

export class Detections {
  private readonly byUuid = new Map<string, Detected>();
  /** Alerts about events outside the group (stored earlier, behind a correlation hit), by the batch whose detection raised them. */
  private readonly aboutStored = new Map<readonly EdrEvent[], Alert[]>();

  /**
   * The alerts of a batch's fresh events (`batch`: the batch as queued, which identifies it across
   * attempts). Events not seen before go through the detector; the others get the alerts recorded
   * for them, and their Sigma matches when the batch holds another copy of the event (a uuid that
   * an earlier batch of the failed group also sent).
   */
  detect(batch: readonly EdrEvent[], fresh: EdrEvent[], detector: Detector): Alert[] {
    const unseen = fresh.filter((event) => !this.byUuid.has(event.event_uuid));
    const firstAttempt = unseen.length === fresh.length && !this.aboutStored.has(batch);
    const raised = unseen.length > 0 ? detector(unseen) : [];
    this.record(batch, unseen, raised);
    if (firstAttempt) return raised;
    const alerts: Alert[] = [];
    for (const event of fresh) {
      const detected = this.byUuid.get(event.event_uuid)!;
      if (detected.event !== event) setDetectionFields(event, detected.fields);
      alerts.push(...detected.alerts);
    }
    alerts.push(...this.aboutStored.get(batch) ?? []);
    return alerts;
  }

  private record(batch: readonly EdrEvent[], events: EdrEvent[], alerts: Alert[]): void {
    for (const event of events) {
      const fields: Detected['fields'] = {};
      for (const field of DETECTION_EVENT_FIELDS) if (event[field] !== undefined) fields[field] = event[field] as never;
      this.byUuid.set(event.event_uuid, { event, fields, alerts: [] });
    }
    for (const alert of alerts) {
      const detected = this.byUuid.get(alert.event_uuid);
      if (detected) detected.alerts.push(alert);
      else {
        const stored = this.aboutStored.get(batch);
        if (stored) stored.push(alert);
        else this.aboutStored.set(batch, [alert]);
      }
    }
  }
}

function setDetectionFields(event: EdrEvent, fields: Detected['fields']): void {
  for (const field of DETECTION_EVENT_FIELDS) {
    if (fields[field] === undefined) delete event[field];
    else event[field] = fields[field] as never;
  }
}
