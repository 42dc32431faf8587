// Lines in a wire format → events through the pipeline; every line that does not become events
// (unparseable, over-long, or an event normalization rejects) becomes a dead letter with the
// reason. In two steps, so that a batch the pipeline refuses for now (its queue is full) is offered
// again without being parsed again or dead-lettered twice: prepare (parse, normalize, enrich) and
// commit (ingest), then deadLetter.
import type { IngestOutcome, Pipeline, PreparedEvent, Rejection } from '../../pipeline/index.ts';
import type { NewDeadLetter, Store } from '../../store/index.ts';
import { wireFormat, type LineParser } from '../parsers/index.ts';
import type { ReceivedLine } from './received-line.ts';
import { prepareLine, type PreparedLine } from './line-parse.ts';
import type { ParsePool } from './parse-pool.ts';
import { IngestSources } from './source-counters.ts';

/** A line that did not become events, and why. */
export interface LineFailure {
  line: ReceivedLine;
  /** The line's position in its batch (0-based). */
  index: number;
  reason: string;
  column?: number;
  /** The JSON path of the event field normalization rejected; `$` for a line that did not parse. */
  path: string;
}

export interface PreparedLines {
  lines: ReceivedLine[];
  /** The lines' events, normalized and enriched, in line order. */
  events: PreparedEvent[];
  /** For each event, the index of the line it came from. */
  lineOfEvent: number[];
  /** Lines refused before the pipeline: over-long, unparseable, or with an event normalization rejected. */
  failures: LineFailure[];
  /** The indexes of the lines that were not parsed at all (over-long or unparseable). */
  unparsed: Set<number>;
}

/** The pipeline's outcome with rejections per line (index = the line's position in the batch), and the failed lines. */
export interface LinesOutcome extends IngestOutcome {
  failures: LineFailure[];
}

export interface LineIngestOptions {
  pipeline: Pick<Pipeline, 'ingestPrepared'>;
  store: Store;
  /** The dead letters' bound: beyond it the oldest are dropped and counted (default 100,000). */
  deadLetterMaxRows?: number;
  /** Worker threads that parse lines of formats whose parsers keep no state; without, lines are parsed on this thread. */
  parsePool?: ParsePool;
}

export const DEFAULT_DEAD_LETTER_MAX_ROWS = 100_000;

/** Each failed line's reasons in one text, saying where in the line or event each is. */
export function reasonsByLine(failures: LineFailure[]): Map<ReceivedLine, string> {
  const byLine = new Map<ReceivedLine, string>();
  for (const failure of failures) {
    const where = failure.path !== '$' ? `${failure.path}: ` : failure.column !== undefined ? `column ${failure.column}: ` : '';
    const earlier = byLine.get(failure.line);
    byLine.set(failure.line, `${earlier === undefined ? '' : `${earlier}; `}${where}${failure.reason}`);
  }
  return byLine;
}

export class LineIngest {
  readonly sources = new IngestSources();
  readonly deadLetterMaxRows: number;

  constructor(private readonly options: LineIngestOptions) {
    this.deadLetterMaxRows = options.deadLetterMaxRows ?? DEFAULT_DEAD_LETTER_MAX_ROWS;
  }

  get store(): Store {
    return this.options.store;
  }

  /** Parses the lines: on the parse pool when there is one and the format allows it, else on this thread. */
  prepareLines(lines: ReceivedLine[], parser: LineParser, format: string): PreparedLines | Promise<PreparedLines> {
    const { parsePool } = this.options;
    return parsePool && wireFormat(format)?.keepsState !== true ? this.prepareInPool(parsePool, lines, parser, format) : this.prepare(lines, parser, format);
  }

  /** Parses and prepares every line on this thread. */
  prepare(lines: ReceivedLine[], parser: LineParser, format: string): PreparedLines {
    return this.assemble(lines, lines.map((line) => (line.refusal !== undefined
      ? undefined
      : prepareLine(parser, format, line.text, { receivedAt: line.receivedAt, source: line.origin.source }, line.flags))), format);
  }

