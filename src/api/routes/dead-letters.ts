// The dead letters (docs/CONNECTORS.md): list them, replay them with the current parsers, delete
// them. Reading and replaying need an analyst; deleting needs an admin. Replays and deletions are
// audited.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../../auth/index.ts';
import { decodeLine, REPLAY_LIMIT, replayDeadLetters } from '../../ingest/listeners/index.ts';
import type { DeadLetter, DeadLetterFilter } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, single, timeParam, type Query } from '../params.ts';
import { INGEST_OUTCOME, pageOf, pagingParams } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const LIST_LIMITS = { fallback: 100, max: 1000 };

const FILTER_PARAMS = {
  source: { type: 'string', description: 'A source (`syslog-tcp:192.0.2.7`) or a whole listener (`syslog-tcp`, `http`).' },
  format: { type: 'string', description: 'The wire format the line was read as.' },
  from: { type: 'string', description: 'Received from (inclusive): ISO-8601 or `now`.' },
  to: { type: 'string', description: 'Received to (inclusive): ISO-8601 or `now`.' },
} as const;

const DEAD_LETTER = {
  type: 'object',
  required: ['id', 'received', 'source', 'format', 'reason', 'text', 'flags', 'attempts'],
  properties: {
    id: { type: 'integer' },
    received: { type: 'string', description: 'When Vigil received the line.' },
    source: { type: 'string' },
    format: { type: 'string' },
    reason: { type: 'string', description: 'Why it is here; after a failed replay, why the replay failed.' },
    text: { type: 'string', description: 'The line; bytes that are not UTF-8 shown as U+FFFD.' },
    raw_base64: { type: 'string', description: 'The exact bytes, when they are not valid UTF-8 (flag invalid_utf8).' },
    flags: { type: 'array', items: { type: 'string', enum: ['invalid_utf8', 'truncated'] } },
    line_number: { type: 'integer', description: 'The line of the HTTP body or file it came from.' },
    attempts: { type: 'integer', description: 'Replays tried.' },
    last_attempt: { type: 'string' },
  },
} as const;

const DEAD_LETTER_PAGE = pageOf(DEAD_LETTER);

const REPLAY_RESULT = {
  type: 'object',
  required: ['replayed', 'ingested', 'failed', 'accepted', 'duplicates', 'incidents', 'failures', 'remaining'],
  properties: {
    replayed: { type: 'integer', description: 'Letters read again (oldest first, at most `limit`).' },
    ingested: { type: 'integer', description: 'Of those, ingested and deleted.' },
    failed: { type: 'integer', description: 'Of those, still failing: kept with the new reason.' },
    accepted: INGEST_OUTCOME.properties.accepted,
    duplicates: INGEST_OUTCOME.properties.duplicates,
    incidents: INGEST_OUTCOME.properties.incidents,
    failures: {
      type: 'array',
      description: 'The first 100 failures.',
      items: { type: 'object', properties: { id: { type: 'integer' }, reason: { type: 'string' } } },
    },
    remaining: { type: 'integer', description: 'Letters matching the filter still stored.' },
  },
} as const;

function view({ raw, line_number, last_attempt, ...letter }: DeadLetter) {
  const { text } = decodeLine(raw);
  return {
    ...letter,
    text,
    ...(letter.flags.includes('invalid_utf8') ? { raw_base64: Buffer.from(raw).toString('base64') } : {}),
    ...(line_number === undefined ? {} : { line_number }),
    ...(last_attempt === undefined ? {} : { last_attempt }),
  };
}

function filterOf(values: Query): DeadLetterFilter {
  return { source: single(values, 'source'), format: single(values, 'format'), from: timeParam(values, 'from'), to: timeParam(values, 'to') };
}

function describeFilter(filter: DeadLetterFilter): string {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined).map(([name, value]) => `${name} ${Array.isArray(value) ? value.join(',') : value}`);
  return parts.length === 0 ? 'all' : parts.join(', ');
}

/** The replay body: `ids`, or filter fields; both absent replays the oldest letters. */
function replayRequest(request: FastifyRequest): { filter: DeadLetterFilter; limit: number } {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const { ids, limit, ...fields } = body;
  if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => !Number.isInteger(id)))) throw new ApiError(400, 'ids must be an array of dead letter ids');
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > REPLAY_LIMIT.max)) {
    throw new ApiError(400, `limit must be a whole number from 1 to ${REPLAY_LIMIT.max}`);
  }
  const texts: Query = {};
  for (const [name, value] of Object.entries(fields)) {
    if (!(name in FILTER_PARAMS)) throw new ApiError(400, `unknown field "${name}": send ids, source, format, from, to or limit`);
    if (typeof value !== 'string') throw new ApiError(400, `${name} must be a string`);
    texts[name] = value;
  }
  const filter = { ...filterOf(texts), ids: ids as number[] | undefined };
  return { filter, limit: (limit as number | undefined) ?? (ids ? Math.min((ids as number[]).length, REPLAY_LIMIT.max) : REPLAY_LIMIT.fallback) };
}

