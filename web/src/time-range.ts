// The time range a page shows, kept in the URL: `range=24h` (a preset) or `from`/`to` (ISO).
// Bounds are computed when a page loads, so "last 24 hours" always means up to now.
import type { Location } from './router.tsx';

export const RANGE_PRESETS = [
  { key: '1h', label: 'Last hour', ms: 3600_000 },
  { key: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { key: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { key: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  { key: '90d', label: 'Last 90 days', ms: 90 * 24 * 3600_000 },
  { key: '1y', label: 'Last year', ms: 365 * 24 * 3600_000 },
  { key: 'all', label: 'All time', ms: undefined },
] as const;

export interface RangeSelection { range: string; from?: string; to?: string }

export function rangeOf(location: Location, fallback: string): RangeSelection {
  const from = location.params.get('from') ?? undefined;
  const to = location.params.get('to') ?? undefined;
  if (from || to) return { range: 'custom', from, to };
  const range = location.params.get('range') ?? fallback;
  return { range: RANGE_PRESETS.some((preset) => preset.key === range) ? range : fallback };
}

/** A stable text for effect dependencies. */
export const rangeKey = (selection: RangeSelection) => `${selection.range}|${selection.from ?? ''}|${selection.to ?? ''}`;

/** ISO bounds; undefined where the range is open. */
export function boundsOf(selection: RangeSelection, now = Date.now()): { from?: string; to?: string } {
  if (selection.range === 'custom') return { from: selection.from, to: selection.to };
  const preset = RANGE_PRESETS.find((candidate) => candidate.key === selection.range);
  if (!preset?.ms) return {};
  return { from: new Date(now - preset.ms).toISOString(), to: new Date(now).toISOString() };
}

export function rangeLabel(selection: RangeSelection): string {
  if (selection.range === 'custom') return `${selection.from ?? 'the beginning'} to ${selection.to ?? 'now'}`;
  return RANGE_PRESETS.find((preset) => preset.key === selection.range)?.label ?? selection.range;
}
