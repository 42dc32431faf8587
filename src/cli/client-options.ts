// The options every client command shares, and the API client they lead to.
import { Option, type Command } from 'commander';
import { ApiClient } from './client.ts';
import {
  readCredentialsFile, resolveDataDir, resolveIngestCredentials, resolveServer, resolveUserCredentials, type ClientFlags,
} from './credentials.ts';

export interface CommonFlags extends ClientFlags {
  json?: boolean;
}

export function addServerOptions(command: Command): Command {
  return command
    .addOption(new Option('--server <url>', 'the Vigil server [VIGIL_SERVER, default: credentials.json\'s server, else http://127.0.0.1:8080]'))
    .addOption(new Option('--data-dir <dir>', 'data directory whose credentials.json to use [VIGIL_DATA_DIR, default ./data]'))
    .addOption(new Option('--token <token>', 'bearer token [VIGIL_TOKEN; for ingest also VIGIL_INGEST_TOKEN]'));
}

export function addLoginOptions(command: Command): Command {
  return command
    .addOption(new Option('--user <name>', 'log in as this user [VIGIL_USER]'))
    .addOption(new Option('--password <password>', 'password for --user [VIGIL_PASSWORD]'));
}

export function addJsonOption(command: Command): Command {
  return command.addOption(new Option('--json', 'print machine-readable JSON on stdout'));
}

/** What --json prints: the value, indented for people and parseable by scripts. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A client acting as a person (viewer, analyst, admin). */
export function userClient(flags: ClientFlags, env = process.env): ApiClient {
  const file = readCredentialsFile(resolveDataDir(flags, env));
  return new ApiClient(resolveServer(flags, env, file), resolveUserCredentials(flags, env, file));
}

/** A client holding an ingest token. */
export function ingestClient(flags: ClientFlags, env = process.env): ApiClient {
  const file = readCredentialsFile(resolveDataDir(flags, env));
  return new ApiClient(resolveServer(flags, env, file), resolveIngestCredentials(flags, env, file));
}
