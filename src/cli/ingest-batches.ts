// Sends records in NDJSON batches and adds up the server's answers. A full server (429) gets the
// same batch again after Retry-After; a refused batch (400) is recorded and the import goes on;
// a batch over the body limit (413) is split. Rejections are mapped back to the file's lines.
import type { ApiClient, ApiResponse } from './client.ts';
import { CliError } from './cli-error.ts';
import { formatBody, withHeader, type FormatLine } from './format-lines.ts';
import type { Origin, SourceRecord } from './ingest-source.ts';

/** A rejection as the server reports it: positions inside the batch it was sent (`column`: within a line it could not parse). */
interface BatchRejection { index?: number; line?: number; column?: number; path?: string; reason?: string }

interface BatchOutcome {
  accepted: number;
  duplicates: number;
  rejected: BatchRejection[];
  incidents: { created: string[]; updated: string[] };
}

/** `column`: where the server stopped reading a line it could not read (no JSON, or a wire-format line its parser refused); lines are sent as read, so it is the file's column. */
export interface FileRejection { origin?: Origin; column?: number; path: string; reason: string }

export interface IngestTotals {
  sent: number;
  accepted: number;
  duplicates: number;
  /** Rejected events; one event can have several problems, each its own entry in `rejections`. */
  rejected: number;
  /** The problems of the first rejected events in file order, up to MAX_REPORTED_REJECTIONS events. */
  rejections: FileRejection[];
  /** How many of the rejected events have their problems in `rejections`. */
  reported: number;
  incidentsCreated: Set<string>;
  incidentsUpdated: Set<string>;
}

export const MAX_REPORTED_REJECTIONS = 10;
export const MAX_RETRIES = 20;
/** Waits are capped so that an odd Retry-After cannot stall an import for hours. */
const MAX_WAIT_SECONDS = 60;

export interface BatchOptions {
  batchSize: number;
  client: Pick<ApiClient, 'send' | 'refusal'>;
  /** A wire format (docs/CONNECTORS.md): the records are lines sent as text to ?format=; else NDJSON. */
  format?: string;
  /** Called after every batch, for progress. */
  onBatch?: (totals: IngestTotals) => void;
  sleep?: (ms: number) => Promise<void>;
}

export function emptyTotals(): IngestTotals {
  return { sent: 0, accepted: 0, duplicates: 0, rejected: 0, rejections: [], reported: 0, incidentsCreated: new Set(), incidentsUpdated: new Set() };
}

/** The server numbers a batch's records from index 0 and its lines from 1; both point at one record. */
function positionOf(batch: readonly SourceRecord[], rejection: BatchRejection): number | undefined {
  if (rejection.index !== undefined && batch[rejection.index]) return rejection.index;
  if (rejection.line !== undefined && batch[rejection.line - 1]) return rejection.line - 1;
  return undefined;
}

/** `count` rejected events, and their problems while fewer than MAX_REPORTED_REJECTIONS events are reported. */
function reject(totals: IngestTotals, count: number, problems: FileRejection[]): void {
  totals.rejected += count;
  if (totals.reported >= MAX_REPORTED_REJECTIONS) return;
  totals.rejections.push(...problems);
  totals.reported += count;
}

function addOutcome(totals: IngestTotals, batch: readonly SourceRecord[], outcome: BatchOutcome): void {
  totals.accepted += outcome.accepted;
  totals.duplicates += outcome.duplicates;
  // The server lists one entry per problem (path), so an event with two problems appears twice.
  const byEvent = new Map<number | BatchRejection, FileRejection[]>();
  for (const rejection of outcome.rejected) {
    const position = positionOf(batch, rejection);
    const origin = position === undefined ? undefined : batch[position].origin;
    const column = origin && 'line' in origin && Number.isInteger(rejection.column) ? rejection.column : undefined;
    const problem: FileRejection = { origin, ...(column === undefined ? {} : { column }), path: rejection.path ?? '$', reason: rejection.reason ?? 'rejected' };
    const key = position ?? rejection;
    byEvent.set(key, [...byEvent.get(key) ?? [], problem]);
  }
  for (const problems of byEvent.values()) reject(totals, 1, problems);
  for (const uuid of outcome.incidents.created) totals.incidentsCreated.add(uuid);
  for (const uuid of outcome.incidents.updated) if (!totals.incidentsCreated.has(uuid)) totals.incidentsUpdated.add(uuid);
}

function isOutcome(body: unknown): body is BatchOutcome {
  return typeof body === 'object' && body !== null && Array.isArray((body as BatchOutcome).rejected) && typeof (body as BatchOutcome).accepted === 'number';
}

function retryAfterMs(response: ApiResponse): number {
  const seconds = Number(response.headers.get('retry-after'));
  return Math.min(Number.isFinite(seconds) && seconds > 0 ? seconds : 1, MAX_WAIT_SECONDS) * 1000;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function sendBatch(batch: readonly FormatLine[], totals: IngestTotals, options: BatchOptions): Promise<void> {
  // Every request, each half of a split one too, starts with the Zeek header its lines need; the server numbers rejections within it.
  const request = withHeader(batch);
  const body = options.format ? formatBody(request) : { text: request.map((record) => record.text).join('\n') + '\n', contentType: 'application/x-ndjson' };
  const path = options.format ? `/api/v1/events?format=${encodeURIComponent(options.format)}` : '/api/v1/events';
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt += 1) {
    const response = await options.client.send('POST', path, body);
    if (response.status === 429 && attempt < MAX_RETRIES) {
      await sleep(retryAfterMs(response));
      continue;
    }
    if (response.status === 413) {
      if (batch.length === 1) {
        reject(totals, 1, [{ origin: batch[0].origin, path: '$', reason: 'the event is larger than the server\'s ingest body limit' }]);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await sendBatch(batch.slice(0, half), totals, options);
      await sendBatch(batch.slice(half), totals, options);
      return;
    }
    if ((response.status < 300 || response.status === 400) && isOutcome(response.body)) {
      addOutcome(totals, request, response.body);
      return;
    }
    if (response.status === 400) {
      // The whole batch was refused without per-event detail (for instance an unreadable body).
      const message = (response.body as { message?: string } | undefined)?.message ?? 'the server refused the batch';
      reject(totals, batch.length, [{ origin: batch[0].origin, path: '$', reason: `${message} (the whole batch of ${batch.length})` }]);
      return;
    }
    if (response.status === 429) throw new CliError(`the server is still busy after ${MAX_RETRIES} retries; ${totals.sent} events were sent before the one that failed, rerun to send the rest (already stored events count as duplicates)`);
    throw options.client.refusal(response);
  }
}

/** Sends every record, `batchSize` at a time, one batch in flight. */
export async function sendInBatches(records: AsyncIterable<FormatLine> | Iterable<FormatLine>, options: BatchOptions): Promise<IngestTotals> {
  const totals = emptyTotals();
  let batch: FormatLine[] = [];
  const flush = async () => {
    await sendBatch(batch, totals, options);
    totals.sent += batch.length;
    batch = [];
    options.onBatch?.(totals);
  };
  for await (const record of records) {
    batch.push(record);
    if (batch.length >= options.batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return totals;
}
