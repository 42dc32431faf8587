// `vigil dead-letters list|replay|purge`: the lines Vigil could not ingest, through the API.
// list and replay need an analyst, purge an admin.
import { Option, type Command } from 'commander';
import { CliError } from './cli-error.ts';
import { addJsonOption, addLoginOptions, addServerOptions, printJson, userClient, type CommonFlags } from './client-options.ts';
import { renderTable, terminalWidth } from './table.ts';

interface FilterFlags extends CommonFlags {
  source?: string;
  format?: string;
  from?: string;
  to?: string;
}

interface ListFlags extends FilterFlags { limit: string }
interface ReplayFlags extends FilterFlags { limit?: string }
interface PurgeFlags extends FilterFlags { all?: boolean }

interface DeadLetterView { id: number; received: string; source: string; format: string; reason: string; text: string; flags: string[]; attempts: number }
interface DeadLetterPage { result: DeadLetterView[]; next: string | null; total: number; dropped: number }
interface ReplayAnswer {
  replayed: number; ingested: number; failed: number; accepted: number; duplicates: number;
  incidents: { created: string[]; updated: string[] }; failures: { id: number; reason: string }[]; remaining: number;
}

const FILTER_NAMES = ['source', 'format', 'from', 'to'] as const;

function filterOf(flags: FilterFlags): Record<string, string> {
  return Object.fromEntries(FILTER_NAMES.filter((name) => flags[name] !== undefined).map((name) => [name, flags[name]!]));
}

function idsOf(texts: string[]): number[] {
  return texts.map((text) => {
    if (!/^\d+$/.test(text)) throw new CliError(`"${text}" is not a dead letter id (a whole number, as \`vigil dead-letters list\` shows)`);
    return Number(text);
  });
}

async function list(flags: ListFlags): Promise<void> {
  // The server checks the filters and the limit and says what it accepts.
  const query = new URLSearchParams({ ...filterOf(flags), limit: flags.limit });
  const page = await userClient(flags).json<DeadLetterPage>('GET', `/api/v1/dead-letters?${query}`);
  if (flags.json) return printJson(page);
  if (page.result.length === 0) {
    process.stdout.write(`No dead letters match.${page.dropped > 0 ? ` (${page.dropped} oldest were dropped to keep the bound.)` : ''}\n`);
    return;
  }
  process.stdout.write(renderTable(
    [{ header: 'ID', align: 'right' }, { header: 'RECEIVED' }, { header: 'SOURCE' }, { header: 'FORMAT' }, { header: 'REASON', flex: true }, { header: 'LINE' }],
    page.result.map((letter) => [
      String(letter.id), letter.received, letter.source, letter.format,
      `${letter.reason}${letter.flags.length > 0 ? ` [${letter.flags.join(', ')}]` : ''}`,
      letter.text.length > 60 ? `${letter.text.slice(0, 59)}…` : letter.text,
    ]),
    terminalWidth(),
  ));
  if (page.total > page.result.length) process.stdout.write(`(${page.result.length} of ${page.total}; --limit shows more)\n`);
  if (page.dropped > 0) process.stdout.write(`${page.dropped} oldest dead letters were dropped to keep the bound.\n`);
}

async function replay(ids: string[], flags: ReplayFlags): Promise<void> {
  const body: Record<string, unknown> = { ...filterOf(flags) };
  if (ids.length > 0) body.ids = idsOf(ids);
  if (flags.limit !== undefined) body.limit = Number(flags.limit);
  const answer = await userClient(flags).json<ReplayAnswer>('POST', '/api/v1/dead-letters/replay', body);
  if (flags.json) return printJson(answer);
  const incidents = answer.incidents.created.length + answer.incidents.updated.length;
  process.stdout.write(`Replayed ${answer.replayed} dead letters: ${answer.ingested} ingested (${answer.accepted} new events, ${answer.duplicates} duplicates`
    + `${incidents > 0 ? `, ${answer.incidents.created.length} incidents created, ${answer.incidents.updated.length} updated` : ''}), ${answer.failed} still failing.\n`);
  for (const failure of answer.failures.slice(0, 10)) process.stdout.write(`  ${failure.id}: ${failure.reason}\n`);
  if (answer.failures.length > 10) process.stdout.write(`  … (${answer.failed - 10} more: vigil dead-letters list)\n`);
  if (answer.remaining > 0) process.stdout.write(`${answer.remaining} matching dead letters remain.\n`);
}

async function purge(ids: string[], flags: PurgeFlags): Promise<void> {
  const client = userClient(flags);
  const filter = filterOf(flags);
  let deleted = 0;
  const missing: number[] = [];
  if (ids.length > 0) {
    if (Object.keys(filter).length > 0 || flags.all) throw new CliError('give either ids, or filters (--source, --format, --from, --to) or --all, not both');
    for (const id of idsOf(ids)) {
      const response = await client.send('DELETE', `/api/v1/dead-letters/${id}`);
      if (response.status === 404) missing.push(id);
      else if (response.status >= 400) throw client.refusal(response);
      else deleted++;
    }
  } else {
    if (Object.keys(filter).length === 0 && !flags.all) throw new CliError('give dead letter ids, filters (--source, --format, --from, --to), or --all to delete every one');
    const query = new URLSearchParams(flags.all && Object.keys(filter).length === 0 ? { all: 'true' } : filter);
    deleted = (await client.json<{ deleted: number }>('DELETE', `/api/v1/dead-letters?${query}`)).deleted;
  }
  if (flags.json) printJson({ deleted });
  else process.stdout.write(`Deleted ${deleted} dead letters.\n`);
  // The ids that exist are deleted first; a mistyped one still fails the command, as `clients delete` does.
  if (missing.length > 0) throw new CliError(`no dead letter ${missing.join(', ')}`);
}

function addFilterOptions(command: Command): Command {
  return command
    .addOption(new Option('--source <source>', 'a source (syslog-tcp:192.0.2.7) or a whole listener (syslog-udp, syslog-tcp, syslog-tls, http)'))
    .addOption(new Option('--format <format>', 'the wire format the lines were read as (syslog, sepm, cef, leef, eve, zeek)'))
    .addOption(new Option('--from <time>', 'received from (ISO-8601)'))
    .addOption(new Option('--to <time>', 'received until (ISO-8601)'));
}

export function registerDeadLettersCommand(program: Command): void {
  const deadLetters = program.command('dead-letters').description('lines Vigil could not ingest: list, replay after a parser fix, purge');

  const listCommand = deadLetters.command('list')
    .description('the newest dead letters with their reason')
    .addOption(new Option('--limit <n>', 'how many (1–1000)').default('20'));
  addJsonOption(addLoginOptions(addServerOptions(addFilterOptions(listCommand)))).action(list);

  const replayCommand = deadLetters.command('replay [ids...]')
    .description('read dead letters again with the current parsers (by id, or by filter, oldest first); those that now work are ingested and removed')
    .addOption(new Option('--limit <n>', 'at most this many (1–10000, default 1000)'));
  addJsonOption(addLoginOptions(addServerOptions(addFilterOptions(replayCommand)))).action(replay);

  const purgeCommand = deadLetters.command('purge [ids...]')
    .description('delete dead letters by id, by filter, or --all (admin)')
    .addOption(new Option('--all', 'delete every dead letter'));
  addJsonOption(addLoginOptions(addServerOptions(addFilterOptions(purgeCommand)))).action(purge);
}
