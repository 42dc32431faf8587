// Lists: the page envelope every list answers with, and the query parameters that page a native list.
import type { JsonSchema } from './shared-schema.ts';

export interface PageLimits { fallback: number; max: number }

/** `{result, next, total}`, the Symantec EDR list envelope. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['result', 'next', 'total'],
    properties: {
      result: { type: 'array', items: item },
      next: { type: ['string', 'null'], description: 'The cursor of the next page (send it back as `next`); null on the last page.' },
      total: { type: 'integer', description: 'How many match in all.' },
    },
  };
}

/** `limit` and `next` of a native list (/api/v1). */
export function pagingParams(limits: PageLimits) {
  return {
    limit: { type: 'integer', minimum: 1, maximum: limits.max, default: limits.fallback, description: `Page size, 1–${limits.max}.` },
    next: { type: 'string', description: 'The `next` cursor of the previous page, with the same filters.' },
  } as const;
}
