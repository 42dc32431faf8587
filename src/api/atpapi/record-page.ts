// A page of records filtered in memory by a query-language query: for lookups over tables that are
// small next to events (audit, system activities, entities), read up to a cap and matched here.
import { compileMatcher, type QuerySchema } from '../../query/index.ts';
import type { PageResult, StoreQuery } from '../../store/index.ts';
import { asApiError } from '../params.ts';

/** How many records a lookup reads at most before filtering; beyond it the answer is the newest ones. */
export const SCAN_LIMIT = 100_000;

export function recordPage<R extends Record<string, unknown>>(
  records: R[], query: StoreQuery | undefined, schema: QuerySchema, page: { offset: number; limit: number },
): PageResult<R> {
  let matching = records;
  if (query) {
    let matcher;
    try {
      matcher = compileMatcher(query.ast, schema, new Date(query.now));
    } catch (error) {
      throw asApiError(error);
    }
    matching = records.filter((record) => matcher(record));
  }
  return { result: matching.slice(page.offset, page.offset + page.limit), total: matching.length };
}
