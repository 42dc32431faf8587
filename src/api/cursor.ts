// The `next` cursor: base64 of "<offset>,<ISO query time>", the layout Symantec EDR emits and
// that clients such as Siemplify rewrite. Opaque to everyone else.
import { ApiError } from './errors.ts';

export interface Cursor { offset: number; queryTime: string }

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.offset},${cursor.queryTime}`).toString('base64');
}

export function decodeCursor(next: string): Cursor {
  const [offsetText, queryTime] = Buffer.from(next, 'base64').toString('utf8').split(',');
  const offset = Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0 || !queryTime || Number.isNaN(Date.parse(queryTime))) {
    throw new ApiError(400, 'next is not a cursor this server issued');
  }
  return { offset, queryTime };
}

/** The page envelope: `next` is null when nothing follows. */
export function pageEnvelope<T>(result: T[], total: number, cursor: Cursor) {
  const end = cursor.offset + result.length;
  return { result, next: end < total && result.length > 0 ? encodeCursor({ offset: end, queryTime: cursor.queryTime }) : null, total };
}
