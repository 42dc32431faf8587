// First start: an empty database gets an admin account and an ingest token, with the secrets the
// caller chose (from the environment when automation set them, else freshly generated: serve.ts,
// which keeps them on disk before they are committed).
import type { Store } from '../store/index.ts';
import { AccountError, createIngestToken, createUser, ingestTokenProblem } from './accounts.ts';
import { passwordProblem } from './passwords.ts';

/** The first account's username. */
export const FIRST_ADMIN = 'admin';

/** Creates the first accounts on an empty database; false when it has an account already. */
export async function bootstrapIfEmpty(store: Store, secrets: { adminPassword: string; ingestToken: string }): Promise<boolean> {
  if ((await store.countUsers()) > 0) return false;
  // Both checked before anything is written, so a bad secret leaves the database empty to retry.
  const problem = passwordProblem(secrets.adminPassword) || ingestTokenProblem(secrets.ingestToken);
  if (problem) throw new AccountError(problem);
  await createUser(store, FIRST_ADMIN, 'admin', secrets.adminPassword);
  await createIngestToken(store, 'default', secrets.ingestToken);
  return true;
}
