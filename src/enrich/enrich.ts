// The enrich stage. It runs on every ingested event, so it only does constant-time work and
// changes the events in place (the pipeline owns them at this point).
import type { EdrEvent } from '../model/index.ts';
import { severityIdFromSep } from './severity.ts';

export function enrich(events: EdrEvent[]): EdrEvent[] {
  for (const event of events) {
    // What the source sent wins: a derived severity_id never replaces one that came with the event.
    if (event.severity_id == null && typeof event.severity === 'number') {
      const derived = severityIdFromSep(event.severity);
      if (derived !== undefined) event.severity_id = derived;
    }
  }
  return events;
}
