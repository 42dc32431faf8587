// `vigil rules test RULE EVENTS` runs the rules of one Sigma file over a file of events, offline, and
// prints what matched; `vigil rules check PATH...` loads rule files and says which were rejected and why.
import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import {
  compileRuleFile, fieldViewOf, hasEventSource, loadRuleTree, SigmaEngine,
  type LogSource, type RuleFileResult, type SigmaRule, type SigmaRuleError,
} from '../detect/sigma/index.ts';
import { CliError } from './cli-error.ts';
import { EventReader, type Position, type ReadEntry } from './event-reader.ts';
import { decodedText, openInput } from './ingest-source.ts';

const SHOWN_MATCHES = 20;
const SHOWN_UNREADABLE = 10;
const SUMMARY_FIELDS = ['EventID', 'Channel', 'Provider_Name', 'Image', 'CommandLine'];
const SUMMARY_VALUE_LENGTH = 120;

interface Match {
  index: number;
  at: Position;
  event: Record<string, unknown>;
}

/** One rule of the file under test, with what it matched so far. */
class RuleRun {
  private readonly engine: SigmaEngine;
  /**
   * Windows rules meet events by their channel. A rule whose source has no channel (linux auditd, a
   * cloud audit log) is offered every event, as if they all came from its log source.
   */
  private readonly logsource: LogSource | undefined;
  count = 0;
  readonly matches: Match[] = [];

  constructor(readonly rule: SigmaRule, private readonly keepAll: boolean) {
    this.engine = new SigmaEngine([rule]);
    this.logsource = hasEventSource(rule.bindings) ? undefined : rule.logsource;
  }

  test(match: Match): void {
    if (this.engine.match(match.event, this.logsource).length === 0) return;
    this.count++;
    if (this.keepAll || this.matches.length < SHOWN_MATCHES) this.matches.push(match);
  }
}

function readRuleFile(path: string): RuleFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return compileRuleFile(text, path);
}

function reportRejections(errors: readonly SigmaRuleError[]): void {
  for (const error of errors) process.stderr.write(`vigil: ${error.message}\n`);
  if (errors.length > 0) process.exitCode = 1;
}

interface ReadTotals {
  events: number;
  unreadable: number;
}

/** Reads the events of `path` and offers each to every rule. */
async function testEvents(path: string, runs: readonly RuleRun[]): Promise<ReadTotals> {
  const input = openInput(path);
  const lines = createInterface({ input: Readable.from(decodedText(input)), crlfDelay: Infinity });
  const reader = new EventReader();
  const totals: ReadTotals = { events: 0, unreadable: 0 };
  const take = (entries: ReadEntry[]): void => {
    for (const entry of entries) {
      if (entry.kind === 'event') {
        totals.events++;
        for (const run of runs) run.test({ index: totals.events, at: entry.at, event: entry.event });
      } else if (++totals.unreadable <= SHOWN_UNREADABLE) {
        process.stderr.write(`vigil: ${input.name}:${entry.at.line}:${entry.at.column}: ${entry.reason} (skipped)\n`);
      }
    }
  };
  let first = true;
  for await (const line of lines) {
    take(reader.push(`${first ? line.replace(/^\uFEFF/, '') : line}\n`));
    first = false;
  }
  take(reader.end());
  if (totals.unreadable > SHOWN_UNREADABLE) process.stderr.write(`vigil: …and ${totals.unreadable - SHOWN_UNREADABLE} more unreadable entries skipped\n`);
  return totals;
}

/** EventID, channel or provider, image and command line, when the event has them. */
function summaryOf(event: Record<string, unknown>): string {
  const view = fieldViewOf(event);
  const parts = SUMMARY_FIELDS.flatMap((field) => {
    const value = view.get(field);
    if (value === undefined || value === null || typeof value === 'object') return [];
    const text = String(value);
    return [`${field} ${text.length > SUMMARY_VALUE_LENGTH ? `${text.slice(0, SUMMARY_VALUE_LENGTH)}…` : text}`];
  });
  return parts.length > 0 ? parts.join('  ') : JSON.stringify(event).slice(0, SUMMARY_VALUE_LENGTH);
}

function runText(run: RuleRun, totals: ReadTotals): string {
  const { rule } = run;
  const lines = [
    `Rule ${rule.id ?? '(no id)'}: ${rule.title}${rule.document > 1 ? `  (document ${rule.document} of ${rule.file})` : ''}`,
    `  events read  ${totals.events}${totals.unreadable > 0 ? ` (${totals.unreadable} unreadable skipped)` : ''}`,
    `  matched      ${run.count}`,
    ...run.matches.map((match) => `  event ${match.index} (line ${match.at.line})  ${summaryOf(match.event)}`),
  ];
  if (run.count > run.matches.length) lines.push(`  …and ${run.count - run.matches.length} more`);
  return lines.join('\n') + '\n';
}

async function testRule(rulePath: string, eventsPath: string, flags: { json?: boolean }): Promise<void> {
  const { rules, errors } = readRuleFile(rulePath);
  reportRejections(errors);
  if (rules.length === 0) return;
  const runs = rules.map((rule) => new RuleRun(rule, flags.json === true));
  const totals = await testEvents(eventsPath, runs);
  for (const run of runs) {
    process.stdout.write(flags.json
      ? JSON.stringify({ rule: run.rule.id ?? run.rule.title, matches: run.count, events: run.matches.map((match) => match.event) }) + '\n'
      : runText(run, totals));
  }
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function check(paths: string[]): void {
  const files = paths.flatMap((path) => {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      throw new CliError(`cannot read ${path}: no such file or directory`);
    }
    return directory ? loadRuleTree([path]).files : [readRuleFile(path)];
  });
  const errors = files.flatMap((file) => file.errors);
  reportRejections(errors);
  const loaded = files.reduce((sum, file) => sum + file.rules.length, 0);
  const rejectedFiles = files.filter((file) => file.errors.length > 0).length;
  process.stdout.write(`Loaded ${counted(loaded, 'rule')} from ${counted(files.length, 'file')}; ${errors.length} rejected${errors.length > 0 ? ` (in ${counted(rejectedFiles, 'file')})` : ''}.\n`);
}

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('Sigma detection rules, offline (no server, no database)');
  rules.command('test <rule> <events>')
    .description('run the rules of a Sigma file over events (JSON, NDJSON or concatenated objects; .gz; - for stdin) and print the matches')
    .option('--json', 'one line per rule: {"rule": <id>, "matches": <count>, "events": [<matching events>]}')
    .action(testRule);
  rules.command('check <paths...>')
    .description('load Sigma files and directories and report the rejected rules with file:line:column and why; exit 1 if any')
    .action(check);
}
