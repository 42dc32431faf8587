// People and senders: creating users and tokens, logging in, and resolving a bearer secret
// to the principal behind it.
import { randomBytes } from 'node:crypto';
import { USER_ROLES, type Principal, type User, type UserRole } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { hashSecret, newSecret } from './tokens.ts';

export const SESSION_HOURS = 12;

export class AccountError extends Error {}

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
/** A hash no password matches (its key is random), checked against when the user does not exist. */
const UNKNOWN_USER_HASH = `scrypt$16384$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`;
/** An ingest token set by automation must be as hard to guess as a generated one. */
const MIN_PRESET_TOKEN_LENGTH = 24;

export async function createUser(store: Store, username: string, role: string, password: string): Promise<User> {
  if (!USERNAME.test(username)) throw new AccountError('a username is 1–64 letters, digits or . _ @ -');
  if (!(USER_ROLES as readonly string[]).includes(role)) throw new AccountError(`role must be one of ${USER_ROLES.join(', ')}`);
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem);
  if (await store.findUser(username)) throw new AccountError(`user "${username}" already exists`);
  return store.createUser(username, role as UserRole, await hashPassword(password));
}

/** Creates an ingest token and returns its secret, which is shown once and never stored. */
export function ingestTokenProblem(secret: string): string | undefined {
  if (secret.length < MIN_PRESET_TOKEN_LENGTH || /\s/.test(secret)) return `an ingest token needs at least ${MIN_PRESET_TOKEN_LENGTH} characters and no spaces`;
  return undefined;
}

export async function createIngestToken(store: Store, name: string, secret = newSecret('vgi')): Promise<string> {
  const problem = ingestTokenProblem(secret);
  if (problem) throw new AccountError(problem);
  await store.createToken({ hash: hashSecret(secret), kind: 'ingest', role: 'ingest', user_id: null, name, expires: null });
  return secret;
}

export interface Session { token: string; user: User; expires: string }

/** Checks a password and opens a session; undefined for a wrong user or password alike. */
export async function login(store: Store, username: string, password: string, now = new Date()): Promise<Session | undefined> {
  const found = await store.findUser(username);
  // An unknown user costs the same scrypt work as a wrong password, so timing does not tell which.
  const matches = await verifyPassword(password, found?.password_hash ?? UNKNOWN_USER_HASH);
  if (!found || !matches) return undefined;
  const token = newSecret('vgs');
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await store.createToken({ hash: hashSecret(token), kind: 'session', role: found.role, user_id: found.id, name: found.username, expires });
  const { password_hash: _hash, ...user } = found;
  return { token, user, expires };
}

export async function logout(store: Store, token: string): Promise<void> {
  await store.deleteToken(hashSecret(token));
}

export async function authenticate(store: Store, secret: string, now = new Date()): Promise<Principal | undefined> {
  const token = await store.findToken(hashSecret(secret));
  if (!token) return undefined;
  if (token.expires && Date.parse(token.expires) <= now.getTime()) return undefined;
  if (token.kind === 'ingest') return { kind: 'ingest', id: token.id, name: token.name, role: 'ingest' };
  // A client's role cannot change, so the role stored with its token stays true until it expires.
  if (token.kind === 'oauth') return token.oauth_client_id ? { kind: 'oauth', id: token.oauth_client_id, name: token.name, role: token.role } : undefined;
  // A session carries the user's role at login; re-read it so a demoted user loses rights at once.
  const user = token.user_id === null ? undefined : await store.getUser(token.user_id);
  return user && { kind: 'user', id: user.id, name: user.username, role: user.role };
}
