// What `vigil ingest` reports at the end: as text for people, as JSON for scripts.
import type { FileRejection, IngestTotals } from './ingest-batches.ts';

function where(rejection: FileRejection): string {
  if (!rejection.origin) return 'batch';
  if (!('line' in rejection.origin)) return `index ${rejection.origin.index}`;
  return rejection.column === undefined ? `line ${rejection.origin.line}` : `line ${rejection.origin.line}, column ${rejection.column}`;
}

/** A rejection in --json output: where in the file (line, and column for a line that is no JSON; index for a JSON array), path and reason. */
export interface RejectionJson { line?: number; column?: number; index?: number; path: string; reason: string }

export function summaryJson(totals: IngestTotals, seconds: number) {
  return {
    sent: totals.sent,
    accepted: totals.accepted,
    duplicates: totals.duplicates,
    rejected: totals.rejected,
    rejections: totals.rejections.map((rejection): RejectionJson => ({ ...rejection.origin, ...(rejection.column === undefined ? {} : { column: rejection.column }), path: rejection.path, reason: rejection.reason })),
    incidents: { created: [...totals.incidentsCreated], updated: [...totals.incidentsUpdated] },
    seconds: Math.round(seconds * 1000) / 1000,
  };
}

export function summaryText(totals: IngestTotals, name: string, seconds: number): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const rate = seconds > 0 ? ` (${count(Math.round(totals.sent / seconds))} events/s)` : '';
  const lines = [
    `Sent ${count(totals.sent)} event${totals.sent === 1 ? '' : 's'} from ${name} in ${seconds.toFixed(1)} s${rate}.`,
    `  accepted    ${count(totals.accepted)}`,
    `  duplicates  ${count(totals.duplicates)}`,
    `  rejected    ${count(totals.rejected)}`,
    `  incidents   ${totals.incidentsCreated.size} created, ${totals.incidentsUpdated.size} updated`,
  ];
  if (totals.rejections.length > 0) {
    const shown = totals.reported < totals.rejected ? `Rejections of the first ${totals.reported} rejected events` : 'Rejections';
    lines.push(`${shown}:`, ...totals.rejections.map((rejection) => `  ${where(rejection)}  ${rejection.path}: ${rejection.reason}`));
  }
  return lines.join('\n') + '\n';
}
