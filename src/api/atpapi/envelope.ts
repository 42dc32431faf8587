// The Symantec EDR query envelope that every /atpapi/v2 "query" endpoint takes as its POST body:
// {verb: "query", query, start_time, end_time, limit, next}.
import { EARLIEST_TIME_MS, parseTime } from '../../model/index.ts';
import type { StoreQuery } from '../../store/index.ts';
import { decodeCursor, type Cursor } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { parseQueryText } from '../params.ts';

const DAY_MS = 24 * 3600_000;
const MAX_WINDOW_MS = 7 * DAY_MS;
const DEFAULT_WINDOW_MS = 30 * DAY_MS;

export interface LimitRule {
  fallback: number;
  max: number;
  /** Over `max`: clamp (for clients such as Siemplify that send 5000) rather than refuse. */
  clampOverMax?: boolean;
}

export interface QueryEnvelope {
  cursor: Cursor;
  query?: StoreQuery;
  from: string;
  to: string;
  limit: number;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'send a JSON object such as {"verb": "query", "query": "..."}');
  return body as Record<string, unknown>;
}

function timeField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = parseTime(value);
  if (!parsed.ok) throw new ApiError(400, `${name}: ${parsed.reason}`);
  return parsed.iso;
}

function limitField(body: Record<string, unknown>, rule: LimitRule): number {
  const limit = body.limit;
  if (limit === undefined || limit === null) return rule.fallback;
  if (!Number.isInteger(limit) || (limit as number) < 1) throw new ApiError(400, `limit must be a whole number from 1 to ${rule.max}`);
  if ((limit as number) <= rule.max) return limit as number;
  if (rule.clampOverMax) return rule.max;
  throw new ApiError(400, `limit must be a whole number from 1 to ${rule.max}`);
}

/**
 * The time window. Both bounds given: at most 7 days, as the EDR enforces. A lone start_time runs to
 * the query time, a lone end_time reaches 30 days back, and no bounds mean the 30 days before the
 * query time. Anchoring on the cursor's query time keeps every page of a query on the same window.
 */
function timeWindow(body: Record<string, unknown>, queryTime: string): { from: string; to: string } {
  const start = timeField(body, 'start_time');
  const end = timeField(body, 'end_time');
  if (start !== undefined && end !== undefined) {
    const span = Date.parse(end) - Date.parse(start);
    if (span < 0) throw new ApiError(400, 'start_time must not be after end_time');
    if (span > MAX_WINDOW_MS) throw new ApiError(400, 'Max date range allowed by API is 7 days');
  }
  const to = end ?? queryTime;
  // A default window reaching before the earliest stored time is cut there rather than refused by the store.
  return { from: start ?? new Date(Math.max(Date.parse(to) - DEFAULT_WINDOW_MS, EARLIEST_TIME_MS)).toISOString(), to };
}

/** What every query body has besides its time window. */
function parseCommon(body: unknown, rule: LimitRule) {
  const fields = bodyObject(body);
  if (fields.verb !== 'query') throw new ApiError(400, `verb must be "query", got ${JSON.stringify(fields.verb ?? null)}`);
  const query = fields.query;
  if (query !== undefined && query !== null && typeof query !== 'string') throw new ApiError(400, 'query must be a string in the query language');
  const next = fields.next;
  if (next !== undefined && next !== null && typeof next !== 'string') throw new ApiError(400, 'next must be the cursor string from the previous page');
  // Clients send "next": "" on the first page.
  const cursor = next ? decodeCursor(next) : { offset: 0, queryTime: new Date().toISOString() };
  return { fields, cursor, query: parseQueryText(query ?? undefined, cursor), limit: limitField(fields, rule) };
}

export function parseEnvelope(body: unknown, rule: LimitRule): QueryEnvelope {
  const { fields, ...common } = parseCommon(body, rule);
  return { ...common, ...timeWindow(fields, common.cursor.queryTime) };
}

/** Entity lookups are not bound to a time: the window applies only as far as the body gives one. */
export function parseEntityEnvelope(body: unknown, rule: LimitRule): Omit<QueryEnvelope, 'from' | 'to'> & { from?: string; to?: string } {
  const { fields, ...common } = parseCommon(body, rule);
  const from = timeField(fields, 'start_time');
  const to = timeField(fields, 'end_time');
  if (from !== undefined && to !== undefined && Date.parse(to) < Date.parse(from)) throw new ApiError(400, 'start_time must not be after end_time');
  return { ...common, from, to };
}
