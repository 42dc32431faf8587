// Reading query-string parameters, with errors that name the parameter and what it takes.
import { parseCoded, parseTime, type Catalog } from '../model/index.ts';
import { parseQuery, QueryError } from '../query/index.ts';
import type { StoreQuery } from '../store/index.ts';
import { decodeCursor, type Cursor } from './cursor.ts';
import { ApiError } from './errors.ts';

export type Query = Record<string, string | string[] | undefined>;

export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new ApiError(400, `give ${name} once`);
  return value === '' ? undefined : value;
}

export function limitParam(query: Query, fallback: number, max: number): number {
  const text = single(query, 'limit');
  if (text === undefined) return fallback;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw new ApiError(400, `limit must be a whole number from 1 to ${max}`);
  return limit;
}

/** "open,in-progress" or "1,3" → [1, 3]. */
export function codedListParam(query: Query, name: string, catalog: Catalog): number[] | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  return text.split(',').map((part) => {
    const parsed = parseCoded(catalog, part.trim());
    if (!parsed.ok) throw new ApiError(400, `${name}: ${parsed.reason}`);
    return parsed.code;
  });
}

export function timeParam(query: Query, name: string): string | undefined {
  const text = single(query, name);
  if (text === undefined) return undefined;
  if (text === 'now') return new Date().toISOString();
  const parsed = parseTime(text);
  if (!parsed.ok) throw new ApiError(400, `${name}: ${parsed.reason}`);
  return parsed.iso;
}

/** The page a request asks for: from its `next` cursor, or the first page now. */
export function cursorParam(query: Query): Cursor {
  const next = single(query, 'next');
  return next ? decodeCursor(next) : { offset: 0, queryTime: new Date().toISOString() };
}

/** The `q` parameter in the query language; `now` is the cursor's query time, stable across pages. */
export function queryLanguageParam(query: Query, cursor: Cursor): StoreQuery | undefined {
  return parseQueryText(single(query, 'q'), cursor);
}

/** Query-language text as a store filter (none when blank); syntax errors answer 400 with the position. */
export function parseQueryText(text: string | undefined, cursor: Cursor): StoreQuery | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return { ast: parseQuery(text), now: cursor.queryTime };
  } catch (error) {
    throw asApiError(error);
  }
}

/** A query-language error as a 400 naming the position; any other error unchanged. */
export function asApiError(error: unknown): unknown {
  return error instanceof QueryError ? new ApiError(400, error.message, { position: error.position, expected: error.expected }) : error;
}
