// Pieces shared by the list queries: validated time bounds, paging and WHERE assembly. Values
// always travel as bound parameters; only fixed SQL text is concatenated.
import { parseTime } from '../../model/index.ts';
import type { Page, SortOrder } from '../store.ts';

export type SqlParam = string | number | null;

export interface Conditions {
  sql: string[];
  params: SqlParam[];
}

export function where(conditions: Conditions): string {
  return conditions.sql.length === 0 ? '' : `WHERE ${conditions.sql.join(' AND ')}`;
}

/**
 * A filter time in the stored ISO form, UTC with milliseconds, so that text comparison is time
 * comparison ("…:00Z" would sort after "…:00.000Z").
 */
export function timeBound(value: string, name: string): string {
  const parsed = parseTime(value);
  if (!parsed.ok) throw new Error(`filter "${name}": ${parsed.reason}`);
  return parsed.iso;
}

/** A filter's inclusive time range, each bound checked and stored as `encode` makes it. */
export function timeRange<T extends SqlParam>(from: string | undefined, to: string | undefined, encode: (iso: string) => T): { from?: T; to?: T } {
  return {
    from: from === undefined ? undefined : encode(timeBound(from, 'from')),
    to: to === undefined ? undefined : encode(timeBound(to, 'to')),
  };
}

/** Adds an inclusive range on `column`; an absent bound is open. */
export function addRange<T extends SqlParam>(conditions: Conditions, column: string, range: { from?: T; to?: T }): void {
  if (range.from !== undefined) {
    conditions.sql.push(`${column} >= ?`);
    conditions.params.push(range.from);
  }
  if (range.to !== undefined) {
    conditions.sql.push(`${column} <= ?`);
    conditions.params.push(range.to);
  }
}

export function sqlOrder(order: SortOrder | undefined, fallback: SortOrder): 'ASC' | 'DESC' {
  const chosen = order ?? fallback;
  if (chosen !== 'asc' && chosen !== 'desc') throw new Error(`sort order must be "asc" or "desc", got "${String(chosen)}"`);
  return chosen === 'asc' ? 'ASC' : 'DESC';
}

/** LIMIT ? OFFSET ? parameters, after checking the page is sane. */
export function pageParams(page: Page): [number, number] {
  for (const [name, value] of Object.entries({ offset: page.offset, limit: page.limit })) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`page ${name} must be a non-negative integer, got ${String(value)}`);
  }
  return [page.limit, page.offset];
}
