// Reads a parsed query against a schema: each value becomes a typed test (condition.ts) or a
// QueryError that points at it. Shared by the evaluator and the SQL compiler, so both read every
// value the same way.
import type { FreeTextNode, QueryNode, RangeBound, TermNode } from './ast.ts';
import type { Bound, Condition, ValueTest } from './condition.ts';
import { enumCodes } from './enum-values.ts';
import { QueryError, quoted } from './errors.ts';
import type { FieldKind, QuerySchema } from './fields.ts';
import { hostNetwork, parseCidr, parseIpAddress } from './ip.ts';
import { containsPattern } from './pattern.ts';
import { timeSpan, type TimeSpan } from './time-values.ts';
import { asciiLower, numberOf } from './values.ts';

export function resolveQuery(ast: QueryNode, schema: QuerySchema, now: Date): Condition {
  const resolve = (node: QueryNode): Condition => {
    switch (node.kind) {
      case 'all':
        return node;
      case 'and':
      case 'or':
        return { kind: node.kind, children: node.children.map(resolve) };
      case 'not':
        return { kind: 'not', child: resolve(node.child) };
      case 'exists':
        return { kind: 'exists', field: node.field };
      case 'freeText':
        return freeText(node, schema);
      case 'term':
        return { kind: 'test', field: node.field, test: termTest(node, schema.kindOf(node.field), now) };
      case 'cidr': {
        const kind = schema.kindOf(node.field);
        if (kind.kind !== 'ip' && kind.kind !== 'text' && kind.kind !== 'unknown') {
          throw mismatch(node.field, kind, node.position, 'CIDR networks apply to IP fields');
        }
        return { kind: 'test', field: node.field, test: { kind: 'cidr', network: node.network } };
      }
      case 'range':
        // [* TO *] asks only for a value, as in Lucene.
        if (!node.lower && !node.upper) return { kind: 'exists', field: node.field };
        return { kind: 'test', field: node.field, test: rangeTest(node.field, node.lower, node.upper, schema.kindOf(node.field), now) };
    }
  };
  return resolve(ast);
}

function freeText(node: FreeTextNode, schema: QuerySchema): Condition {
  const pattern = node.value.kind === 'exact' ? containsPattern(node.value.text) : node.value.pattern;
  return { kind: 'or', children: schema.freeTextFields.map((field) => ({ kind: 'test', field, test: { kind: 'like', pattern } })) };
}

function termTest({ field, value, position }: TermNode, kind: FieldKind, now: Date): ValueTest {
  if (value.kind === 'wildcard') {
    if (kind.kind === 'time' || kind.kind === 'boolean') throw mismatch(field, kind, position, `wildcards do not apply to ${kind.kind} fields`);
    return { kind: 'like', pattern: value.pattern };
  }
  const text = value.text;
  const hint = comparisonHint(field, kind, text, now);
  if (hint) throw mismatch(field, kind, position, hint, text);
  switch (kind.kind) {
    case 'text':
    case 'unknown':
      return { kind: 'equals', text };
    case 'integer':
      if (numberOf(text) === undefined) throw mismatch(field, kind, position, undefined, text);
      return { kind: 'equals', text };
    case 'boolean': {
      const lower = asciiLower(text);
      if (lower !== 'true' && lower !== 'false') throw mismatch(field, kind, position, undefined, text);
      return { kind: 'equals', text: lower };
    }
    case 'enum':
      return { kind: 'codes', codes: codesOf(field, kind, text, position) };
    case 'time': {
      const span = spanOf(field, kind, text, position, now);
      return { kind: 'timeRange', from: span.start, to: span.end };
    }
    case 'ip': {
      const bytes = parseIpAddress(text);
      // An unquoted network is a CIDR term already (parser.ts): this one was quoted.
      if (!bytes) throw mismatch(field, kind, position, parseCidr(text) ? `a quoted value is one address; write a network without quotes: ${field}:${text}` : undefined, text);
      // IPv4 text has one spelling, so plain equality (which an index can serve) is exact; IPv6 has many.
      return bytes.length === 4 ? { kind: 'equals', text } : { kind: 'cidr', network: hostNetwork(bytes) };
    }
  }
}

const COMPARISON = /^([<>]=?)([^=\s].*)$/;

/**
 * For `severity_id:>=4` on a number, code or time field (Elasticsearch's query_string has these;
 * this language, as Symantec EDR's, writes ranges): the range to write, when its bound is a value
 * the field takes.
 */
