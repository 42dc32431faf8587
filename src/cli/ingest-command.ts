// `vigil ingest <file|->`: sends a JSON, NDJSON or gzip file (or stdin) to POST /api/v1/events.
import { Option, type Command } from 'commander';
import { CliError } from './cli-error.ts';
import { addJsonOption, addServerOptions, ingestClient, type CommonFlags } from './client-options.ts';
import { sendInBatches } from './ingest-batches.ts';
import { LINE_FORMATS, readFormatLines } from './format-lines.ts';
import { decodedText, decompressedBytes, FORMAT_CHOICES, openInput, readRecords, type FormatChoice } from './ingest-source.ts';
import { summaryJson, summaryText } from './ingest-summary.ts';
import { ProgressBar } from './progress.ts';

interface IngestFlags extends CommonFlags {
  batchSize: string;
  format: string;
}

const MAX_BATCH_SIZE = 100_000;

function batchSizeOf(text: string): number {
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) throw new CliError(`--batch-size must be a whole number from 1 to ${MAX_BATCH_SIZE}, got "${text}"`);
  return size;
}

async function ingest(path: string, flags: IngestFlags): Promise<void> {
  const batchSize = batchSizeOf(flags.batchSize);
  const client = ingestClient(flags);
  const input = openInput(path);
  const progress = process.stderr.isTTY ? new ProgressBar(process.stderr, input.totalBytes) : undefined;
  const started = Date.now();
  const onBytes = (count: number) => progress?.addBytes(count);
  const lineFormat = LINE_FORMATS.includes(flags.format) ? flags.format : undefined;
  const records = lineFormat
    ? readFormatLines(decompressedBytes(input, onBytes), lineFormat)
    : readRecords(decodedText(input, onBytes), flags.format as FormatChoice, input.name);
  let totals;
  try {
    totals = await sendInBatches(records, { batchSize, client, format: lineFormat, onBatch: (sofar) => progress?.setEvents(sofar.sent) });
  } finally {
    progress?.finish();
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(flags.json ? JSON.stringify(summaryJson(totals, seconds), null, 2) + '\n' : summaryText(totals, input.name, seconds));
}

export function registerIngestCommand(program: Command): void {
  const command = program.command('ingest <file>')
    .description('send events from a JSON, NDJSON, log (--format sepm, syslog, cef, …) or gzip file (- for stdin) to the server')
    .addOption(new Option('--batch-size <n>', 'events per request').default('1000'))
    .addOption(new Option('--format <format>', 'input format; auto looks at the name, then the content (JSON or NDJSON); a wire format sends lines for the server to parse')
      .choices([...FORMAT_CHOICES, ...LINE_FORMATS]).default('auto'));
  addJsonOption(addServerOptions(command)).action(ingest);
}
