// POST /api/v1/events: one JSON object, a JSON array, or NDJSON. Good events are kept even when
// others in the batch are rejected; a 2xx means they are committed.
import type { FastifyInstance } from 'fastify';
import { BodyParseError, parseBody } from '../../ingest/index.ts';
import { ApiError } from '../errors.ts';
import { INCOMING_EVENT, INGEST_OUTCOME, ref, type RouteDoc } from '../schemas/index.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const INGEST_DOC: RouteDoc = {
  tags: ['Events'],
  summary: 'Send events',
  description: 'One JSON object, a JSON array of objects, or NDJSON (docs/INGEST.md). Good events are kept even when '
    + 'others in the batch are rejected; a 200 means they are committed. Resending is safe: duplicates are counted, not stored twice.',
  // Documentation only: this route parses the raw body itself (see below).
  body: {
    content: {
      'application/json': { schema: { anyOf: [ref(INCOMING_EVENT), { type: 'array', items: ref(INCOMING_EVENT) }] } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One event object per line; blank lines are skipped.' } },
    },
  },
  responses: { 200: { description: 'The accepted events are committed; the rejected ones are listed.', ...ref(INGEST_OUTCOME) } },
  errors: {
    400: 'The body is empty or not JSON (with `line` and `column`), or every event was rejected (then also with the IngestOutcome fields).',
    413: 'The body is over the ingest limit: send smaller batches.',
    429: 'The ingest queue is full: retry after the Retry-After header\'s seconds.',
  },
};

export function ingestRoutes(app: FastifyInstance, { store, pipeline, ingestBodyLimit }: RouteContext): void {
  // Encapsulated so that this route alone receives the raw text and parses it itself: the
  // generic JSON parser can neither split NDJSON nor keep a batch's good lines.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ingestBodyLimit }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/events', { ...protectedRoute(store, 'ingest', INGEST_DOC), bodyLimit: ingestBodyLimit }, async (request, reply) => {
      const body = request.body as Buffer | undefined;
      if (!body || body.length === 0) throw new ApiError(400, 'the body is empty: send a JSON object, a JSON array or NDJSON');
      let parsed;
      try {
        parsed = parseBody(body, request.headers['content-type']);
      } catch (error) {
        if (error instanceof BodyParseError) {
          throw new ApiError(400, `malformed JSON at line ${error.line}, column ${error.column}: ${error.reason}`, { line: error.line, column: error.column });
        }
        throw error;
      }
      const upfront = parsed.errors.map((error) => ({ index: error.index, line: error.line, column: error.column, path: '$', reason: error.reason }));
      const outcome = await pipeline.ingest(parsed.records, upfront);
      const nothingKept = outcome.accepted + outcome.duplicates === 0 && outcome.rejected.length > 0;
      return reply.code(nothingKept ? 400 : 200).send(nothingKept
        ? { status: 400, error: 'Bad Request', message: 'every event in the batch was rejected; see "rejected"', ...outcome }
        : outcome);
    });
  });
}
