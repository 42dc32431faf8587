// "All time" for the charts: from the oldest to the newest stored event matching a query (the
// count routes need explicit bounds, and a chart over the data's own span shows its shape).
import { api } from './api.ts';
import { boundsOf, type RangeSelection } from './time-range.ts';

export async function chartSpan(query: string, selection: RangeSelection, signal: AbortSignal): Promise<{ from: string; to: string } | undefined> {
  const bounds = boundsOf(selection);
  if (bounds.from && bounds.to) return { from: bounds.from, to: bounds.to };
  const edge = async (order: 'asc' | 'desc') => {
    const page = await api.rawEvents({ q: query, ...bounds, order, limit: 1 }, signal);
    return page.result[0]?.device_time as string | undefined;
  };
  const [oldest, newest] = await Promise.all([bounds.from ?? edge('asc'), bounds.to ?? edge('desc')]);
  if (!oldest || !newest) return undefined;
  // The newest event is inside the span, whatever the bucket rounding.
  return { from: oldest, to: new Date(Date.parse(newest) + 1000).toISOString() };
}
