// How the console writes times, counts and coded values. Times are UTC everywhere, as the EDR's
// detail view writes them, so that analysts in different time zones read the same values.
import { INCIDENT_STATE, PRIORITY_LEVEL, RESOLUTION, labelOf, renderConsoleTime, type Catalog } from './model.ts';

export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  return Number.isNaN(Date.parse(iso)) ? iso : renderConsoleTime(new Date(iso).toISOString());
}

/** Minutes precision, for tables: "2021-06-08 20:08". */
export function formatShortTime(iso: string | undefined | null): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return iso ?? '—';
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatCount(value: number | undefined): string {
  return value === undefined ? '—' : value.toLocaleString('en-US');
}

/** "1 event", "12 events". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${count === 1 ? noun : `${noun}s`}`;
}

export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (minutes < 90) return `${minutes} min`;
  const hours = ms / 3600_000;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} d`;
}

export function formatAgo(iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  return ms < 45_000 ? 'just now' : `${formatDuration(ms)} ago`;
}

export const priorityLabel = (code: number) => labelOf(PRIORITY_LEVEL, code) ?? String(code);
export const stateLabel = (code: number) => labelOf(INCIDENT_STATE, code) ?? String(code);
export const resolutionLabel = (code: number) => labelOf(RESOLUTION, code) ?? String(code);

/** Codes and labels of a catalog, in code order, for selects and filter chips. */
export function catalogEntries(catalog: Catalog): [number, string][] {
  return [...catalog.labels.entries()].sort(([a], [b]) => a - b);
}

/** A value of a display-view row as text. */
export function displayText(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined || value === '') return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
