// Bearer tokens: random secrets handed out once; only their sha256 is stored, so a leaked
// database does not leak usable credentials.
import { createHash, randomBytes } from 'node:crypto';

/** Prefixes tell a reader (and secret scanners) what a token is for: session, ingest, OAuth
 * client secret, OAuth access token. */
export type TokenPrefix = 'vgs' | 'vgi' | 'vgc' | 'vgo';

export function newSecret(prefix: TokenPrefix): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A password generated for the first admin: long, unambiguous, no shell-special characters. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
