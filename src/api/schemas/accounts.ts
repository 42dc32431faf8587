// Who uses Vigil: users, the principal behind a credential, sessions, OAuth clients and their tokens.
import { OAUTH_CLIENT_ROLES, ROLES, USER_ROLES } from '../../model/index.ts';
import { ref, type SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;

export const USER = {
  $id: 'User',
  type: 'object',
  required: ['id', 'username', 'role', 'created'],
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    role: { type: 'string', enum: USER_ROLES },
    created: TIME,
  },
} as const satisfies SharedSchema;

export const PRINCIPAL = {
  $id: 'Principal',
  type: 'object',
  description: 'Who a credential belongs to: a user, an ingest token or an OAuth client.',
  required: ['kind', 'id', 'name', 'role'],
  properties: {
    kind: { type: 'string', enum: ['user', 'ingest', 'oauth'] },
    id: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string', enum: ROLES },
  },
} as const satisfies SharedSchema;

export const LOGIN_ANSWER = {
  $id: 'LoginAnswer',
  type: 'object',
  description: 'A session: `token` for scripts; the answer also sets the HttpOnly session cookie for the console.',
  required: ['token', 'csrf_token', 'expires', 'user'],
  properties: {
    token: { type: 'string', description: 'Send as "Authorization: Bearer <token>".' },
    csrf_token: { type: 'string', description: 'The X-CSRF-Token header that cookie-authenticated writes need.' },
    expires: TIME,
    user: ref(USER),
  },
} as const satisfies SharedSchema;

export const OAUTH_CLIENT = {
  $id: 'OAuthClient',
  type: 'object',
  required: ['client_id', 'name', 'role', 'created'],
  properties: {
    client_id: { type: 'string', description: '32 hex characters.' },
    name: { type: 'string' },
    role: { type: 'string', enum: OAUTH_CLIENT_ROLES, description: 'admin: every API (Vigil admin); user: read only (Vigil viewer).' },
    created: TIME,
  },
} as const satisfies SharedSchema;

export const NEW_OAUTH_CLIENT = {
  $id: 'NewOAuthClient',
  description: 'A created client with its secret, shown in this answer only.',
  allOf: [ref(OAUTH_CLIENT), { type: 'object', required: ['client_secret'], properties: { client_secret: { type: 'string' } } }],
} as const satisfies SharedSchema;

export const OAUTH_TOKEN = {
  $id: 'OAuthToken',
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in'],
  properties: {
    access_token: { type: 'string', description: 'Send as "Authorization: Bearer <access_token>".' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'Seconds the token lives.' },
  },
} as const satisfies SharedSchema;
