// One group's matches in a window of event time, and the number a correlation type computes over
// them. Every number grows when matches are added (a window that holds keeps holding when it widens),
// which is what lets the engine check only the widest windows around a new match.
import type { JsonRecord } from '../json.ts';
import type { CorrelationType } from './correlation-rule.ts';

/** A match of a referenced rule (or a hit of a referenced correlation), as one group keeps it. */
export interface WindowEntry {
  /** When it happened, epoch ms (a referenced correlation's hit: its last event). */
  readonly time: number;
  readonly firstTime: number;
  /** Arrival order, which orders matches of the same time. */
  readonly seq: number;
  /** Which entry of the correlation's `rules` it matched. */
  readonly slot: number;
  /** value_count: the counted value (the combination of the counted fields). */
  readonly value: string | undefined;
  readonly events: readonly JsonRecord[];
  /** How many events are behind it (a referenced correlation's hit may carry fewer than it had). */
  readonly eventCount: number;
}

/** Entries in time order, then arrival order. */
export function comesBefore(a: WindowEntry, b: WindowEntry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export function windowValue(type: CorrelationType, window: readonly WindowEntry[]): number {
  switch (type) {
    case 'event_count':
      return window.length;
    case 'value_count':
      return new Set(window.map((entry) => entry.value)).size;
    case 'temporal':
      return new Set(window.map((entry) => entry.slot)).size;
    case 'temporal_ordered':
      return longestOrderedRun(window);
  }
}

/**
 * How many of the rules matched in their listed order: the longest strictly increasing run of slots
 * in time order (patience sorting: `tails[k]` is the smallest last slot of a run of length k + 1).
 */
function longestOrderedRun(window: readonly WindowEntry[]): number {
  const tails: number[] = [];
  for (const { slot } of window) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (tails[middle] < slot) low = middle + 1;
      else high = middle;
    }
    tails[low] = slot;
  }
  return tails.length;
}

/**
 * The events behind a window, at most `limit`, in time order: when there are more, the latest event
 * of each referenced rule is kept (so a temporal hit shows every step), then the latest others.
 */
export function eventsBehind(window: readonly WindowEntry[], limit: number): JsonRecord[] {
  const all = window.flatMap((entry) => entry.events.map((event) => ({ event, slot: entry.slot })));
  if (all.length <= limit) return all.map(({ event }) => event);
  const kept = new Set<number>();
  const slots = new Set<number>();
  for (let index = all.length - 1; index >= 0 && kept.size < limit; index--) {
    if (!slots.has(all[index].slot)) {
      slots.add(all[index].slot);
      kept.add(index);
    }
  }
  for (let index = all.length - 1; index >= 0 && kept.size < limit; index--) kept.add(index);
  return all.filter((_, index) => kept.has(index)).map(({ event }) => event);
}
