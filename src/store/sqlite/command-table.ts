// Response commands and the state of each of their targets.
import type Database from 'better-sqlite3';
import type { Command, CommandAction, CommandTargetStatus } from '../../model/index.ts';
import type { Page, PageResult } from '../store.ts';
import { pageParams } from './query-parts.ts';
import { withoutNulls } from './rows.ts';

interface CommandRow { id: number; command_id: string; action: CommandAction; issuer_name: string; created: string; updated: string }
type TargetRow = { [K in keyof CommandTargetStatus]-?: CommandTargetStatus[K] | null };

export class CommandTable {
  private readonly insertCommand: Database.Statement<[string, string, string, string, string], { id: number }>;
  private readonly insertTarget: Database.Statement<[number, number, string, string | null, number, number, string]>;
  private readonly byCommandId: Database.Statement<[string], CommandRow>;
  private readonly targetsOf: Database.Statement<[number], TargetRow>;
  private readonly updateTarget: Database.Statement<[number, number, string, number, number]>;
  private readonly touch: Database.Statement<[string, number]>;
  private readonly newest: Database.Statement<[number, number], CommandRow>;
  private readonly count: Database.Statement<[], { total: number }>;

  constructor(private readonly db: Database.Database) {
    this.insertCommand = db.prepare('INSERT INTO commands (command_id, action, issuer_name, created, updated) VALUES (?, ?, ?, ?, ?) RETURNING id');
    this.insertTarget = db.prepare('INSERT INTO command_targets (command_ref, position, target, hash, state, error_code, message) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.byCommandId = db.prepare('SELECT id, command_id, action, issuer_name, created, updated FROM commands WHERE command_id = ?');
    this.targetsOf = db.prepare('SELECT target, hash, state, error_code, message FROM command_targets WHERE command_ref = ? ORDER BY position');
    this.updateTarget = db.prepare('UPDATE command_targets SET state = ?, error_code = ?, message = ? WHERE command_ref = ? AND position = ?');
    this.touch = db.prepare('UPDATE commands SET updated = ? WHERE id = ?');
    this.newest = db.prepare('SELECT id, command_id, action, issuer_name, created, updated FROM commands ORDER BY id DESC LIMIT ? OFFSET ?');
    this.count = db.prepare('SELECT COUNT(*) AS total FROM commands');
  }

  create(command: Command): void {
    this.db.transaction(() => {
      const { id } = this.insertCommand.get(command.command_id, command.action, command.issuer_name, command.created, command.updated)!;
      command.targets.forEach((target, position) => {
        this.insertTarget.run(id, position, target.target, target.hash ?? null, target.state, target.error_code, target.message);
      });
    }).immediate();
  }

  get(commandId: string): Command | undefined {
    const row = this.byCommandId.get(commandId);
    return row && this.withTargets(row);
  }

  updateTargets(commandId: string, targets: CommandTargetStatus[], at: string): void {
    this.db.transaction(() => {
      const row = this.byCommandId.get(commandId);
      if (!row) throw new Error(`no command ${commandId}`);
      targets.forEach((target, position) => {
        this.updateTarget.run(target.state, target.error_code, target.message, row.id, position);
      });
      this.touch.run(at, row.id);
    }).immediate();
  }

  list(page: Page): PageResult<Command> {
    return { result: this.newest.all(...pageParams(page)).map((row) => this.withTargets(row)), total: this.count.get()!.total };
  }

  private withTargets({ id, ...command }: CommandRow): Command {
    return { ...command, targets: this.targetsOf.all(id).map((row) => withoutNulls<CommandTargetStatus>(row)) };
  }
}
