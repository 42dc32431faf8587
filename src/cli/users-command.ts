// `vigil users create`: works on the database in --data-dir directly, not through the API, so that
// an admin who is locked out can still act.
import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { AccountError, createUser, recordAudit } from '../auth/index.ts';
import { USER_ROLES } from '../model/index.ts';
import { CliError } from './cli-error.ts';
import { CLI_ACTOR, dataDirOption, withDataDirStore } from './data-dir-store.ts';

interface CreateFlags {
  role: string;
  password?: string;
  dataDir?: string;
}

/** 24 characters of base64url: 144 random bits, far beyond guessing. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function create(username: string, flags: CreateFlags): Promise<void> {
  const given = flags.password ?? (process.env.VIGIL_NEW_PASSWORD || undefined);
  const password = given ?? generatePassword();
  await withDataDirStore(flags, async (store) => {
    try {
      const user = await createUser(store, username, flags.role, password);
      await recordAudit(store, CLI_ACTOR, {
        kind: 'entity', id: 1, feature: 'User', message: `User ${user.username} created with role ${user.role}.`,
        entity: { type: 'User', uid: String(user.id), name: user.username },
      });
      process.stdout.write(`Created user ${user.username} with role ${user.role}.\n`);
      if (given === undefined) process.stdout.write(`  password  ${password}\nIt is shown only this once.\n`);
    } catch (error) {
      if (error instanceof AccountError) throw new CliError(`cannot create user "${username}": ${error.message}`);
      throw error;
    }
  });
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('manage people who use Vigil (works on the database directly)');
  users.command('create <username>')
    .description('create a user; without --password or VIGIL_NEW_PASSWORD a strong password is generated and printed once')
    .addOption(new Option('--role <role>', 'what the user may do').choices(USER_ROLES).makeOptionMandatory())
    .addOption(new Option('--password <password>', 'the password, at least 12 characters [VIGIL_NEW_PASSWORD]'))
    .addOption(dataDirOption())
    .action(create);
}
