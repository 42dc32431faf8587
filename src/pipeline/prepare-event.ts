// The stages that need nothing but the record itself: normalize, then enrich. Pure, so they run on
// the server's thread for JSON ingest and on a parse worker for lines (src/ingest/listeners), with
// the same result. Everything after them (deduplication, detection, correlation) needs the store.
import { enrichEvent } from '../enrich/index.ts';
import { normalizeEvent, type NormalizeOptions, type NormalizeResult } from '../ingest/index.ts';

/** `receivedAt` (ISO) becomes log_time when the sender gave none. */
export function prepareEvent(value: unknown, receivedAt: string, options?: NormalizeOptions): NormalizeResult {
  const result = normalizeEvent(value, receivedAt, options);
  if (result.ok) enrichEvent(result.event);
  return result;
}
