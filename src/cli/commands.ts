// The commands that talk to a running server, or work on its database or offline (attack, rules).
import type { Command } from 'commander';
import { registerAttackCommand } from './attack-command.ts';
import { registerClientsCommand } from './clients-command.ts';
import { registerDeadLettersCommand } from './dead-letters-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerIncidentsCommand } from './incidents-command.ts';
import { registerIngestCommand } from './ingest-command.ts';
import { registerRulesCommand } from './rules-command.ts';
import { registerUsersCommand } from './users-command.ts';

export function registerClientCommands(program: Command): void {
  registerIngestCommand(program);
  registerDemoCommand(program);
  registerIncidentsCommand(program);
  registerUsersCommand(program);
  registerAttackCommand(program);
  registerClientsCommand(program);
  registerRulesCommand(program);
  registerDeadLettersCommand(program);
}