export function deadLetterRoutes(app: FastifyInstance, { store, lineIngest }: RouteContext): void {
  app.get('/api/v1/dead-letters', protectedRoute(store, 'operate-ingest', {
    tags: ['Events'],
    summary: 'Dead letters: lines that could not be ingested',
    description: 'Newest first, with the reason and the line as received.',
    querystring: { type: 'object', properties: { ...FILTER_PARAMS, ...pagingParams(LIST_LIMITS) } },
    responses: {
      200: {
        description: 'A page of dead letters, and how many the bound has dropped.',
        ...DEAD_LETTER_PAGE,
        properties: { ...DEAD_LETTER_PAGE.properties as object, dropped: { type: 'integer', description: 'Oldest letters dropped to keep the bound.' } },
      },
    },
    errors: { 400: 'A bad parameter.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const filter = filterOf(query);
    // Letters received after the first page do not shift the later pages.
    filter.to = filter.to === undefined || filter.to > cursor.queryTime ? cursor.queryTime : filter.to;
    const page = await store.deadLetters.list(filter, { offset: cursor.offset, limit: limitParam(query, LIST_LIMITS.fallback, LIST_LIMITS.max) }, 'desc');
    return { ...pageEnvelope(page.result.map(view), page.total, cursor), dropped: await store.deadLetters.dropped() };
  });

  app.post('/api/v1/dead-letters/replay', protectedRoute(store, 'operate-ingest', {
    tags: ['Events'],
    summary: 'Replay dead letters with the current parsers',
    description: 'By `ids`, or by filter (`source`, `format`, `from`, `to`); oldest first, at most `limit` (default 1000, at most 10,000). '
      + 'A letter that now becomes events is ingested and deleted; one that still fails is kept with the new reason. Audited.',
    body: {
      type: 'object',
      properties: {
        ids: { type: 'array', items: { type: 'integer' } },
        ...FILTER_PARAMS,
        limit: { type: 'integer', minimum: 1, maximum: REPLAY_LIMIT.max },
      },
    },
    responses: { 200: { description: 'What became of the letters replayed.', ...REPLAY_RESULT } },
    errors: { 400: 'A bad field.', 429: 'The ingest queue is full: retry after the Retry-After header\'s seconds.' },
  }), async (request) => {
    const { filter, limit } = replayRequest(request);
    const result = await replayDeadLetters(lineIngest, filter, limit);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 2, feature: 'Dead letters',
      message: `Dead letters replayed (${describeFilter(filter)}): ${result.ingested} ingested, ${result.failed} still failing.`,
      entity: { type: 'DeadLetters', uid: describeFilter(filter), name: 'dead letters', data: { replayed: result.replayed, ingested: result.ingested, failed: result.failed } },
    });
    return result;
  });

  app.delete('/api/v1/dead-letters/:id', protectedRoute(store, 'admin', {
    tags: ['Events'],
    summary: 'Delete a dead letter',
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    responses: { 204: { description: 'Deleted (an audit event).', type: 'null' } },
    errors: { 404: 'No such dead letter.' },
  }), async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!/^\d{1,15}$/.test(id) || (await store.deadLetters.delete({ ids: [Number(id)] })) === 0) throw new ApiError(404, `no dead letter ${id}`);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 3, feature: 'Dead letters', message: `Dead letter ${id} deleted.`, entity: { type: 'DeadLetter', uid: id, name: `dead letter ${id}` },
    });
    return reply.code(204).send();
  });

  app.delete('/api/v1/dead-letters', protectedRoute(store, 'admin', {
    tags: ['Events'],
    summary: 'Delete dead letters by filter',
    description: 'Give at least one filter, or `all=true` to delete every dead letter. Audited.',
    querystring: { type: 'object', properties: { ...FILTER_PARAMS, all: { type: 'string', enum: ['true'] } } },
    responses: { 200: { description: 'How many were deleted.', type: 'object', required: ['deleted'], properties: { deleted: { type: 'integer' } } } },
    errors: { 400: 'No filter and no all=true, or a bad parameter.' },
  }), async (request) => {
    const query = request.query as Query;
    const filter = filterOf(query);
    if (describeFilter(filter) === 'all' && single(query, 'all') !== 'true') throw new ApiError(400, 'give a filter (source, format, from, to), or all=true to delete every dead letter');
    const deleted = await store.deadLetters.delete(filter);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 3, feature: 'Dead letters', message: `${deleted} dead letters deleted (${describeFilter(filter)}).`,
      entity: { type: 'DeadLetters', uid: describeFilter(filter), name: 'dead letters', data: { deleted } },
    });
    return { deleted };
  });
}
