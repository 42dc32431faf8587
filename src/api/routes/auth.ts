// Logging in and out. A login answers {token} for scripts and sets an HttpOnly session cookie
// for the console; both are the same session.
import type { FastifyInstance } from 'fastify';
import { login, logout, recordAudit, SESSION_HOURS } from '../../auth/index.ts';
import { bearerOrCookie, csrfTokenFor, requireAction, SESSION_COOKIE } from '../authn.ts';
import { ApiError } from '../errors.ts';
import { actorOf, type RouteContext } from './context.ts';

export function authRoutes(app: FastifyInstance, { store, tls }: RouteContext): void {
  app.post('/api/v1/auth/login', async (request, reply) => {
    const body = request.body as { username?: unknown; password?: unknown } | undefined;
    if (typeof body?.username !== 'string' || typeof body?.password !== 'string') {
      throw new ApiError(400, 'send {"username": "...", "password": "..."} as JSON');
    }
    const session = await login(store, body.username, body.password);
    const actor = { name: body.username, uid: session ? `user:${session.user.id}` : 'unknown', ip: request.ip };
    await recordAudit(store, actor, {
      kind: 'session', id: 1, feature: 'Authentication', ok: Boolean(session),
      message: session ? `User ${body.username} logged in successfully.` : `Failed login for user ${body.username}.`,
    });
    if (!session) throw new ApiError(401, 'wrong username or password');
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/', httpOnly: true, sameSite: 'strict', secure: tls, maxAge: SESSION_HOURS * 3600,
    });
    return { token: session.token, csrf_token: csrfTokenFor(session.token), expires: session.expires, user: session.user };
  });

  app.post('/api/v1/auth/logout', { onRequest: requireAction(store, 'read') }, async (request, reply) => {
    const credentials = bearerOrCookie(request);
    if (credentials) await logout(store, credentials.secret);
    await recordAudit(store, actorOf(request), { kind: 'session', id: 2, feature: 'Authentication', message: `User ${request.principal?.name} logged out.` });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/session', { onRequest: requireAction(store, 'read') }, async (request) => {
    const credentials = bearerOrCookie(request);
    return { user: request.principal, csrf_token: credentials ? csrfTokenFor(credentials.secret) : undefined };
  });
}
