// Opening the server's database in --data-dir directly, for commands that must work without the
// API (an admin who is locked out can still act). SQLite's WAL lets them run beside a running server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Actor } from '../auth/index.ts';
import { openSqliteStore, StoreOpenError, type Store } from '../store/index.ts';
import { CliError } from './cli-error.ts';
import { resolveDataDir } from './credentials.ts';

/** Who the audit log names for changes made this way. */
export const CLI_ACTOR: Actor = { name: 'cli', uid: 'cli', ip: 'local' };

export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'the server\'s data directory [VIGIL_DATA_DIR, default ./data]');
}

/** Runs `work` on the store of the data directory and closes it afterwards. */
export async function withDataDirStore<T>(flags: { dataDir?: string }, work: (store: Store) => Promise<T>): Promise<T> {
  const databasePath = join(resolveDataDir(flags, process.env), 'vigil.db');
  // Opening a missing database would create an empty one: a typo in --data-dir must not do that.
  if (!existsSync(databasePath)) throw new CliError(`no Vigil database at ${databasePath}; pass the --data-dir the server uses (or start the server once to create it)`);
  const store = await openDataDirStore(databasePath);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Opens the database; what is wrong with the data directory becomes one line naming the path, a bug keeps its stack. */
export async function openDataDirStore(databasePath: string): Promise<Store> {
  try {
    return await openSqliteStore(databasePath);
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CliError(`cannot open the Vigil database ${databasePath}: ${error.message}`);
    throw error;
  }
}
