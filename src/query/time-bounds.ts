// The time range a query itself confines a field to, read from the ranges its top-level AND
// terms put on that field. A store ANDs it into the range it seeks in a time index, so that
// `… AND device_time:[a TO b]` reads only that range rather than the whole request window.
import type { QueryNode } from './ast.ts';
import type { Condition } from './condition.ts';
import type { QuerySchema } from './fields.ts';
import { resolveQuery } from './resolve.ts';

/** Epoch milliseconds [from, to); an absent end is open. */
export interface TimeBounds {
  from?: number;
  to?: number;
}

/** Every record the query selects has a value of `field` within the bounds returned. */
export function queryTimeBounds(ast: QueryNode, schema: QuerySchema, field: string, now: Date): TimeBounds {
  return boundsOf(resolveQuery(ast, schema, now), field);
}

function boundsOf(condition: Condition, field: string): TimeBounds {
  if (condition.kind === 'test' && condition.field === field && condition.test.kind === 'timeRange') {
    return { from: condition.test.from, to: condition.test.to };
  }
  // An OR or a NOT leaves the field unbounded; an AND holds each of its terms' bounds.
  if (condition.kind !== 'and') return {};
  return condition.children.map((child) => boundsOf(child, field)).reduce(intersectBounds, {});
}

/** The bounds both allow (whether the ends are included is the caller's convention). */
export function intersectBounds(a: TimeBounds, b: TimeBounds): TimeBounds {
  return { from: tighter(a.from, b.from, Math.max), to: tighter(a.to, b.to, Math.min) };
}

function tighter(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number): number | undefined {
  return a === undefined ? b : b === undefined ? a : pick(a, b);
}
