// Authentication and authorization of every request: a Bearer token (scripts, senders) or the
// console's session cookie, which additionally needs a CSRF header on writes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/index.ts';
import { can, type Principal } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_HEADER = 'x-csrf-token';

export type Action = Parameters<typeof can>[1];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The CSRF token of a session: derived from its secret, so nothing more needs storing. */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update(`csrf:${sessionSecret}`).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function bearerOrCookie(request: FastifyRequest): { secret: string; viaCookie: boolean } | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? { secret: match[1], viaCookie: false } : undefined;
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { secret: cookie, viaCookie: true } : undefined;
}

const ACTION_WORDS: Record<Action, string> = {
  read: 'read data',
  'write-incident': 'change incidents',
  respond: 'change deny/allow lists or send commands to endpoints',
  'operate-ingest': 'see listener counters or read and replay dead letters',
  ingest: 'send events',
  admin: 'administer Vigil',
};

/** A hook that admits only principals allowed to perform `action`. */
export function requireAction(store: Store, action: Action) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const credentials = bearerOrCookie(request);
    if (!credentials) throw new ApiError(401, 'authentication required: send "Authorization: Bearer <token>" (POST /api/v1/auth/login gives one)');
    const principal = await authenticate(store, credentials.secret);
    // Phantom's Symantec EDR app fetches a new token and retries when it reads "Detail: invalid_token".
    if (!principal) throw new ApiError(401, 'The token is unknown or has expired. Detail: invalid_token');
    if (!can(principal.role, action)) throw new ApiError(403, `the ${principal.role} role may not ${ACTION_WORDS[action]}`);
    if (credentials.viaCookie && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameText(sent, csrfTokenFor(credentials.secret))) {
        throw new ApiError(403, `a cookie-authenticated write needs the ${CSRF_HEADER} header from the login answer`);
      }
    }
    request.principal = principal;
  };
}
