// A route's OpenAPI description: what it is for, what it takes and answers, and who may call it. The
// security requirement and the 401/403 answers follow from who may call it, so they cannot disagree.
import type { FastifySchema } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type Action } from '../authn.ts';
import { errorResponses, type ErrorStatuses } from './errors.ts';
import type { JsonSchema } from './shared-schema.ts';

/** The OpenAPI tags, in the order the document lists them. */
export const TAGS = [
  { name: 'Authentication', description: 'Logging in and out (/api/v1).' },
  { name: 'Events', description: 'Sending and reading events (/api/v1).' },
  { name: 'Incidents', description: 'Reading and working incidents (/api/v1).' },
  { name: 'Response', description: 'Deny and allow lists, and commands to endpoints (/api/v1).' },
  { name: 'Console', description: 'Dashboard figures, histograms, timelines, entity pages and live incident changes (/api/v1).' },
  { name: 'Detection rules', description: 'Sigma rules: list, read, enable and disable (/api/v1; docs/RULES.md).' },
  { name: 'Administration', description: 'Users, ingest tokens, OAuth clients and the audit log (/api/v1, admin only).' },
  { name: 'Symantec EDR API', description: 'The Symantec EDR compatible API (/atpapi): existing integrations work unchanged.' },
  { name: 'Service', description: 'Health, the landing page and this document.' },
] as const;

export type Tag = (typeof TAGS)[number]['name'];

/** Who may call a route: anyone, an OAuth client by its id and secret, or a principal allowed `Action`. */
export type Access = 'public' | 'client-credentials' | Action;

export const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description: 'A session token (vgs_…, from POST /api/v1/auth/login), an ingest token (vgi_…) or an OAuth client token (vgo_…, from POST /atpapi/oauth2/tokens).',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: `The console's session cookie, set by the login; a write authenticated by it also needs the ${CSRF_HEADER} header from the login answer.`,
  },
  clientCredentials: {
    type: 'http',
    scheme: 'basic',
    description: 'An OAuth client: client_id:client_secret.',
  },
} as const;

const WHO_MAY: Record<Access, string> = {
  public: 'No credential needed.',
  'client-credentials': 'Authenticated by the OAuth client id and secret (HTTP Basic).',
  read: 'Any user (viewer, analyst, admin) or OAuth client; not an ingest token.',
  'write-incident': 'An analyst, an admin or an admin OAuth client.',
  respond: 'An analyst, an admin or an admin OAuth client.',
  'operate-ingest': 'An analyst, an admin or an admin OAuth client.',
  ingest: 'An ingest token or an admin.',
  admin: 'An admin or an admin OAuth client.',
};

/** Every principal authenticates alike: a bearer token, or the console's session cookie. */
const PRINCIPAL_SECURITY: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];

function securityOf(access: Access): Record<string, string[]>[] {
  if (access === 'public') return [];
  return access === 'client-credentials' ? [{ clientCredentials: [] }] : PRINCIPAL_SECURITY;
}

const AUTH_ERRORS: ErrorStatuses = {
  401: 'No credential, or an unknown or expired token (the message then contains "Detail: invalid_token").',
  403: `The role may not do this, or a cookie-authenticated write lacks the ${CSRF_HEADER} header.`,
};

export interface RouteDoc {
  tags: [Tag];
  summary: string;
  description?: string;
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** Content types of the body when not only application/json. */
  consumes?: string[];
  /** Content types of the answer when not only application/json. */
  produces?: string[];
  /** Answers by status, each schema with a `description`; 401 and 403 come from `access`. */
  responses: Record<number, JsonSchema>;
  errors?: ErrorStatuses;
}

export function describeRoute(access: Access, { description, responses, errors, ...doc }: RouteDoc): FastifySchema {
  // A client-credentials route words its own 401: OAuth errors name their RFC 6749 code.
  const authErrors = access === 'public' || access === 'client-credentials' ? {} : AUTH_ERRORS;
  return {
    ...doc,
    description: [description, WHO_MAY[access]].filter(Boolean).join('\n\n'),
    security: securityOf(access),
    response: { ...responses, ...errorResponses({ ...authErrors, ...errors }) },
  };
}
