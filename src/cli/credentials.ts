// Where the client commands find the server and who they are: flags, then VIGIL_* variables,
// then the first-start credentials.json that `vigil serve` wrote into the data directory.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from './cli-error.ts';
import { withoutBlankVariables } from './environment.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** Written by `vigil serve` on first start into the data directory, mode 0600. */
export const CREDENTIALS_FILE = 'credentials.json';

/** The file `vigil serve` writes on first start. */
export interface CredentialsFile {
  server?: string;
  username?: string;
  password?: string;
  ingest_token?: string;
}

export interface ClientFlags {
  server?: string;
  dataDir?: string;
  token?: string;
  user?: string;
  password?: string;
}

/** How to authenticate: a bearer token as is, or a login that yields one. */
export type Credentials =
  | { kind: 'token'; token: string; source: string }
  | { kind: 'login'; username: string; password: string; source: string };

export function resolveDataDir(flags: ClientFlags, env: NodeJS.ProcessEnv): string {
  if (flags.dataDir?.trim() === '') throw new CliError('--data-dir is empty; leave it out for the default');
  return resolve(flags.dataDir ?? withoutBlankVariables(env).VIGIL_DATA_DIR ?? 'data');
}

/** credentials.json of the data directory, or undefined when there is none. */
export function readCredentialsFile(dataDir: string): CredentialsFile | undefined {
  const path = join(dataDir, CREDENTIALS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as CredentialsFile;
  } catch {
    throw new CliError(`${path} is not valid JSON; delete it or pass --server and credentials explicitly`);
  }
}

export function resolveServer(flags: ClientFlags, env: NodeJS.ProcessEnv, file: CredentialsFile | undefined): string {
  const server = flags.server ?? withoutBlankVariables(env).VIGIL_SERVER ?? file?.server ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`"${server}" is not a server URL; use e.g. --server http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`the server URL must start with http:// or https://, got "${server}"`);
  return server.replace(/\/+$/, '');
}

/** A bearer token is printable ASCII (an HTTP header allows no more); say where a bad one came from. */
function bearer(token: string, source: string): Credentials {
  if (!/^[\x21-\x7e]+$/.test(token)) throw new CliError(`the token from ${source} is not a valid token: only printable ASCII characters, no spaces or line breaks`);
  return { kind: 'token', token, source };
}

function login(username: string, password: string | undefined, source: string): Credentials {
  if (password === undefined) throw new CliError(`a password is needed for user "${username}": pass --password or set VIGIL_PASSWORD`);
  return { kind: 'login', username, password, source };
}

/**
 * Credentials for reading and changing data. Flags beat the environment, which beats the
 * local first-start admin, so an explicit choice always wins over an ambient one.
 */
export function resolveUserCredentials(flags: ClientFlags, env: NodeJS.ProcessEnv, file: CredentialsFile | undefined): Credentials {
  if (flags.token) return bearer(flags.token, '--token');
  if (flags.user) return login(flags.user, flags.password ?? env.VIGIL_PASSWORD, '--user');
  if (env.VIGIL_TOKEN) return bearer(env.VIGIL_TOKEN, 'VIGIL_TOKEN');
  if (env.VIGIL_USER) return login(env.VIGIL_USER, flags.password ?? env.VIGIL_PASSWORD, 'VIGIL_USER');
  if (file?.username && file.password) return login(file.username, file.password, CREDENTIALS_FILE);
  throw new CliError(`no credentials: pass --token, or --user and --password (VIGIL_TOKEN, VIGIL_USER, VIGIL_PASSWORD), or --data-dir of a server whose ${CREDENTIALS_FILE} holds the first-start admin`);
}

/** The token that sends events: an ingest token (or any token allowed to ingest). */
export function resolveIngestCredentials(flags: ClientFlags, env: NodeJS.ProcessEnv, file: CredentialsFile | undefined): Credentials {
  if (flags.token) return bearer(flags.token, '--token');
  if (env.VIGIL_INGEST_TOKEN) return bearer(env.VIGIL_INGEST_TOKEN, 'VIGIL_INGEST_TOKEN');
  if (env.VIGIL_TOKEN) return bearer(env.VIGIL_TOKEN, 'VIGIL_TOKEN');
  if (file?.ingest_token) return bearer(file.ingest_token, CREDENTIALS_FILE);
  throw new CliError(`no ingest token: pass --token or set VIGIL_INGEST_TOKEN, or --data-dir of a server whose ${CREDENTIALS_FILE} holds the first-start ingest token`);
}
