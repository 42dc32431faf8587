// Evaluates a query against records in memory (detection rules, live filters, tests). Gives the
// same answers as the SQL from sql.ts over the same records: the rules live in values.ts.
import type { QueryNode } from './ast.ts';
import type { Bound, Condition, ValueTest } from './condition.ts';
import type { QuerySchema } from './fields.ts';
import { ipInNetwork } from './ip.ts';
import { patternMatcher } from './pattern.ts';
import { resolveQuery } from './resolve.ts';
import { isoOf } from './time-values.ts';
import { asciiLower, compareText, likeSubject, numberOf } from './values.ts';

export type RecordMatcher = (record: Readonly<Record<string, unknown>>) => boolean;
type ValueMatcher = (value: unknown) => boolean;

/** Resolves the query once; the matcher it returns is then cheap to call per record. */
export function compileMatcher(ast: QueryNode, schema: QuerySchema, now: Date): RecordMatcher {
  return conditionMatcher(resolveQuery(ast, schema, now));
}

export function matches(ast: QueryNode, record: Readonly<Record<string, unknown>>, schema: QuerySchema, now: Date): boolean {
  return compileMatcher(ast, schema, now)(record);
}

function conditionMatcher(condition: Condition): RecordMatcher {
  switch (condition.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const children = condition.children.map(conditionMatcher);
      return (record) => children.every((child) => child(record));
    }
    case 'or': {
      const children = condition.children.map(conditionMatcher);
      return (record) => children.some((child) => child(record));
    }
    case 'not': {
      const child = conditionMatcher(condition.child);
      return (record) => !child(record);
    }
    case 'exists': {
      const path = condition.field.split('.');
      return (record) => valuesAt(record, path).some((value) => value !== null && value !== undefined);
    }
    case 'test': {
      const path = condition.field.split('.');
      const test = valueMatcher(condition.test);
      // Objects and arrays reached are not compared, as in SQL.
      return (record) => valuesAt(record, path).some((value) => !isObject(value) && test(value));
    }
  }
}

/**
 * The values a dotted path reaches (docs/QUERY.md, Arrays): each key steps into the objects
 * reached so far, and a value that is an array stands for its elements. Elements that are arrays
 * are not stepped into.
 */
function valuesAt(record: unknown, path: readonly string[]): unknown[] {
  let values: unknown[] = [record];
  for (const key of path) {
    values = values.flatMap((value) => {
      if (!isObject(value) || Array.isArray(value) || !Object.hasOwn(value, key)) return [];
      const next = (value as Record<string, unknown>)[key];
      return Array.isArray(next) ? next : [next];
    });
  }
  return values;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function valueMatcher(test: ValueTest): ValueMatcher {
  switch (test.kind) {
    case 'equals': {
      const number = numberOf(test.text);
      if (number !== undefined) return (value) => value === number || value === test.text;
      const lower = asciiLower(test.text);
      return (value) => (typeof value === 'string' && asciiLower(value) === lower) || (typeof value === 'boolean' && String(value) === lower);
    }
    case 'like': {
      const matches = patternMatcher(test.pattern);
      return (value) => (typeof value === 'string' || Number.isSafeInteger(value)) && matches(asciiLower(likeSubject(String(value))));
    }
    case 'codes':
      return (value) => typeof value === 'number' && test.codes.includes(value);
    case 'numberRange':
      return (value) => typeof value === 'number' && within(value, test.lower, test.upper, (a, b) => a - b);
    case 'textRange': {
      const lower = test.lower && { ...test.lower, value: asciiLower(test.lower.value) };
      const upper = test.upper && { ...test.upper, value: asciiLower(test.upper.value) };
      return (value) => typeof value === 'string' && within(asciiLower(value), lower, upper, compareText);
    }
    case 'timeRange': {
      // Stored times are ISO-8601 UTC text, whose order is time order.
      const from = test.from === undefined ? undefined : isoOf(test.from);
      const to = test.to === undefined ? undefined : isoOf(test.to);
      return (value) => typeof value === 'string' && (from === undefined || value >= from) && (to === undefined || value < to);
    }
    case 'cidr':
      return (value) => typeof value === 'string' && ipInNetwork(value, test.network);
  }
}

function within<T>(value: T, lower: Bound<T> | undefined, upper: Bound<T> | undefined, compare: (a: T, b: T) => number): boolean {
  if (lower && (lower.inclusive ? compare(value, lower.value) < 0 : compare(value, lower.value) <= 0)) return false;
  if (upper && (upper.inclusive ? compare(value, upper.value) > 0 : compare(value, upper.value) >= 0)) return false;
  return true;
}
