// Bounds on one event, checked before anything walks it recursively (hashing, storing).
import type { JsonObject } from './json-object.ts';

const MAX_DEPTH = 32;
const MAX_FIELDS = 10_000;

/** Why the event is too large, or undefined. Stops at the first excess, so it is cheap on hostile input. */
export function sizeLimitViolation(event: JsonObject): string | undefined {
  const budget = { fields: MAX_FIELDS };
  return exceeds(event, 1, budget);
}

function exceeds(value: object, depth: number, budget: { fields: number }): string | undefined {
  if (depth > MAX_DEPTH) return `the event is nested deeper than ${MAX_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const violation = typeof item === 'object' && item !== null ? exceeds(item, depth + 1, budget) : undefined;
      if (violation) return violation;
    }
    return undefined;
  }
  for (const key in value) {
    if (--budget.fields < 0) return `the event has more than ${MAX_FIELDS} fields (counting those of sub-objects)`;
    const item = (value as JsonObject)[key];
    // Primitives are checked inline: most fields are, and a call per field is the walk's main cost.
    const violation = typeof item === 'object' && item !== null ? exceeds(item, depth + 1, budget) : undefined;
    if (violation) return violation;
  }
  return undefined;
}