  /**
   * Parses the lines on the pool's workers (the format's parser must keep no state between lines);
   * on this thread if the pool fails, so that no line is lost to a worker's failure.
   */
  async prepareInPool(pool: ParsePool, lines: ReceivedLine[], parser: LineParser, format: string): Promise<PreparedLines> {
    const parsed = lines.filter((line) => line.refusal === undefined);
    let results;
    try {
      results = await pool.parse(format, parsed.map((line) => line.text), parsed.map((line) => line.receivedAt), parsed.map((line) => line.origin.source), parsed.map((line) => line.flags));
    } catch {
      return this.prepare(lines, parser, format);
    }
    let next = 0;
    return this.assemble(lines, lines.map((line) => (line.refusal !== undefined ? undefined : results[next++])), format);
  }

  /** The lines with their prepared events (undefined for a refused line) as events and failures. */
  private assemble(lines: ReceivedLine[], results: (PreparedLine | undefined)[], format: string): PreparedLines {
    const prepared: PreparedLines = { lines, events: [], lineOfEvent: [], failures: [], unparsed: new Set() };
    lines.forEach((line, index) => {
      const result = results[index];
      if (result === undefined || !result.ok) {
        prepared.unparsed.add(index);
        if (result === undefined) prepared.failures.push({ line, index, reason: line.refusal ?? `the ${format} line was not parsed`, path: '$' });
        else prepared.failures.push({ line, index, reason: result.reason, column: result.column, path: '$' });
        return;
      }
      for (const error of result.errors) prepared.failures.push({ line, index, reason: error.reason, path: error.path });
      for (const event of result.events) {
        prepared.events.push(event);
        prepared.lineOfEvent.push(index);
      }
    });
    return prepared;
  }

  /**
   * Ingests the prepared events. Throws what the pipeline throws (QueueFullError: offer the same
   * batch again later) and then has counted nothing, so a retry counts once.
   */
  async commit(prepared: PreparedLines): Promise<LinesOutcome> {
    const outcome = await this.options.pipeline.ingestPrepared(prepared.events);
    const failures = [...prepared.failures];
    const failed = new Set(failures.map((failure) => failure.index));
    prepared.lines.forEach((line, index) => {
      if (!prepared.unparsed.has(index)) line.origin.counters.add(line.origin.peer, 'parsed');
      if (failed.has(index)) line.origin.counters.add(line.origin.peer, 'rejected');
    });
    for (const index of prepared.lineOfEvent) {
      const { origin } = prepared.lines[index];
      origin.counters.add(origin.peer, 'events');
    }
    failures.sort((a, b) => a.index - b.index);
    const rejected: Rejection[] = failures.map(({ line, index, reason, column, path }) => ({ index, line: line.line, column, path, reason }));
    return { ...outcome, rejected, failures };
  }

  /** Keeps the failed lines (one letter per line, its reasons joined); returns how many. */
  async deadLetter(failures: LineFailure[], format: string): Promise<number> {
    const byLine = reasonsByLine(failures);
    const letters: NewDeadLetter[] = [...byLine].map(([line, reason]) => ({
      received: line.receivedAt, source: line.origin.source, format, reason, raw: line.raw, flags: line.flags, line_number: line.line,
    }));
    await this.options.store.deadLetters.add(letters, this.deadLetterMaxRows);
    for (const line of byLine.keys()) line.origin.counters.add(line.origin.peer, 'dead_lettered');
    return letters.length;
  }

  /** prepare, commit and deadLetter in one, for a batch whose sender can retry (HTTP). */
  async ingestLines(lines: ReceivedLine[], parser: LineParser, format: string): Promise<LinesOutcome & { dead_lettered: number }> {
    const outcome = await this.commit(await this.prepareLines(lines, parser, format));
    return { ...outcome, dead_lettered: await this.deadLetter(outcome.failures, format) };
  }
}
