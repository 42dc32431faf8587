// Administration: people, ingest tokens, OAuth clients and the audit log. Admin only; every
// change audited.
import type { FastifyInstance } from 'fastify';
import { AccountError, createIngestToken, createOAuthClient, createUser, deleteOAuthClient, recordAudit } from '../../auth/index.ts';
import { OAUTH_CLIENT_ROLES, USER_ROLES } from '../../model/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, type Query } from '../params.ts';
import { AUDIT_EVENT, NEW_OAUTH_CLIENT, OAUTH_CLIENT, pageOf, pagingParams, ref, USER } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const INGEST_TOKEN_NAME = /^[\w .-]{1,64}$/;
const AUDIT_LIMITS = { fallback: 100, max: 1000 };

export function adminRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.post('/api/v1/users', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Create a user',
    body: {
      type: 'object',
      required: ['username', 'role', 'password'],
      properties: { username: { type: 'string' }, role: { type: 'string', enum: USER_ROLES }, password: { type: 'string', format: 'password' } },
    },
    responses: { 201: { description: 'The user.', ...ref(USER) } },
    errors: { 400: 'A missing field, an unknown role, a weak password or a taken username.' },
  }), async (request, reply) => {
    const body = (request.body ?? {}) as { username?: unknown; role?: unknown; password?: unknown };
    if (typeof body.username !== 'string' || typeof body.role !== 'string' || typeof body.password !== 'string') {
      throw new ApiError(400, 'send {"username", "role" (admin, analyst or viewer), "password"}');
    }
    try {
      const user = await createUser(store, body.username, body.role, body.password);
      await recordAudit(store, actorOf(request), {
        kind: 'entity', id: 1, feature: 'User', message: `User ${user.username} created with role ${user.role}.`,
        entity: { type: 'User', uid: String(user.id), name: user.username },
      });
      return reply.code(201).send(user);
    } catch (error) {
      if (error instanceof AccountError) throw new ApiError(400, error.message);
      throw error;
    }
  });

  app.post('/api/v1/ingest-tokens', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Create an ingest token',
    description: 'The token is in this answer only; Vigil keeps its hash.',
    body: { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: INGEST_TOKEN_NAME.source } } },
    responses: {
      201: { description: 'The token.', type: 'object', required: ['name', 'token'], properties: { name: { type: 'string' }, token: { type: 'string' } } },
    },
    errors: { 400: 'A missing or bad name.' },
  }), async (request, reply) => {
    const name = (request.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !INGEST_TOKEN_NAME.test(name)) throw new ApiError(400, 'send {"name": "..."}: 1–64 letters, digits, spaces, . _ -');
    const token = await createIngestToken(store, name);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 1, feature: 'Ingest token', message: `Ingest token ${name} created.`, entity: { type: 'IngestToken', uid: name, name },
    });
    return reply.code(201).send({ name, token });
  });

  app.get('/api/v1/oauth-clients', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'List OAuth clients',
    description: 'Never a secret.',
    responses: {
      200: { description: 'Every client.', type: 'object', required: ['result'], properties: { result: { type: 'array', items: ref(OAUTH_CLIENT) } } },
    },
  }), async () => ({ result: await store.listOAuthClients() }));

  app.post('/api/v1/oauth-clients', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Create an OAuth client',
    description: 'For Symantec EDR integrations (client credentials grant). The secret is in this answer only. Audited.',
    body: {
      type: 'object',
      required: ['role'],
      properties: { role: { type: 'string', enum: OAUTH_CLIENT_ROLES }, name: { type: 'string', description: 'Default: the client_id.' } },
    },
    responses: { 201: { description: 'The client with its secret.', ...ref(NEW_OAUTH_CLIENT) } },
    errors: { 400: 'An unknown role or a bad name.' },
  }), async (request, reply) => {
    const body = (request.body ?? {}) as { role?: unknown; name?: unknown };
    if (typeof body.role !== 'string' || (body.name !== undefined && typeof body.name !== 'string')) {
      throw new ApiError(400, 'send {"role": "admin" or "user", "name": "..."} (name optional)');
    }
    try {
      return reply.code(201).send(await createOAuthClient(store, actorOf(request), body.role, body.name));
    } catch (error) {
      if (error instanceof AccountError) throw new ApiError(400, error.message);
      throw error;
    }
  });

  app.delete('/api/v1/oauth-clients/:client_id', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Delete an OAuth client',
    description: 'The tokens it was issued stop working at once. Audited.',
    params: { type: 'object', required: ['client_id'], properties: { client_id: { type: 'string' } } },
    responses: { 204: { description: 'Deleted.', type: 'null' } },
    errors: { 404: 'No such client.' },
  }), async (request, reply) => {
    const { client_id: clientId } = request.params as { client_id: string };
    if (!(await deleteOAuthClient(store, actorOf(request), clientId))) throw new ApiError(404, `no OAuth client ${clientId}`);
    return reply.code(204).send();
  });

  app.get('/api/v1/audit', protectedRoute(store, 'admin', {
    tags: ['Administration'],
    summary: 'Read the audit log, newest first',
    querystring: { type: 'object', properties: pagingParams(AUDIT_LIMITS) },
    responses: { 200: { description: 'A page of audit events.', ...pageOf(ref(AUDIT_EVENT)) } },
    errors: { 400: 'A bad limit or cursor.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listAudit({ offset: cursor.offset, limit: limitParam(query, AUDIT_LIMITS.fallback, AUDIT_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
