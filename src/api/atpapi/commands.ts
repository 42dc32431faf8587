// /atpapi/v2 commands (reference §2.6, rows 17 and 18): submit isolate/rejoin/delete-file/cancel,
// and read a command's status (POST with {"verb": "query"}, or GET as Phantom does).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { commandState, type Command } from '../../model/index.ts';
import { submitCommand } from '../../response/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { answering } from '../response-errors.ts';
import { actorOf, type RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { COMMAND_REQUEST, COMMAND_STATUS, COMMAND_SUBMISSION, queryEnvelope, ref } from '../schemas/index.ts';
import { parseEnvelope, type LimitRule } from './envelope.ts';

const STATUS_LIMIT: LimitRule = { fallback: 1000, max: 1000 };

/** The status response: the whole command's state and each target's, in the EDR's shape. */
export function commandStatus(command: Command, page: { offset: number; limit: number }) {
  return {
    state: commandState(command.targets),
    status: command.targets.slice(page.offset, page.offset + page.limit).map(({ target, state, message, error_code }) => ({ target, state, message, error_code })),
    command_issuer_name: command.issuer_name,
  };
}

async function findCommand(context: RouteContext, request: FastifyRequest): Promise<Command> {
  const commandId = (request.params as { command_id: string }).command_id;
  const command = await context.store.getCommand(commandId);
  if (!command) throw new ApiError(404, `Specified command_id could not be found: no command ${commandId}`);
  return command;
}

const COMMAND_ID_PARAMS = { type: 'object', required: ['command_id'], properties: { command_id: { type: 'string' } } } as const;
const STATUS_DOC = {
  tags: ['Symantec EDR API'] as ['Symantec EDR API'],
  params: COMMAND_ID_PARAMS,
  responses: { 200: { description: 'The command\'s state and each target\'s.', ...ref(COMMAND_STATUS) } },
  errors: { 404: 'Specified command_id could not be found.' },
};

export function atpCommandRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;

  app.post('/atpapi/v2/commands', protectedRoute(store, 'respond', {
    tags: ['Symantec EDR API'],
    summary: 'Isolate or rejoin endpoints, delete a file on one, or cancel a command',
    description: 'Recorded and audited. Vigil does not deliver commands to endpoints yet: targets wait in state 1 (In progress). '
      + 'Cancel refusals answer 200 with their error_code, as the EDR does.',
    body: ref(COMMAND_REQUEST),
    responses: { 200: { description: 'The submission.', ...ref(COMMAND_SUBMISSION) } },
    errors: { 400: 'A malformed body, an unknown action or a bad target (named by its index).' },
  }), async (request) => answering(submitCommand(store, actorOf(request), request.body)));

  app.post('/atpapi/v2/commands/:command_id', protectedRoute(store, 'read', {
    ...STATUS_DOC,
    summary: 'A command\'s status',
    description: 'The body is optional; limit/next page through the targets.',
    body: queryEnvelope(STATUS_LIMIT),
  }), async (request) => {
    const command = await findCommand(context, request);
    // A body is optional: Phantom sends none, others {"verb": "query"} with limit/next for long target lists.
    const envelope = parseEnvelope(request.body ?? { verb: 'query' }, STATUS_LIMIT);
    const { status, ...rest } = commandStatus(command, { offset: envelope.cursor.offset, limit: envelope.limit });
    const page = pageEnvelope(status, command.targets.length, envelope.cursor);
    return { ...rest, status: page.result, next: page.next, total: page.total };
  });

  app.get('/atpapi/v2/commands/:command_id', protectedRoute(store, 'read', { ...STATUS_DOC, summary: 'A command\'s status (as Phantom asks for it)' }), async (request) => {
    const command = await findCommand(context, request);
    return { ...commandStatus(command, { offset: 0, limit: command.targets.length }), next: null, total: command.targets.length };
  });
}
