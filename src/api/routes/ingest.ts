// POST /api/v1/events: one JSON object, a JSON array, or NDJSON. Good events are kept even when
// others in the batch are rejected; a 2xx means they are committed.
import type { FastifyInstance } from 'fastify';
import { BodyParseError, parseBody } from '../../ingest/index.ts';
import { requireAction } from '../authn.ts';
import { ApiError } from '../errors.ts';
import type { RouteContext } from './context.ts';

export function ingestRoutes(app: FastifyInstance, { store, pipeline, ingestBodyLimit }: RouteContext): void {
  // Encapsulated so that this route alone receives the raw text and parses it itself: the
  // generic JSON parser can neither split NDJSON nor keep a batch's good lines.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ingestBodyLimit }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/events', { onRequest: requireAction(store, 'ingest'), bodyLimit: ingestBodyLimit }, async (request, reply) => {
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
