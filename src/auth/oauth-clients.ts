// OAuth2 clients (client credentials grant): creating and deleting them, and exchanging a
// client's id and secret for a bearer token that lives 60 minutes, as on Symantec EDR.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { OAUTH_CLIENT_ROLES, VIGIL_ROLE_OF_CLIENT, type OAuthClient, type OAuthClientRole } from '../model/index.ts';
import type { Store, StoredOAuthClient } from '../store/index.ts';
import { AccountError } from './accounts.ts';
import { recordAudit, type Actor } from './audit.ts';
import { hashSecret, newSecret } from './tokens.ts';

/** EDR clients cache a token for 60 minutes and then ask again. */
export const OAUTH_TOKEN_SECONDS = 3600;

const CLIENT_NAME = /^[\w .@-]{1,64}$/;

export interface NewOAuthClient extends OAuthClient {
  /** Shown once: only its hash is stored. */
  client_secret: string;
}

export interface AccessToken {
  access_token: string;
  expires: string;
}

/** Creates a client and audits it; the caller shows the secret once. */
export async function createOAuthClient(store: Store, actor: Actor, role: string, name?: string): Promise<NewOAuthClient> {
  if (!(OAUTH_CLIENT_ROLES as readonly string[]).includes(role)) throw new AccountError(`role must be one of ${OAUTH_CLIENT_ROLES.join(', ')}`);
  if (name !== undefined && !CLIENT_NAME.test(name)) throw new AccountError('a client name is 1–64 letters, digits, spaces or . _ @ -');
  // An opaque id: 32 hex characters, as long as EDR's own client ids.
  const clientId = randomBytes(16).toString('hex');
  const secret = newSecret('vgc');
  // sha256 rather than scrypt: the secret carries 256 random bits, so even a fast hash cannot be
  // reversed by guessing; a slow hash only protects low-entropy, human-chosen passwords and would
  // cost every token request its work factor.
  const client = await store.createOAuthClient({ client_id: clientId, secret_hash: hashSecret(secret), role: role as OAuthClientRole, name: name ?? clientId });
  await recordAudit(store, actor, {
    kind: 'entity', id: 1, feature: 'OAuth Client', message: `OAuth client ${client.name} created with role ${client.role}.`,
    entity: { type: 'OAuthClient', uid: client.client_id, name: client.name },
  });
  return { ...client, client_secret: secret };
}

/** Deletes a client, which revokes its tokens, and audits it; false when there is no such client. */
export async function deleteOAuthClient(store: Store, actor: Actor, clientId: string): Promise<boolean> {
  const client = await store.findOAuthClient(clientId);
  if (!client || !(await store.deleteOAuthClient(clientId))) return false;
  await recordAudit(store, actor, {
    kind: 'entity', id: 3, feature: 'OAuth Client', message: `OAuth client ${client.name} deleted.`,
    entity: { type: 'OAuthClient', uid: client.client_id, name: client.name },
  });
  return true;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Checks a client's credentials; the client, or undefined for an unknown id or a wrong secret alike. */
export async function verifyOAuthClient(store: Store, clientId: string, secret: string): Promise<StoredOAuthClient | undefined> {
  const client = await store.findOAuthClient(clientId);
  return client && sameHash(hashSecret(secret), client.secret_hash) ? client : undefined;
}

/** A bearer token for a verified client, carrying the Vigil role its client role maps to. */
export async function issueOAuthToken(store: Store, client: StoredOAuthClient, now = new Date()): Promise<AccessToken> {
  const token = newSecret('vgo');
  const expires = new Date(now.getTime() + OAUTH_TOKEN_SECONDS * 1000).toISOString();
  await store.createToken({
    hash: hashSecret(token), kind: 'oauth', role: VIGIL_ROLE_OF_CLIENT[client.role], user_id: null, oauth_client_id: client.id, name: client.name, expires,
  });
  return { access_token: token, expires };
}
