// Cutting a time window into buckets a chart can label: a round interval (1 s, 5 min, 1 h, 1 day…)
// chosen so that the window needs at most about the wanted number, each bucket starting at a
// multiple of the interval since the epoch (UTC).
import type { TimeBucket } from '../summaries.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ROUND_INTERVALS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY,
];

/** `count` buckets of `intervalMs`, the first starting at firstSlot × intervalMs. */
export interface BucketPlan {
  intervalMs: number;
  firstSlot: number;
  count: number;
}

/** At most `wanted` + 1 buckets covering fromMs…toMs (both included). */
export function planBuckets(fromMs: number, toMs: number, wanted: number): BucketPlan {
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`the number of buckets must be a whole number of at least 1, got ${wanted}`);
  if (!(fromMs <= toMs)) throw new Error(`a time window must not end (${toMs}) before it starts (${fromMs})`);
  const rough = Math.ceil((toMs - fromMs + 1) / wanted);
  const intervalMs = ROUND_INTERVALS.find((interval) => interval >= rough) ?? Math.ceil(rough / DAY) * DAY;
  const firstSlot = Math.floor(fromMs / intervalMs);
  return { intervalMs, firstSlot, count: Math.floor(toMs / intervalMs) - firstSlot + 1 };
}

/** The plan's start and end (inclusive) in epoch ms for bucket `index`. */
export function bucketRange(plan: BucketPlan, index: number): { startMs: number; endMs: number } {
  const startMs = (plan.firstSlot + index) * plan.intervalMs;
  return { startMs, endMs: startMs + plan.intervalMs - 1 };
}

/** Every bucket of the plan with its count from `countOf(index)` (0 when absent). */
export function bucketsOf(plan: BucketPlan, countOf: (index: number) => number | undefined): TimeBucket[] {
  return Array.from({ length: plan.count }, (_, index) => ({
    start: new Date(bucketRange(plan, index).startMs).toISOString(),
    count: countOf(index) ?? 0,
  }));
}

/**
 * The SQL of a time column's bucket index under the plan (rows before its first bucket excluded
 * by the caller), with its two bound parameters. Bound numbers are REALs to SQLite: the CASTs keep
 * the division whole.
 */
export function bucketIndexSql(column: string, plan: BucketPlan): { sql: string; params: [number, number] } {
  return { sql: `(${column} - CAST(? AS INTEGER)) / CAST(? AS INTEGER)`, params: [bucketRange(plan, 0).startMs, plan.intervalMs] };
}
