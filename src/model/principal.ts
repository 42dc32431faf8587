// Who is calling: people (admin, analyst, viewer), senders (ingest tokens) and OAuth clients.

export const ROLES = ['admin', 'analyst', 'viewer', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of people; `ingest` tokens may only write events. */
export const USER_ROLES = ['admin', 'analyst', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: number;
  username: string;
  role: UserRole;
  created: string;
}

export interface Principal {
  kind: 'user' | 'ingest' | 'oauth';
  /** The user's id, the ingest token's id, or the OAuth client's id. */
  id: number;
  name: string;
  role: Role;
}

/**
 * What each role may do. Reading needs viewer; changing incidents, responding (deny/allow lists,
 * commands to endpoints) and working the ingest (listener counters, dead letters and their replay,
 * which show raw lines from the network) need analyst, as a SOC's analysts contain what they
 * investigate.
 */
export function can(role: Role, action: 'read' | 'write-incident' | 'respond' | 'operate-ingest' | 'ingest' | 'admin'): boolean {
  switch (action) {
    case 'ingest': return role === 'ingest' || role === 'admin';
    case 'read': return role !== 'ingest';
    case 'write-incident':
    case 'respond':
    case 'operate-ingest': return role === 'admin' || role === 'analyst';
    case 'admin': return role === 'admin';
  }
}
