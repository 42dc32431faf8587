// Small helpers for turning rows into model objects and windows into bound parameters.
import type { TimeWindow } from '../store.ts';

/** A window's bounds for `<time column> BETWEEN ? AND ?`: '' sorts before and '~' after every ISO time. */
export function windowBounds(window: TimeWindow = {}): [string, string] {
  return [window.from ?? '', window.to ?? '~'];
}

/** A row without its NULL columns, as the model has optional fields rather than nulls. */
export function withoutNulls<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as T;
}
