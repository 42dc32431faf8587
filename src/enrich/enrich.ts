// The enrich stage. It runs on every ingested event, so it only does constant-time work and
// changes the event in place (the pipeline owns it at this point).
import type { EdrEvent } from '../model/index.ts';
import { severityIdFromSep } from './severity.ts';

export function enrichEvent(event: EdrEvent): EdrEvent {
  // What the source sent wins: a derived severity_id never replaces one that came with the event.
  if (event.severity_id == null && typeof event.severity === 'number') {
    const derived = severityIdFromSep(event.severity);
    if (derived !== undefined) event.severity_id = derived;
  }
  return event;
}
