// Administration: people, ingest tokens, OAuth clients and the audit log. Admin only; every
// change audited.
import type { FastifyInstance } from 'fastify';
import { AccountError, createIngestToken, createOAuthClient, createUser, deleteOAuthClient, recordAudit } from '../../auth/index.ts';
import { requireAction } from '../authn.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, type Query } from '../params.ts';
import { actorOf, type RouteContext } from './context.ts';

export function adminRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const admin = { onRequest: requireAction(store, 'admin') };

  app.post('/api/v1/users', admin, async (request, reply) => {
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

  app.post('/api/v1/ingest-tokens', admin, async (request, reply) => {
    const name = (request.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !/^[\w .-]{1,64}$/.test(name)) throw new ApiError(400, 'send {"name": "..."}: 1–64 letters, digits, spaces, . _ -');
    const token = await createIngestToken(store, name);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 1, feature: 'Ingest token', message: `Ingest token ${name} created.`, entity: { type: 'IngestToken', uid: name, name },
    });
    return reply.code(201).send({ name, token });
  });

  app.get('/api/v1/oauth-clients', admin, async () => ({ result: await store.listOAuthClients() }));

  app.post('/api/v1/oauth-clients', admin, async (request, reply) => {
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

  app.delete('/api/v1/oauth-clients/:client_id', admin, async (request, reply) => {
    const { client_id: clientId } = request.params as { client_id: string };
    if (!(await deleteOAuthClient(store, actorOf(request), clientId))) throw new ApiError(404, `no OAuth client ${clientId}`);
    return reply.code(204).send();
  });

  app.get('/api/v1/audit', admin, async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listAudit({ offset: cursor.offset, limit: limitParam(query, 100, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
