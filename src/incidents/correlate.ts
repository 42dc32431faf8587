// Turns a batch of alerts into incident changes. An alert joins the open incident with its
// grouping key while its event falls within the window around that incident's events;
// otherwise it opens a new incident. Pure: the caller loads the open incidents and stores the result.
import type { Alert, Incident } from '../model/index.ts';
import type { EndpointHit } from '../store/index.ts';
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

/** `open`: the most recent non-closed incident per grouping key, as stored; it is not modified. */
export function correlate(alerts: Alert[], open: Map<string, Incident>, { windowMs, now }: CorrelateOptions): Correlation {
  const createdIncidents: Incident[] = [];
  const updatedIncidents: Incident[] = [];
  /** Per grouping key, the incident that alerts join next: the newest one this batch touched. */
  const working = new Map<string, WorkingIncident>();
  const hits = new EndpointHitTally();
  const assignments = new Map<string, string>();

  function candidateFor(key: string): WorkingIncident | undefined {
    const touched = working.get(key);
    if (touched) return touched;
    const stored = open.get(key);
    return stored && WorkingIncident.resume(stored);
  }

  // In time order, so that the window is measured against earlier events, not later ones.
  for (const alert of [...alerts].sort(byEventTime)) {
    const timeMs = Date.parse(alert.event_time);
    const candidate = candidateFor(alert.grouping_key);
    let target: WorkingIncident;
    if (candidate?.accepts(timeMs, windowMs)) {
      target = candidate;
      target.add(alert, timeMs, now);
      if (!working.has(alert.grouping_key)) updatedIncidents.push(target.incident);
    } else {
      target = WorkingIncident.open(alert, now);
      createdIncidents.push(target.incident);
    }
    working.set(alert.grouping_key, target);
    const { uuid } = target.incident;
    hits.add(uuid, alert);
    // An event links to one incident; should two rules fire on it, the first keeps it.
    if (!assignments.has(alert.event_uuid)) assignments.set(alert.event_uuid, uuid);
  }
  return { createdIncidents, updatedIncidents, endpointHits: hits.list(), assignments };
}
