// The error body every failure answers with, and the wording of the statuses routes list.
import { ref, type SharedSchema } from './shared-schema.ts';

export const ERROR = {
  $id: 'Error',
  type: 'object',
  description: 'Every error, in the shape Symantec EDR clients read. Some carry details: a query-language error '
    + 'adds `position` and `expected`, a malformed ingest body `line` and `column`.',
  required: ['status', 'error', 'message'],
  additionalProperties: true,
  properties: {
    status: { type: 'integer', description: 'The HTTP status again.', examples: [401] },
    error: { type: 'string', description: 'The status text.', examples: ['Unauthorized'] },
    message: { type: 'string', description: 'What went wrong, in plain words.', examples: ['The token is unknown or has expired. Detail: invalid_token'] },
  },
} as const satisfies SharedSchema;

/** Error statuses a route answers, each with what it means there. */
export type ErrorStatuses = Partial<Record<400 | 401 | 403 | 404 | 413 | 429, string>>;

export function errorResponses(statuses: ErrorStatuses): Record<string, unknown> {
  return Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, { description, ...ref(ERROR) }]));
}
