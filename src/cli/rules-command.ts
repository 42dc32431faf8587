// `vigil rules test RULE EVENTS` runs the rules of one Sigma file over a file of events, offline, and
// prints what matched (and what its correlation rules found); `vigil rules check PATH...` loads rule files and says which were rejected and why.
// `import`, `list`, `show`, `enable`, `disable` and `placeholders` work on the rules kept in the server's database.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { recordAudit } from '../auth/index.ts';
import { compileRulePaths, importRules, parsePlaceholders, PlaceholderError, storedPlaceholders, storePlaceholders } from '../detect/index.ts';
import {
  compileRuleFile, CorrelationEngine, fieldViewOf, hasEventSource, SigmaEngine,
  type CorrelationHit, type LogSource, type RuleFileResult, type SigmaRule, type SigmaRuleError,
} from '../detect/sigma/index.ts';
import type { RuleSummary, StoredRule } from '../store/index.ts';
import { CliError } from './cli-error.ts';
import { CLI_ACTOR, dataDirOption, withDataDirStore } from './data-dir-store.ts';
import { EventReader, type Position, type ReadEntry } from './event-reader.ts';
import { decodedText, openInput } from './ingest-source.ts';
import { renderTable, terminalWidth } from './table.ts';

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

  test(match: Match): boolean {
    if (this.engine.match(match.event, this.logsource).length === 0) return false;
    this.count++;
    if (this.keepAll || this.matches.length < SHOWN_MATCHES) this.matches.push(match);
    return true;
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
async function testEvents(path: string, runs: readonly RuleRun[], onMatch: (rule: SigmaRule, event: Record<string, unknown>) => void): Promise<ReadTotals> {
  const input = openInput(path);
  const lines = createInterface({ input: Readable.from(decodedText(input)), crlfDelay: Infinity });
  const reader = new EventReader();
  const totals: ReadTotals = { events: 0, unreadable: 0 };
  const take = (entries: ReadEntry[]): void => {
    for (const entry of entries) {
      if (entry.kind === 'event') {
        totals.events++;
        for (const run of runs) if (run.test({ index: totals.events, at: entry.at, event: entry.event })) onMatch(run.rule, entry.event);
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

/** A correlation rule's hits: group, number, events and event times of each. */
function correlationText(engine: CorrelationEngine, hits: readonly CorrelationHit[]): string {
  return engine.rules.map((rule) => {
    const own = hits.filter((hit) => hit.rule === rule);
    const lines = [
      `Correlation ${rule.id ?? rule.name ?? '(no id)'}: ${rule.title}  (${rule.type}, document ${rule.document} of ${rule.file})`,
      `  hits         ${own.length}`,
      ...own.slice(0, SHOWN_MATCHES).map((hit) => `  ${Object.entries(hit.groupKey).map(([name, value]) => `${name}=${value}`).join(' ') || '(all)'}  value ${hit.value}, `
        + `${counted(hit.eventCount, 'event')}, ${new Date(hit.firstTime).toISOString()} … ${new Date(hit.lastTime).toISOString()}`),
    ];
    if (own.length > SHOWN_MATCHES) lines.push(`  …and ${own.length - SHOWN_MATCHES} more`);
    return lines.join('\n') + '\n';
  }).join('');
}

async function testRule(rulePath: string, eventsPath: string, flags: { json?: boolean }): Promise<void> {
  const { rules, correlations, errors } = readRuleFile(rulePath);
  reportRejections(errors);
  if (rules.length === 0) return;
  const runs = rules.map((rule) => new RuleRun(rule, flags.json === true));
  const correlating = new CorrelationEngine(correlations);
  const hits: CorrelationHit[] = [];
  const totals = await testEvents(eventsPath, runs, (rule, event) => hits.push(...correlating.observe(rule, event)));
  hits.push(...correlating.flush());
  for (const run of runs) {
    process.stdout.write(flags.json
      ? JSON.stringify({ rule: run.rule.id ?? run.rule.title, matches: run.count, events: run.matches.map((match) => match.event) }) + '\n'
      : runText(run, totals));
  }
  if (!flags.json) return void process.stdout.write(correlationText(correlating, hits));
  for (const rule of correlating.rules) {
    const own = hits.filter((hit) => hit.rule === rule).map(({ groupKey, value, firstTime, lastTime, events }) => ({
      group: groupKey, value, first: new Date(firstTime).toISOString(), last: new Date(lastTime).toISOString(), events,
    }));
    process.stdout.write(JSON.stringify({ correlation: rule.id ?? rule.name ?? rule.title, hits: own }) + '\n');
  }
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Rule files and directories compiled; a path that cannot be read is the user's error, in one line. */
async function readRulePaths<T>(paths: string[], read: (paths: string[]) => T | Promise<T>): Promise<T> {
  try {
    return await read(paths);
  } catch (error) {
    const { code, path, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new CliError(`cannot read ${path ?? paths.join(', ')}: ${code === 'ENOENT' ? 'no such file or directory' : message}`);
    throw error;
  }
}

async function check(paths: string[]): Promise<void> {
  const files = await readRulePaths(paths, compileRulePaths);
  const errors = files.flatMap((file) => file.errors);
  reportRejections(errors);
  const loaded = files.reduce((sum, file) => sum + file.rules.length + file.correlations.length, 0);
  const rejectedFiles = files.filter((file) => file.errors.length > 0).length;
  process.stdout.write(`Loaded ${counted(loaded, 'rule')} from ${counted(files.length, 'file')}; ${errors.length} rejected${errors.length > 0 ? ` (in ${counted(rejectedFiles, 'file')})` : ''}.\n`);
}

/** The poll interval of a running server (serve.ts), for telling when a change takes effect. */
const SERVER_PICKUP = 'A running Vigil uses the change within 10 seconds.';

async function importPaths(paths: string[], flags: { dataDir?: string }): Promise<void> {
  const report = await withDataDirStore(flags, async (store) => {
    const imported = await readRulePaths(paths, (resolved) => importRules(store, resolved));
    if (imported.saved.created + imported.saved.replaced > 0) {
      await recordAudit(store, CLI_ACTOR, {
        kind: 'entity', id: 1, feature: 'Detection',
        message: `${counted(imported.records.length, 'Sigma rule')} imported from ${paths.join(', ')} (${imported.saved.created} new, ${imported.saved.replaced} replaced).`,
        entity: { type: 'SigmaRules', uid: paths.join(','), name: 'sigma_rules' },
      });
    }
    return imported;
  });
  for (const error of report.rejections) process.stderr.write(`vigil: ${error.message}\n`);
  const { created, replaced } = report.saved;
  const unchanged = report.records.length - created - replaced;
  process.stdout.write(`Imported ${counted(report.records.length, 'rule')}${report.correlations > 0 ? ` (${report.correlations} of them correlations)` : ''} from ${counted(report.files, 'file')} (${created} new, ${replaced} replaced, ${unchanged} unchanged); `
    + `${report.rejections.length} rejected.${created + replaced > 0 ? ` ${SERVER_PICKUP}` : ''}\n`);
}

/** enabled, disabled, or enabled but not loadable. */
function stateOf(rule: RuleSummary): string {
  if (!rule.enabled) return 'disabled';
  return rule.load_error ? 'error' : 'enabled';
}

async function list(flags: { dataDir?: string; json?: boolean }): Promise<void> {
  const rules = await withDataDirStore(flags, (store) => store.rules.list());
  if (flags.json) return void process.stdout.write(JSON.stringify(rules) + '\n');
  const rows = rules.map((rule) => [rule.id, rule.level ?? '-', stateOf(rule), rule.origin, rule.title]);
  process.stdout.write(renderTable([{ header: 'ID' }, { header: 'LEVEL' }, { header: 'STATE' }, { header: 'ORIGIN' }, { header: 'TITLE', flex: true }], rows, terminalWidth()));
  process.stdout.write(`${counted(rules.length, 'rule')}, ${rules.filter((rule) => stateOf(rule) === 'enabled').length} enabled.\n`);
}

async function findRule(id: string, flags: { dataDir?: string }): Promise<StoredRule> {
  const rule = await withDataDirStore(flags, (store) => store.rules.get(id));
  if (!rule) throw new CliError(`no rule ${id} (vigil rules list shows them)`);
  return rule;
}

async function show(id: string, flags: { dataDir?: string }): Promise<void> {
  const rule = await findRule(id, flags);
  const lines = [
    rule.title,
    `  id        ${rule.id}`,
    `  level     ${rule.level ?? '-'}`,
    `  status    ${rule.status ?? '-'}`,
    `  state     ${stateOf(rule)}${rule.load_error ? `: ${rule.load_error}` : ''}`,
    `  origin    ${rule.origin}: ${rule.path}${rule.document > 1 ? ` (document ${rule.document})` : ''}`,
    `  tags      ${rule.tags.join(', ') || '-'}`,
    `  updated   ${rule.updated}`,
    '',
    rule.yaml.trimEnd(),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function setEnabled(id: string, enabled: boolean, flags: { dataDir?: string }): Promise<void> {
  const rule = await withDataDirStore(flags, async (store) => {
    const changed = await store.rules.setEnabled(id, enabled, new Date().toISOString());
    if (!changed) throw new CliError(`no rule ${id} (vigil rules list shows them)`);
    await recordAudit(store, CLI_ACTOR, {
      kind: 'entity', id: 2, feature: 'Detection', message: `Sigma rule ${changed.id} "${changed.title}" ${enabled ? 'enabled' : 'disabled'}.`,
      entity: { type: 'SigmaRule', uid: changed.id, name: changed.title },
    });
    return changed;
  });
  process.stdout.write(`Rule ${rule.id} "${rule.title}" is ${enabled ? 'enabled' : 'disabled'}. ${SERVER_PICKUP}\n`);
}

async function placeholders(file: string | undefined, flags: { dataDir?: string }): Promise<void> {
  if (file === undefined) {
    const current = await withDataDirStore(flags, storedPlaceholders);
    return void process.stdout.write(Object.keys(current).length === 0 ? 'No placeholder values are set.\n' : `${JSON.stringify(current, null, 2)}\n`);
  }
  let values;
  try {
    values = parsePlaceholders(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof PlaceholderError) throw new CliError(error.message);
    const { code, message } = error as NodeJS.ErrnoException;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file or directory' : message}`);
  }
  await withDataDirStore(flags, async (store) => {
    await storePlaceholders(store, values);
    await recordAudit(store, CLI_ACTOR, {
      kind: 'entity', id: 2, feature: 'Detection', message: `Sigma placeholder values set: ${Object.keys(values).join(', ') || 'none'}.`,
      entity: { type: 'SigmaPlaceholders', uid: 'sigma_placeholders', name: 'sigma_placeholders' },
    });
  });
  process.stdout.write(`Set ${counted(Object.keys(values).length, 'placeholder')}. ${SERVER_PICKUP} Rules rejected for a missing placeholder earlier must be imported again.\n`);
}

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('Sigma detection rules: test and check files offline; import, list, show, enable and disable the server\'s rules');
  rules.command('test <rule> <events>')
    .description('run the rules of a Sigma file over events (JSON, NDJSON or concatenated objects; .gz; - for stdin) and print the matches')
    .option('--json', 'one line per rule: {"rule": <id>, "matches": <count>, "events": [<matching events>]}, then per correlation rule {"correlation": <id>, "hits": [...]}')
    .action(testRule);
  rules.command('check <paths...>')
    .description('load Sigma files and directories and report the rejected rules with file:line:column and why; exit 1 if any')
    .action(check);
  rules.command('import <paths...>')
    .description('validate Sigma files and directories, report each rejected rule with file:line:column and field, and store the others in the data directory')
    .addOption(dataDirOption())
    .action(importPaths);
  rules.command('list')
    .description('the stored rules: id, level, state (enabled, disabled, error), origin and title')
    .option('--json', 'a JSON array of the rules (without their YAML)')
    .addOption(dataDirOption())
    .action(list);
  rules.command('show <id>')
    .description('one rule: its metadata, state, origin and YAML')
    .addOption(dataDirOption())
    .action(show);
  rules.command('enable <id>').description('run the rule again').addOption(dataDirOption()).action((id: string, flags: { dataDir?: string }) => setEnabled(id, true, flags));
  rules.command('disable <id>').description('stop running the rule (it stays stored)').addOption(dataDirOption()).action((id: string, flags: { dataDir?: string }) => setEnabled(id, false, flags));
  rules.command('placeholders [file]')
    .description('set the values of `expand` placeholders from a YAML/JSON mapping (name: value or [values]); without a file, show them')
    .addOption(dataDirOption())
    .action((file: string | undefined, flags: { dataDir?: string }) => placeholders(file, flags));
}
