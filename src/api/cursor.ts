// The `next` cursor: base64 of "<offset>,<ISO query time>", the layout Symantec EDR emits and
// that clients such as Siemplify rewrite. Opaque to everyone else.
import { parseTime } from '../model/index.ts';
import { ApiError } from './errors.ts';

export interface Cursor { offset: number; queryTime: string }

const NOT_ISSUED = 'next is not a cursor this server issued';

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.offset},${cursor.queryTime}`).toString('base64');
}

/**
 * A row offset as this server writes it: decimal digits making a safe integer. Anything larger
 * cannot be bound exactly as an SQL integer ("1e20" used to reach SQLite and fail there).
 */
export function parseCursorOffset(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const offset = Number(text);
  return Number.isSafeInteger(offset) ? offset : undefined;
}

export function decodeCursor(next: string): Cursor {
  const parts = Buffer.from(next, 'base64').toString('utf8').split(',');
  if (parts.length !== 2) throw new ApiError(400, `${NOT_ISSUED}: it decodes to text with ${parts.length - 1} commas, not "<offset>,<query time>"`);
  const [offsetText, queryTimeText] = parts;
  const offset = parseCursorOffset(offsetText);
  if (offset === undefined) throw new ApiError(400, `${NOT_ISSUED}: its offset ${JSON.stringify(offsetText)} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  // The store's own time rule (years 0000–9999), so that every bound made from this time is one it takes.
  const queryTime = parseTime(queryTimeText);
  if (!queryTime.ok) throw new ApiError(400, `${NOT_ISSUED}: its query time ${queryTime.reason}`);
  return { offset, queryTime: queryTime.iso };
}

/** The page envelope: `next` is null when nothing follows. */
export function pageEnvelope<T>(result: T[], total: number, cursor: Cursor) {
  const end = cursor.offset + result.length;
  return { result, next: end < total && result.length > 0 ? encodeCursor({ offset: end, queryTime: cursor.queryTime }) : null, total };
}
