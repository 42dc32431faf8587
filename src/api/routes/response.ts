// Native response API: deny/allow lists and commands to endpoints, the same operations as
// /atpapi/v2 (same checks, same audit events) in /api/v1's shapes and paging.
import type { FastifyInstance } from 'fastify';
import { commandState, POLICY_LISTS, type Command, type PolicyList } from '../../model/index.ts';
import { addPolicies, isPolicyTargetType, normalizeTargetValue, removePolicy, submitCommand } from '../../response/index.ts';
import type { PolicyFilter } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, single, type Query } from '../params.ts';
import { answering } from '../response-errors.ts';
import { COMMAND, COMMAND_REQUEST, COMMAND_SUBMISSION, NEW_POLICY, pageOf, pagingParams, POLICY, POLICY_IDS, ref } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const LIST_LIMITS = { fallback: 100, max: 1000 };
const LIST_PARAMS = { type: 'object', required: ['list'], properties: { list: { type: 'string', enum: [...POLICY_LISTS] } } } as const;
const COMMAND_ID_PARAMS = { type: 'object', required: ['command_id'], properties: { command_id: { type: 'string' } } } as const;

function listParam(params: unknown): PolicyList {
  const { list } = params as { list: string };
  if (!(POLICY_LISTS as readonly string[]).includes(list)) throw new ApiError(404, `no such list: ${list} (the lists are ${POLICY_LISTS.join(' and ')})`);
  return list as PolicyList;
}

function policyFilter(query: Query): PolicyFilter {
  const type = single(query, 'target_type');
  const value = single(query, 'target_value');
  if (type !== undefined && !isPolicyTargetType(type)) throw new ApiError(400, `target_type: unknown type ${JSON.stringify(type)}`);
  if (value !== undefined && type === undefined) throw new ApiError(400, 'target_value needs target_type');
  return { id: single(query, 'id'), target_type: type, target_value: value === undefined ? undefined : answerSync(() => normalizeTargetValue(type!, value, 'target_value')) };
}

function answerSync<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new ApiError(400, (error as Error).message);
  }
}

const withState = (command: Command) => ({ ...command, state: commandState(command.targets) });

export function responseRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/api/v1/policies/:list', protectedRoute(store, 'read', {
    tags: ['Response'],
    summary: 'List the deny or allow list',
    params: LIST_PARAMS,
    querystring: {
      type: 'object',
      properties: {
        ...pagingParams(LIST_LIMITS),
        id: { type: 'string' },
        target_type: { type: 'string' },
        target_value: { type: 'string', description: 'Needs target_type; compared after the same normalization as on adding.' },
      },
    },
    responses: { 200: { description: 'A page of entries, oldest first.', ...pageOf(ref(POLICY)) } },
    errors: { 400: 'A bad filter, limit or cursor.', 404: 'No such list.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listPolicies(listParam(request.params), policyFilter(query), { offset: cursor.offset, limit: limitParam(query, LIST_LIMITS.fallback, LIST_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.post('/api/v1/policies/:list', protectedRoute(store, 'respond', {
    tags: ['Response'],
    summary: 'Add to the deny or allow list',
    description: 'One entry, or {"policies": [...]} (at most 1000), checked whole before any is added; each addition is an audit event.',
    params: LIST_PARAMS,
    body: { anyOf: [ref(NEW_POLICY), { type: 'object', required: ['policies'], properties: { policies: { type: 'array', items: ref(NEW_POLICY) } } }] },
    responses: { 201: { description: 'The ids, in order (an entry already listed keeps its id).', ...ref(POLICY_IDS) } },
    errors: { 400: 'A bad entry, named by its JSON path.', 404: 'No such list.' },
  }), async (request, reply) => {
    const list = listParam(request.params);
    const body = request.body as { policies?: unknown } | undefined;
    const policies = body && typeof body === 'object' && !Array.isArray(body) && 'policies' in body ? body.policies : [body];
    return reply.code(201).send({ ids: await answering(addPolicies(store, actorOf(request), list, policies)) });
  });

  app.delete('/api/v1/policies/:list/:id', protectedRoute(store, 'respond', {
    tags: ['Response'],
    summary: 'Remove from the deny or allow list',
    params: { type: 'object', required: ['list', 'id'], properties: { ...LIST_PARAMS.properties, id: { type: 'string' } } },
    responses: { 204: { description: 'Removed (an audit event).', type: 'null' } },
    errors: { 404: 'No such list or entry.' },
  }), async (request, reply) => {
    await answering(removePolicy(store, actorOf(request), listParam(request.params), (request.params as { id: string }).id));
    return reply.code(204).send();
  });

  app.get('/api/v1/commands', protectedRoute(store, 'read', {
    tags: ['Response'],
    summary: 'Commands, newest first',
    querystring: { type: 'object', properties: pagingParams(LIST_LIMITS) },
    responses: { 200: { description: 'A page of commands.', ...pageOf(ref(COMMAND)) } },
    errors: { 400: 'A bad limit or cursor.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listCommands({ offset: cursor.offset, limit: limitParam(query, LIST_LIMITS.fallback, LIST_LIMITS.max) });
    return pageEnvelope(page.result.map(withState), page.total, cursor);
  });

  app.get('/api/v1/commands/:command_id', protectedRoute(store, 'read', {
    tags: ['Response'],
    summary: 'One command',
    params: COMMAND_ID_PARAMS,
    responses: { 200: { description: 'The command and each target\'s state.', ...ref(COMMAND) } },
    errors: { 404: 'No such command.' },
  }), async (request) => {
    const { command_id: commandId } = request.params as { command_id: string };
    const command = await store.getCommand(commandId);
    if (!command) throw new ApiError(404, `no command ${commandId}`);
    return withState(command);
  });

  app.post('/api/v1/commands', protectedRoute(store, 'respond', {
    tags: ['Response'],
    summary: 'Isolate or rejoin endpoints, delete a file on one, or cancel a command',
    description: 'As POST /atpapi/v2/commands. Vigil does not deliver commands to endpoints yet: targets wait in state 1 (In progress).',
    body: ref(COMMAND_REQUEST),
    responses: { 200: { description: 'The submission.', ...ref(COMMAND_SUBMISSION) } },
    errors: { 400: 'A malformed body, an unknown action or a bad target.' },
  }), async (request) => answering(submitCommand(store, actorOf(request), request.body)));
}
