// First start: an empty database gets an admin account and an ingest token, from the
// environment when automation set them, else freshly generated.
import type { Store } from '../store/index.ts';
import { AccountError, createIngestToken, createUser, ingestTokenProblem } from './accounts.ts';
import { passwordProblem } from './passwords.ts';
import { newPassword } from './tokens.ts';

export interface FirstStartCredentials {
  username: string;
  password: string;
  ingestToken: string;
  /** Whether the values came from the environment (then they are not printed). */
  fromEnvironment: { password: boolean; ingestToken: boolean };
}

export async function bootstrapIfEmpty(store: Store, preset: { adminPassword?: string; ingestToken?: string }): Promise<FirstStartCredentials | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  // Both checked before anything is written, so a bad preset leaves the database empty to retry.
  const problem = (preset.adminPassword && passwordProblem(preset.adminPassword)) || (preset.ingestToken && ingestTokenProblem(preset.ingestToken));
  if (problem) throw new AccountError(problem);
  const password = preset.adminPassword || newPassword();
  await createUser(store, 'admin', 'admin', password);
  const ingestToken = await createIngestToken(store, 'default', preset.ingestToken || undefined);
  return {
    username: 'admin',
    password,
    ingestToken,
    fromEnvironment: { password: Boolean(preset.adminPassword), ingestToken: Boolean(preset.ingestToken) },
  };
}
