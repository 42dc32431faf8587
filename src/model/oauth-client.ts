// OAuth2 clients, as Symantec EDR integrations use them: a client_id and secret exchanged for a
// bearer token. EDR knows two client roles; each maps onto a Vigil role.
import type { Role } from './principal.ts';

export const OAUTH_CLIENT_ROLES = ['admin', 'user'] as const;
export type OAuthClientRole = (typeof OAUTH_CLIENT_ROLES)[number];

export interface OAuthClient {
  client_id: string;
  name: string;
  role: OAuthClientRole;
  created: string;
}

/** EDR's Admin role may use every API (Vigil admin); its User role only reads (Vigil viewer). */
export const VIGIL_ROLE_OF_CLIENT: Readonly<Record<OAuthClientRole, Role>> = { admin: 'admin', user: 'viewer' };
