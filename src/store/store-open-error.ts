// What stops a store from opening that lies in the data, not in the code: a database file that
// cannot be opened or is not a database, a secret key file that cannot be read or is not one. The
// CLI says so in one line; any other error is a bug and keeps its stack.
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';

  constructor(readonly path: string, reason: string) {
    super(reason);
  }
}

/** Runs `open`, giving what it throws as a StoreOpenError about `path`. */
export function openingFile<T>(path: string, open: () => T): T {
  try {
    return open();
  } catch (error) {
    throw new StoreOpenError(path, error instanceof Error ? error.message : String(error));
  }
}
