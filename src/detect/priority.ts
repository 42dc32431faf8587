// Incident priority from an event's severity. Both scales are consulted (detect may run on events
// that enrich did not see), and the more serious reading wins.
import { severityIdFromSep } from '../enrich/index.ts';
import type { EdrEvent } from '../model/index.ts';

export const PRIORITY = { LOW: 1, MEDIUM: 2, HIGH: 3 } as const;

const CRITICAL = 5;
const MAJOR = 4;

export function priorityFromSeverity(event: EdrEvent): number {
  const fromSep = typeof event.severity === 'number' ? severityIdFromSep(event.severity) ?? 0 : 0;
  const severityId = Math.max(event.severity_id ?? 0, fromSep);
  if (severityId >= CRITICAL) return PRIORITY.HIGH;
  if (severityId === MAJOR) return PRIORITY.MEDIUM;
  return PRIORITY.LOW;
}
