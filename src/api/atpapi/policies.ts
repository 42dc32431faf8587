// /atpapi/v2 deny and allow lists (reference §2.5, rows 15 and 16): the EDR 4.x names deny_list and
// allow_list and the ATP 3.x names blacklist and whitelist, which are the same two lists.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Policy, PolicyList, PolicyTargetType } from '../../model/index.ts';
import { addPolicies, normalizeTargetValue, removePolicy, ResponseInputError } from '../../response/index.ts';
import type { PolicyFilter } from '../../store/index.ts';
import { parseCursorOffset } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { single, type Query } from '../params.ts';
import { answering } from '../response-errors.ts';
import { actorOf, type RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { ATP_POLICY, NEW_POLICY, POLICY_IDS, ref } from '../schemas/index.ts';

const PATHS: readonly { path: string; list: PolicyList; atp3?: true }[] = [
  { path: 'deny_list', list: 'deny' },
  { path: 'allow_list', list: 'allow' },
  { path: 'blacklist', list: 'deny', atp3: true },
  { path: 'whitelist', list: 'allow', atp3: true },
];
/** The cursor's first word, as the EDR writes it for either name of a list. */
const CURSOR_WORD: Record<PolicyList, string> = { deny: 'blacklist', allow: 'whitelist' };
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
/** Query parameters that filter by value, and the target type each means. md5 has no entries (the EDR lists none). */
const VALUE_FILTERS: readonly [string, PolicyTargetType | 'md5'][] = [['ip', 'ip'], ['url', 'url'], ['domain', 'domain'], ['sha256', 'sha256'], ['md5', 'md5']];

/** The documented record: id (a string), target_type, target_value, and comment only when there is one. */
function toAtpPolicy({ id, target_type, target_value, comment }: Policy) {
  return comment ? { id, target_type, target_value, comment } : { id, target_type, target_value };
}

/** "blacklist;<query uuid>;<offset>;", base64: the EDR's layout (reference §1.3). */
function encodePolicyCursor(list: PolicyList, queryId: string, offset: number): string {
  return Buffer.from(`${CURSOR_WORD[list]};${queryId};${offset};`).toString('base64');
}

function decodePolicyCursor(list: PolicyList, next: string): { queryId: string; offset: number } {
  const [word, queryId, offsetText] = Buffer.from(next, 'base64').toString('utf8').split(';');
  const notIssued = 'next is not a cursor this server issued for this list';
  if (word !== CURSOR_WORD[list] || !queryId) throw new ApiError(400, `${notIssued}: it does not decode to "${CURSOR_WORD[list]};<query id>;<offset>;"`);
  const offset = parseCursorOffset(offsetText);
  if (offset === undefined) throw new ApiError(400, `${notIssued}: its offset ${JSON.stringify(offsetText ?? '')} is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return { queryId, offset };
}

function policyFilter(query: Query): PolicyFilter | 'none' {
  const filter: PolicyFilter = { id: single(query, 'id') };
  const given = VALUE_FILTERS.filter(([name]) => single(query, name) !== undefined);
  if (given.length > 1) throw new ApiError(400, `filter by one of ${VALUE_FILTERS.map(([name]) => name).join(', ')} at a time`);
  if (given.length === 0) return filter;
  const [name, type] = given[0];
  if (type === 'md5') return 'none';
  try {
    const value = single(query, name)!;
    return { ...filter, target_type: type, target_value: normalizeTargetValue(type, type === 'url' ? urlFilterValue(value) : value, name) };
  } catch (error) {
    if (error instanceof ResponseInputError) throw new ApiError(400, error.message);
    throw error;
  }
}

/**
 * The reference says URL filter values must be URL-encoded, and clients encode them once more as a
 * query parameter: after the query string's own decoding "https%3A%2F%2F…" is left. Decode that too.
 */
function urlFilterValue(value: string): string {
  if (value.includes('://') || !/%[0-9a-f]{2}/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function limitOf(query: Query): number {
  const text = single(query, 'limit');
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ApiError(400, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}

const LIST_QUERY = {
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    next: { type: 'string', description: 'base64 of "blacklist;<query id>;<offset>;" (whitelist; for the allow list).' },
    id: { type: 'string' },
    ...Object.fromEntries(VALUE_FILTERS.map(([name]) => [name, { type: 'string', description: 'Exact value (one value filter at a time).' }])),
  },
} as const;

export function atpPolicyRoutes(app: FastifyInstance, { store }: RouteContext): void {
  for (const { path, list, atp3 } of PATHS) {
    const url = `/atpapi/v2/policies/${path}`;
    const name = `the ${list} list${atp3 ? ` (the ATP 3.x name ${path})` : ''}`;

    app.get(url, protectedRoute(store, 'read', {
      tags: ['Symantec EDR API'],
      summary: `List ${name}`,
      querystring: LIST_QUERY,
      responses: {
        200: {
          description: 'A page of entries; no total.',
          type: 'object',
          required: ['result', 'next'],
          properties: { result: { type: 'array', items: ref(ATP_POLICY) }, next: { type: ['string', 'null'] } },
        },
      },
      errors: { 400: 'A bad limit, cursor or filter value, or two value filters.' },
    }), async (request) => {
      const query = request.query as Query;
      const limit = limitOf(query);
      const next = single(query, 'next');
      const { queryId, offset } = next ? decodePolicyCursor(list, next) : { queryId: randomUUID(), offset: 0 };
      const filter = policyFilter(query);
      const page = filter === 'none' ? { result: [], total: 0 } : await store.listPolicies(list, filter, { offset, limit });
      // Policy list answers carry no total (reference §1.2).
      const end = offset + page.result.length;
      return { result: page.result.map(toAtpPolicy), next: end < page.total ? encodePolicyCursor(list, queryId, end) : null };
    });

    app.post(url, protectedRoute(store, 'respond', {
      tags: ['Symantec EDR API'],
      summary: `Add to ${name}`,
      description: 'Every entry is checked before any is added; each addition is an audit event.',
      body: { type: 'object', required: ['verb', 'policies'], properties: { verb: { type: 'string', enum: ['create'] }, policies: { type: 'array', items: ref(NEW_POLICY), maxItems: 1000 } } },
      responses: { 200: { description: 'The ids, in order.', ...ref(POLICY_IDS) } },
      errors: { 400: 'A bad entry, named by its JSON path, or a body without "verb": "create".' },
    }), async (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || body.verb !== 'create') {
        throw new ApiError(400, 'send {"verb": "create", "policies": [{"target_type": "ip", "target_value": "203.0.113.7", "comment": "…"}]}');
      }
      return { ids: await answering(addPolicies(store, actorOf(request), list, body.policies)) };
    });

    app.delete(`${url}/:id`, protectedRoute(store, 'respond', {
      tags: ['Symantec EDR API'],
      summary: `Remove from ${name}`,
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      responses: { 204: { description: 'Removed (an audit event).', type: 'null' } },
      errors: { 404: 'Specified id could not be found.' },
    }), async (request, reply) => {
      await answering(removePolicy(store, actorOf(request), list, (request.params as { id: string }).id));
      return reply.code(204).send();
    });
  }
}
