// Turns a batch of alerts into incident changes. An alert joins an open incident with its
// grouping key whose window (around that incident's events) takes the alert's event time;
// otherwise it opens a new incident. Pure: the caller loads the open incidents and stores the result.
import { EARLIEST_TIME_MS, LATEST_TIME_MS, type Alert, type Incident } from '../model/index.ts';
import type { EndpointHit, TimeWindow } from '../store/index.ts';
import { EndpointHitTally } from './endpoint-hits.ts';
import { WorkingIncident } from './working-incident.ts';

export interface CorrelateOptions {
  /** How long after its last event (and before its first) an incident still absorbs alerts. */
  windowMs: number;
  /** The batch's processing time, ISO-8601: creation and update time of the incidents. */
  now: string;
}

export interface Correlation {
  createdIncidents: Incident[];
  /** Whole replacements of stored incidents; none of them is also in createdIncidents. */
  updatedIncidents: Incident[];
  endpointHits: EndpointHit[];
  /** event_uuid → uuid of the incident the event belongs to. */
  assignments: Map<string, string>;
}

function byEventTime(a: Alert, b: Alert): number {
  return a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : 0;
}


/** The span in which stored incidents' events must lie for their window to take any of `alerts` (non-empty). */
export function incidentReach(alerts: readonly Alert[], windowMs: number): Required<TimeWindow> {
  let first = Infinity;
  let last = -Infinity;
  for (const alert of alerts) {
    const timeMs = Date.parse(alert.event_time);
    if (timeMs < first) first = timeMs;
    if (timeMs > last) last = timeMs;
  }
  return { from: new Date(Math.max(first - windowMs, EARLIEST_TIME_MS)).toISOString(), to: new Date(Math.min(last + windowMs, LATEST_TIME_MS)).toISOString() };
}

/**
 * Of the incidents whose window takes an event at `timeMs`, the one whose events lie nearest it
 * (the later one on a tie), so that a late event joins the incident of its own time rather than
 * opening a new one beside it.
 */
function nearestAccepting(incidents: readonly WorkingIncident[], timeMs: number, windowMs: number): WorkingIncident | undefined {
  let best: WorkingIncident | undefined;
  let bestDistance = Infinity;
  for (const incident of incidents) {
    if (!incident.accepts(timeMs, windowMs)) continue;
    const distance = incident.distanceMs(timeMs);
    if (distance < bestDistance || (distance === bestDistance && incident.lastEventMs > best!.lastEventMs)) {
      best = incident;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * `open`: per grouping key, the non-closed incidents as stored whose window may take the alerts
 * (Store.openIncidentsByKey); they are not modified.
 */
export function correlate(alerts: Alert[], open: Map<string, Incident[]>, { windowMs, now }: CorrelateOptions): Correlation {
  const createdIncidents: Incident[] = [];
  const updatedIncidents: Incident[] = [];
  /** Per grouping key, the incidents alerts may join: the stored ones (resumed) and those this batch opened. */
  const candidates = new Map<string, WorkingIncident[]>();
  const touched = new Set<WorkingIncident>();
  const hits = new EndpointHitTally();
  const assignments = new Map<string, string>();

  function candidatesFor(key: string): WorkingIncident[] {
    let incidents = candidates.get(key);
    if (!incidents) {
      incidents = (open.get(key) ?? []).map((stored) => WorkingIncident.resume(stored));
      candidates.set(key, incidents);
    }
    return incidents;
  }

  // In time order, so that the window is measured against earlier events, not later ones.
  for (const alert of [...alerts].sort(byEventTime)) {
    const timeMs = Date.parse(alert.event_time);
    const incidents = candidatesFor(alert.grouping_key);
    let target = nearestAccepting(incidents, timeMs, windowMs);
    if (target) {
      target.add(alert, timeMs, now);
      if (!touched.has(target)) updatedIncidents.push(target.incident);
    } else {
      target = WorkingIncident.open(alert, now);
      incidents.push(target);
      createdIncidents.push(target.incident);
    }
    touched.add(target);
    const { uuid } = target.incident;
    hits.add(uuid, alert);
    // An event links to one incident; should two rules fire on it, the first keeps it.
    if (!assignments.has(alert.event_uuid)) assignments.set(alert.event_uuid, uuid);
  }
  return { createdIncidents, updatedIncidents, endpointHits: hits.list(), assignments };
}