function comparisonHint(field: string, kind: FieldKind, text: string, now: Date): string | undefined {
  const match = COMPARISON.exec(text);
  if (!match) return undefined;
  const [, operator, bound] = match;
  const valid = kind.kind === 'integer' ? numberOf(bound) !== undefined
    : kind.kind === 'enum' ? enumCodes(kind.catalog, bound).ok
      : kind.kind === 'time' ? timeSpan(bound, now) !== undefined
        : false;
  if (!valid) return undefined;
  const written = /\s/.test(bound) ? JSON.stringify(bound) : bound;
  const range = { '>=': `[${written} TO *]`, '>': `{${written} TO *]`, '<=': `[* TO ${written}]`, '<': `[* TO ${written}}` }[operator];
  return `comparisons are written as ranges: ${field}:${range}`;
}

function rangeTest(field: string, lower: RangeBound | undefined, upper: RangeBound | undefined, kind: FieldKind, now: Date): ValueTest {
  const bounds = [lower, upper].filter((bound) => bound !== undefined);
  switch (kind.kind) {
    case 'ip':
    case 'boolean':
      throw mismatch(field, kind, bounds[0].position, `ranges do not apply to ${kind.kind} fields`);
    case 'integer':
      return numberRange(lower, upper, (bound) => {
        const number = numberOf(bound.text);
        if (number === undefined) throw mismatch(field, kind, bound.position, undefined, bound.text);
        return number;
      });
    case 'enum':
      return numberRange(lower, upper, (bound) => {
        const codes = codesOf(field, kind, bound.text, bound.position);
        return bound === lower ? codes[0] : codes[codes.length - 1];
      });
    case 'time':
      return timeRange(lower, upper, (bound) => spanOf(field, kind, bound.text, bound.position, now));
    case 'text':
      return textRange(lower, upper);
    case 'unknown':
      // Without a declared kind the bounds decide: numbers, else times, else text.
      if (bounds.every((bound) => numberOf(bound.text) !== undefined)) return numberRange(lower, upper, (bound) => Number(bound.text));
      if (bounds.every((bound) => timeSpan(bound.text, now))) return timeRange(lower, upper, (bound) => timeSpan(bound.text, now) as TimeSpan);
      return textRange(lower, upper);
  }
}

function numberRange(lower: RangeBound | undefined, upper: RangeBound | undefined, read: (bound: RangeBound) => number): ValueTest {
  return { kind: 'numberRange', lower: boundOf(lower, read), upper: boundOf(upper, read) };
}

function textRange(lower: RangeBound | undefined, upper: RangeBound | undefined): ValueTest {
  return { kind: 'textRange', lower: boundOf(lower, (bound) => bound.text), upper: boundOf(upper, (bound) => bound.text) };
}

/** Bounds round outward or inward by their precision: `[2021-06-08 TO 2021-06-09]` spans two whole days. */
function timeRange(lower: RangeBound | undefined, upper: RangeBound | undefined, span: (bound: RangeBound) => TimeSpan): ValueTest {
  const from = lower && (lower.inclusive ? span(lower).start : span(lower).end);
  const to = upper && (upper.inclusive ? span(upper).end : span(upper).start);
  return { kind: 'timeRange', from, to };
}

function boundOf<T>(bound: RangeBound | undefined, read: (bound: RangeBound) => T): Bound<T> | undefined {
  return bound && { value: read(bound), inclusive: bound.inclusive };
}

function codesOf(field: string, kind: Extract<FieldKind, { kind: 'enum' }>, text: string, position: number): number[] {
  const codes = enumCodes(kind.catalog, text);
  if (!codes.ok) throw mismatch(field, kind, position, codes.reason, text);
  return codes.codes;
}

function spanOf(field: string, kind: FieldKind, text: string, position: number, now: Date): TimeSpan {
  const span = timeSpan(text, now);
  if (!span) throw mismatch(field, kind, position, undefined, text);
  return span;
}

const EXPECTED_VALUE: Readonly<Record<FieldKind['kind'], string>> = {
  text: 'a text value',
  unknown: 'a value',
  integer: 'a number',
  boolean: 'true or false',
  enum: 'a code or label',
  time: 'a time such as 2021-06-08T20:08:00.000Z, 2021-06-08 or now-1d',
  ip: 'an IP address, a CIDR network such as 192.0.2.0/24 or a wildcard pattern',
};

function mismatch(field: string, kind: FieldKind, position: number, detail?: string, found?: string): QueryError {
  return new QueryError({ expected: `${EXPECTED_VALUE[kind.kind]} for "${field}"`, position, found: found === undefined ? undefined : quoted(found), detail });
}
