// Compiled parts of a detection — a test plus the literals it needs (for the prefilter) — and the AND
// and OR that combine them, used alike for value lists, maps, lists of maps and conditions.
import type { FieldView } from './field-view.ts';
import { bothRequirement, eitherRequirement, type Requirement } from './requirement.ts';

export type EventPredicate = (view: FieldView) => boolean;

export interface Compiled {
  readonly test: EventPredicate;
  readonly requirement: Requirement;
}

export function allOf(parts: readonly Compiled[]): Compiled {
  if (parts.length === 1) return parts[0];
  const requirement = bothRequirement(parts.map((part) => part.requirement));
  if (parts.length === 2) {
    const [first, second] = parts.map((part) => part.test);
    return { test: (view) => first(view) && second(view), requirement };
  }
  const tests = parts.map((part) => part.test);
  // Plain loops: every() and some() would allocate a closure per rule per event.
  return {
    test: (view) => {
      for (const test of tests) if (!test(view)) return false;
      return true;
    },
    requirement,
  };
}

export function anyOf(parts: readonly Compiled[]): Compiled {
  if (parts.length === 1) return parts[0];
  const requirement = eitherRequirement(parts.map((part) => part.requirement));
  if (parts.length === 2) {
    const [first, second] = parts.map((part) => part.test);
    return { test: (view) => first(view) || second(view), requirement };
  }
  const tests = parts.map((part) => part.test);
  return {
    test: (view) => {
      for (const test of tests) if (test(view)) return true;
      return false;
    },
    requirement,
  };
}
