// Logging in and out. A login answers {token} for scripts and sets an HttpOnly session cookie
// for the console; both are the same session.
import type { FastifyInstance } from 'fastify';
import { login, logout, recordAudit, SESSION_HOURS } from '../../auth/index.ts';
import { bearerOrCookie, csrfTokenFor, SESSION_COOKIE } from '../authn.ts';
import { ApiError } from '../errors.ts';
import { LOGIN_ANSWER, PRINCIPAL, ref } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute, publicRoute } from './route-options.ts';

export function authRoutes(app: FastifyInstance, { store, tls }: RouteContext): void {
  app.post('/api/v1/auth/login', publicRoute({
    tags: ['Authentication'],
    summary: 'Log in',
    description: `Opens a session of ${SESSION_HOURS} hours: the token for scripts, and an HttpOnly session cookie for the console. Audited.`,
    body: {
      type: 'object',
      required: ['username', 'password'],
      properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } },
    },
    responses: { 200: { description: 'The session.', ...ref(LOGIN_ANSWER) } },
    errors: { 400: 'No username or password.', 401: 'Wrong username or password.' },
  }), async (request, reply) => {
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

  app.post('/api/v1/auth/logout', protectedRoute(store, 'read', {
    tags: ['Authentication'],
    summary: 'Log out',
    description: 'Ends the session of the credential sent and clears the cookie. Audited.',
    responses: { 204: { description: 'Logged out.', type: 'null' } },
  }), async (request, reply) => {
    const credentials = bearerOrCookie(request);
    if (credentials) await logout(store, credentials.secret);
    await recordAudit(store, actorOf(request), { kind: 'session', id: 2, feature: 'Authentication', message: `User ${request.principal?.name} logged out.` });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/v1/auth/session', protectedRoute(store, 'read', {
    tags: ['Authentication'],
    summary: 'Who the credential belongs to',
    responses: {
      200: {
        description: 'The principal, and the CSRF token of the session.',
        type: 'object',
        required: ['user'],
        properties: { user: ref(PRINCIPAL), csrf_token: { type: 'string' } },
      },
    },
  }), async (request) => {
    const credentials = bearerOrCookie(request);
    return { user: request.principal, csrf_token: credentials ? csrfTokenFor(credentials.secret) : undefined };
  });
}
