// The body of every /atpapi/v2 query endpoint, its `limit` documented from the rule the endpoint applies.
import type { LimitRule } from '../atpapi/envelope.ts';
import type { JsonSchema } from './shared-schema.ts';

const TIME = { type: ['string', 'number', 'null'], description: 'ISO-8601 UTC such as 2022-12-01T00:00:00.000Z (or epoch milliseconds).' } as const;

export function queryEnvelope(rule: LimitRule): JsonSchema {
  const overMax = rule.clampOverMax ? `a larger limit is clamped to ${rule.max}` : `over ${rule.max} answers 400`;
  return {
    type: 'object',
    description: 'The Symantec EDR query envelope. start_time and end_time at most 7 days apart; a lone start_time runs to '
      + 'the query time, a lone end_time reaches 30 days back, no bounds mean the last 30 days.',
    required: ['verb'],
    properties: {
      verb: { type: 'string', enum: ['query'] },
      query: { type: ['string', 'null'], description: 'The query language (docs/QUERY.md); empty means everything.' },
      start_time: TIME,
      end_time: TIME,
      limit: { type: 'integer', minimum: 1, default: rule.fallback, description: `Page size, 1–${rule.max}; ${overMax}.` },
      next: { type: ['string', 'null'], description: 'The cursor of the previous page, sent back with the same body; "" means the first page.' },
    },
  };
}

/** The 400 of every query endpoint. */
export const ENVELOPE_ERRORS = { 400: 'A bad envelope: verb, query, times (at most 7 days apart), limit or cursor.' } as const;
