// Worker threads that parse lines in wire formats (the syslog listeners' messages, `?format=`
// bodies) and prepare their events for the pipeline (normalize, enrich: line-parse.ts), so that
// this work (the largest part of a line's cost before the commit) runs beside the pipeline instead
// of on its thread. A batch goes to the worker with the fewest batches waiting. A worker that fails
// rejects what it had, and those lines are parsed on the server's thread
// (LineIngest.prepareInPool): no line depends on a worker.
//
// Events come back as one JSON text: receiving structured-cloned events cost the listener's thread
// about as much as parsing them (bench:syslog 15.2k lines/s with a worker, 15.3k without), while a
// string crosses as one copy and JSON.parse rebuilds the objects faster (17.0k). The text is the
// events' own JSON texts joined, with where each ends, so that each event's slice of it becomes its
// stored document and the server's thread does not serialize the event again. Events are plain
// JSON values, so nothing is lost on the way.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EdrEvent } from '../../model/index.ts';
import type { PreparedEvent } from '../../pipeline/index.ts';
import type { IngestFlag } from '../../store/index.ts';
import type { FieldError } from '../error-text.ts';
import type { PreparedLine } from './line-parse.ts';

export interface ParseRequest {
  id: number;
  format: string;
  texts: string[];
  receivedAt: string[];
  sources: string[];
  flags: IngestFlag[][];
}

/** A line as a worker describes it; its events are in the reply's `events` text, in line order. */
export type WorkerLine = { ok: true; count: number; errors: FieldError[] } | { ok: false; reason: string; column?: number };

export type ParseReply =
  /** `lines`: the JSON text of WorkerLine[]; `events`: a JSON array of every event; `ends[i]`: where event i's text ends in it. */
  | { id: number; lines: string; events: string; ends: number[] }
  | { id: number; error: string };

interface Pending { resolve: (results: PreparedLine[]) => void; reject: (error: Error) => void }

/** The reply's lines with their events, each event with its own slice of the text as its JSON text. */
function preparedLines(reply: { lines: string; events: string; ends: number[] }): PreparedLine[] {
  const events = JSON.parse(reply.events) as EdrEvent[];
  let next = 0;
  return (JSON.parse(reply.lines) as WorkerLine[]).map((line) => {
    if (!line.ok) return line;
    const prepared: PreparedEvent[] = [];
    for (let n = 0; n < line.count; n++, next++) {
      // The texts are joined by commas inside brackets: each starts one past the previous end.
      const start = next === 0 ? 1 : reply.ends[next - 1] + 1;
      prepared.push({ event: events[next], text: reply.events.slice(start, reply.ends[next]) });
    }
    return { ok: true, events: prepared, errors: line.errors };
  });
}

class ParseWorker {
  readonly pending = new Map<number, Pending>();
  alive = true;
  readonly worker: Worker;

  constructor(onFailure: (worker: ParseWorker, error: Error) => void) {
    this.worker = new Worker(new URL('./parse-worker.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (reply: ParseReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.settled(reply.id);
      if ('error' in reply) waiting.reject(new Error(reply.error));
      else waiting.resolve(preparedLines(reply));
    });
    this.worker.on('error', (error) => onFailure(this, error));
    this.worker.on('exit', (code) => onFailure(this, new Error(`the parse worker exited with code ${code}`)));
  }

  send(request: ParseRequest, waiting: Pending): void {
    // Referenced only while it owes an answer: an idle pool never keeps the process alive.
    if (this.pending.size === 0) this.worker.ref();
    this.pending.set(request.id, waiting);
    this.worker.postMessage(request);
  }

  failAll(error: Error): void {
    this.alive = false;
    for (const [id, waiting] of this.pending) {
      this.settled(id);
      waiting.reject(error);
    }
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
  }
}

/** One parse worker when there is a second core to run it (`vigil serve`'s default), else none. */
export function defaultParseWorkers(): number {
  return availableParallelism() > 1 ? 1 : 0;
}

export class ParsePool {
  private readonly workers: ParseWorker[];
  private nextId = 0;
  private closing = false;

  /** `size` workers; `onFailure` hears of each worker that stopped unasked (its lines are parsed by the caller instead). */
  constructor(size: number, private readonly onFailure: (message: string) => void = () => undefined) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a parse pool needs at least one worker, got ${size}`);
    this.workers = Array.from({ length: size }, () => new ParseWorker((worker, error) => this.failed(worker, error)));
  }

  get size(): number {
    return this.workers.filter((worker) => worker.alive).length;
  }

  /** The lines of `texts` in order, prepared as prepareLine does it; rejects if no worker can take them. */
  parse(format: string, texts: string[], receivedAt: string[], sources: string[], flags: IngestFlag[][]): Promise<PreparedLine[]> {
    const live = this.workers.filter((worker) => worker.alive);
    if (this.closing || live.length === 0) return Promise.reject(new Error('no parse worker is running'));
    const worker = live.reduce((idlest, candidate) => (candidate.pending.size < idlest.pending.size ? candidate : idlest));
    return new Promise((resolve, reject) => worker.send({ id: this.nextId++, format, texts, receivedAt, sources, flags }, { resolve, reject }));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map(async (worker) => {
      worker.failAll(new Error('the parse pool is closing'));
      await worker.worker.terminate();
    }));
  }

  private failed(worker: ParseWorker, error: Error): void {
    if (!worker.alive) return;
    worker.failAll(error);
    if (!this.closing) this.onFailure(`a parse worker stopped (${error.message}); its lines are parsed on the server's thread`);
  }
}
