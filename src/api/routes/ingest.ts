// POST /api/v1/events: one JSON object, a JSON array, or NDJSON. Good events are kept even when
// others in the batch are rejected; a 2xx means they are committed.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { BodyParseError, parseBody } from '../../ingest/index.ts';
import { ingestFormattedBody, UnknownFormatError, type LineIngest } from '../../ingest/listeners/index.ts';
import type { IngestOutcome } from '../../pipeline/index.ts';
import { ApiError } from '../errors.ts';
import { single, type Query } from '../params.ts';
import { INCOMING_EVENT, INGEST_OUTCOME, ref, type RouteDoc } from '../schemas/index.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const INGEST_DOC: RouteDoc = {
  tags: ['Events'],
  summary: 'Send events',
  description: 'One JSON object, a JSON array of objects, or NDJSON (docs/INGEST.md). Good events are kept even when '
    + 'others in the batch are rejected; a 200 means they are committed. Resending is safe: duplicates are counted, not stored twice. '
    + 'With `?format=` (or `Content-Type: text/plain; format=…`) the body is lines in that wire format (docs/CONNECTORS.md): '
    + 'a line that cannot be read is kept in the dead letters and listed in `rejected` with its line number.',
  querystring: {
    type: 'object',
    properties: { format: { type: 'string', description: 'json, ndjson, or a wire format: syslog, sepm, cef, leef, eve, zeek (docs/CONNECTORS.md).' } },
  },
  // Documentation only: this route parses the raw body itself (see below).
  body: {
    content: {
      'application/json': { schema: { anyOf: [ref(INCOMING_EVENT), { type: 'array', items: ref(INCOMING_EVENT) }] } },
      'application/x-ndjson': { schema: { type: 'string', description: 'One event object per line; blank lines are skipped.' } },
      'text/plain': { schema: { type: 'string', description: 'With ?format=: one line (syslog message, CEF, LEEF, EVE, Zeek) per line; blank lines are skipped.' } },
    },
  },
  responses: { 200: { description: 'The accepted events are committed; the rejected ones are listed.', ...ref(INGEST_OUTCOME) } },
  errors: {
    400: 'The body is empty or not JSON (with `line` and `column`), or every event was rejected (then also with the IngestOutcome fields).',
    413: 'The body is over the ingest limit: send smaller batches.',
    429: 'The ingest queue is full: retry after the Retry-After header\'s seconds.',
  },
};

export function ingestRoutes(app: FastifyInstance, { store, pipeline, ingestBodyLimit, lineIngest }: RouteContext): void {
  // Encapsulated so that this route alone receives the raw text and parses it itself: the
  // generic JSON parser can neither split NDJSON nor keep a batch's good lines.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ingestBodyLimit }, (_request, body, done) => done(null, body));

    scope.post('/api/v1/events', { ...protectedRoute(store, 'ingest', INGEST_DOC), bodyLimit: ingestBodyLimit }, async (request, reply) => {
      const body = request.body as Buffer | undefined;
      if (!body || body.length === 0) throw new ApiError(400, 'the body is empty: send a JSON object, a JSON array or NDJSON');
      const format = requestedFormat(request.query as Query, request.headers['content-type']);
      if (format !== undefined && format !== 'json' && format !== 'ndjson') return answer(reply, await ingestFormat(lineIngest, body, format, request.ip));
      let parsed;
      try {
        parsed = parseBody(body, format === undefined ? request.headers['content-type'] : JSON_TYPES[format]);
      } catch (error) {
        if (error instanceof BodyParseError) {
          throw new ApiError(400, `malformed JSON at line ${error.line}, column ${error.column}: ${error.reason}`, { line: error.line, column: error.column });
        }
        throw error;
      }
      const upfront = parsed.errors.map((error) => ({ index: error.index, line: error.line, column: error.column, path: '$', reason: error.reason }));
      // The records are what JSON.parse just made, and are not read again: normalized in place.
      return answer(reply, await pipeline.ingest(parsed.records, upfront, { owned: true }));
    });
  });
}

function answer(reply: FastifyReply, outcome: IngestOutcome) {
  const nothingKept = outcome.accepted + outcome.duplicates === 0 && outcome.rejected.length > 0;
  return reply.code(nothingKept ? 400 : 200).send(nothingKept
    ? { status: 400, error: 'Bad Request', message: 'every event in the batch was rejected; see "rejected"', ...outcome }
    : outcome);
}

const JSON_TYPES = { json: 'application/json', ndjson: 'application/x-ndjson' };

/** `?format=cef`, or the content type's parameter: `text/plain; format=cef`. */
function requestedFormat(query: Query, contentType: string | undefined): string | undefined {
  return (single(query, 'format') ?? /;\s*format\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1])?.toLowerCase();
}

async function ingestFormat(lineIngest: LineIngest, body: Buffer, format: string, peer: string) {
  try {
    return await ingestFormattedBody(lineIngest, body, format, peer);
  } catch (error) {
    if (error instanceof UnknownFormatError) throw new ApiError(400, error.message);
    throw error;
  }
}
