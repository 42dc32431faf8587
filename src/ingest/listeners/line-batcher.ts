// Gathers a listener's lines into batches for the pipeline (up to MAX_BATCH_LINES, or what arrived
// within MAX_BATCH_DELAY_MS) and bounds what waits: `full` tells the transports to stop reading
// (TCP pauses its sockets, UDP counts drops) until the batcher emits 'room'. A batch the pipeline
// refuses because its queue is full is offered again after a short wait, growing to a second; a
// batch the store fails to commit is tried MAX_COMMIT_ATTEMPTS times, then dead-lettered with the
// error, so that one poisonous batch cannot stall a listener.
import { EventEmitter } from 'node:events';
import { QueueFullError } from '../../pipeline/index.ts';
import type { LineParser } from '../parsers/index.ts';
import type { LineIngest, PreparedLines } from './line-ingest.ts';
import { messageOf } from './line-parse.ts';
import type { ReceivedLine } from './received-line.ts';

export const MAX_BATCH_LINES = 1000;
export const MAX_BATCH_DELAY_MS = 50;
/** Lines buffered or not yet committed before the transports stop reading. */
export const MAX_PENDING_LINES = 20_000;
/** Batches handed to the pipeline at once: it normalizes the next while the store commits. */
const MAX_IN_FLIGHT = 4;
const MAX_COMMIT_ATTEMPTS = 3;
const MIN_BACKOFF_MS = 10;
const MAX_BACKOFF_MS = 1000;

/** Where listeners report what an operator must know (the server's log). */
export interface ListenerLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface LineBatcherOptions {
  ingest: LineIngest;
  parser: LineParser;
  format: string;
  log: ListenerLog;
  maxBatchLines?: number;
  maxPendingLines?: number;
}

/** `prepared` is a promise while a worker parses it; parsed batches are committed in the order they were received. */
interface Batch { prepared: PreparedLines | Promise<PreparedLines>; attempts: number }

export class LineBatcher extends EventEmitter<{ room: [] }> {
  private buffered: ReceivedLine[] = [];
  /** Lines buffered, waiting or being committed. */
  private pending = 0;
  private readonly ready: Batch[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private backoffMs = 0;
  private backoffTimer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];
  /** Resolved once the batch submitted last has been handed to the pipeline (or failed). */
  private handedOver: Promise<void> = Promise.resolve();
  private readonly maxBatchLines: number;
  private readonly maxPendingLines: number;

  constructor(private readonly options: LineBatcherOptions) {
    super();
    this.maxBatchLines = options.maxBatchLines ?? MAX_BATCH_LINES;
    this.maxPendingLines = options.maxPendingLines ?? MAX_PENDING_LINES;
  }

  get full(): boolean {
    return this.pending >= this.maxPendingLines;
  }

  add(line: ReceivedLine): void {
    this.buffered.push(line);
    this.pending++;
    if (this.buffered.length >= this.maxBatchLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), MAX_BATCH_DELAY_MS);
  }

  /** Sends what is buffered now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffered.length === 0) return;
    const lines = this.buffered;
    this.buffered = [];
    const { ingest, parser, format } = this.options;
    this.ready.push({ prepared: ingest.prepareLines(lines, parser, format), attempts: 0 });
    this.pump();
  }

  /** Flushes and resolves once every line received so far is committed or dead-lettered. */
  drain(): Promise<void> {
    this.flush();
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.ready.length > 0 && this.backoffTimer === undefined) {
      const batch = this.ready.shift()!;
      this.inFlight++;
      void this.submit(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async submit(batch: Batch): Promise<void> {
    const { ingest, format, log } = this.options;
    // Handed to the pipeline in the order received, whichever worker finished first.
    const earlier = this.handedOver;
    let handOver!: () => void;
    this.handedOver = new Promise((resolve) => { handOver = resolve; });
    // Never rejects: a batch the pool could not parse is parsed here.
    const prepared = await batch.prepared;
    batch.prepared = prepared;
    await earlier;
    let outcome;
    try {
      const committing = ingest.commit(prepared);
      handOver();
      outcome = await committing;
      this.backoffMs = 0;
    } catch (error) {
      handOver();
      batch.attempts++;
      if (error instanceof QueueFullError || batch.attempts < MAX_COMMIT_ATTEMPTS) {
        // Ahead of later batches, so that a stall keeps the order it can.
        this.ready.unshift(batch);
        this.backOff();
        return;
      }
      const reason = `the store could not commit the batch after ${batch.attempts} attempts: ${messageOf(error)}`;
      log.error(`${format} listener: ${reason}; its ${prepared.lines.length} lines go to the dead letters`);
      outcome = { failures: prepared.lines.map((line, index) => ({ line, index, reason, path: '$' })) };
    }
    try {
      await ingest.deadLetter(outcome.failures, format);
    } catch (error) {
      log.error(`${format} listener: ${outcome.failures.length} lines could not be kept in the dead letters and are lost (counted as dropped): ${messageOf(error)}`);
      for (const { line } of outcome.failures) line.origin.counters.add(line.origin.peer, 'dropped');
    }
    this.settle(prepared.lines.length);
  }

  private backOff(): void {
    this.backoffMs = Math.min(Math.max(this.backoffMs * 2, MIN_BACKOFF_MS), MAX_BACKOFF_MS);
    this.backoffTimer ??= setTimeout(() => {
      this.backoffTimer = undefined;
      this.pump();
    }, this.backoffMs);
  }

  private settle(lines: number): void {
    const wasFull = this.full;
    this.pending -= lines;
    if (wasFull && !this.full) this.emit('room');
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}
