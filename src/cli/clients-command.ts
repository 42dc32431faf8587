// `vigil clients create|list|delete`: OAuth2 clients for Symantec EDR integrations, managed on
// the database in --data-dir directly, like `vigil users`.
import { Option, type Command } from 'commander';
import { AccountError, createOAuthClient, deleteOAuthClient } from '../auth/index.ts';
import { OAUTH_CLIENT_ROLES } from '../model/index.ts';
import { CliError } from './cli-error.ts';
import { addJsonOption, printJson } from './client-options.ts';
import { CLI_ACTOR, dataDirOption, withDataDirStore } from './data-dir-store.ts';
import { renderTable, terminalWidth } from './table.ts';

interface Flags {
  dataDir?: string;
  json?: boolean;
}

interface CreateFlags extends Flags {
  role: string;
  name?: string;
}

async function create(flags: CreateFlags): Promise<void> {
  const client = await withDataDirStore(flags, async (store) => {
    try {
      return await createOAuthClient(store, CLI_ACTOR, flags.role, flags.name);
    } catch (error) {
      if (error instanceof AccountError) throw new CliError(`cannot create the OAuth client: ${error.message}`);
      throw error;
    }
  });
  if (flags.json) return printJson({ client_id: client.client_id, client_secret: client.client_secret, role: client.role });
  process.stdout.write([
    `Created OAuth client ${client.name} with role ${client.role}.`,
    `  client_id      ${client.client_id}`,
    `  client_secret  ${client.client_secret}`,
    'Store the secret now: it is shown only this once and cannot be recovered.',
    '',
  ].join('\n'));
}

async function list(flags: Flags): Promise<void> {
  const clients = await withDataDirStore(flags, (store) => store.listOAuthClients());
  if (flags.json) return printJson(clients);
  if (clients.length === 0) return void process.stdout.write('No OAuth clients. Create one with: vigil clients create --role user\n');
  process.stdout.write(renderTable(
    [{ header: 'CLIENT ID' }, { header: 'ROLE' }, { header: 'CREATED' }, { header: 'NAME', flex: true }],
    clients.map((client) => [client.client_id, client.role, client.created, client.name]),
    terminalWidth(),
  ));
}

async function remove(clientId: string, flags: Flags): Promise<void> {
  const deleted = await withDataDirStore(flags, (store) => deleteOAuthClient(store, CLI_ACTOR, clientId));
  if (!deleted) throw new CliError(`no OAuth client ${clientId} (vigil clients list shows them)`);
  process.stdout.write(`Deleted OAuth client ${clientId}; its tokens no longer work.\n`);
}

export function registerClientsCommand(program: Command): void {
  const clients = program.command('clients').description('manage OAuth2 clients of Symantec EDR integrations (works on the database directly)');
  addJsonOption(clients.command('create')
    .description('create a client; its secret is printed once')
    .addOption(new Option('--role <role>', 'admin uses every API; user only reads').choices(OAUTH_CLIENT_ROLES).makeOptionMandatory())
    .addOption(new Option('--name <name>', 'what the client is for (default: its client_id)'))
    .addOption(dataDirOption()))
    .action(create);
  addJsonOption(clients.command('list').description('list the clients (never their secrets)').addOption(dataDirOption()))
    .action(list);
  clients.command('delete <client_id>')
    .description('delete a client; the tokens it was issued stop working')
    .addOption(dataDirOption())
    .action(remove);
}
