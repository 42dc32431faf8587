// An HTTP body of lines in a wire format (POST /api/v1/events?format=cef): one parser for the whole
// body (a Zeek TSV body's header lines apply to the lines after them), counted under the `http`
// source per client address. Unreadable lines are dead-lettered and listed in `rejected`.
import type { IngestOutcome } from '../../pipeline/index.ts';
import { WIRE_FORMATS, wireFormat } from '../parsers/index.ts';
import { bodyLines } from './body-lines.ts';
import type { LineIngest } from './line-ingest.ts';
import { originOf } from './received-line.ts';

export class UnknownFormatError extends Error {
  constructor(format: string) {
    super(`unknown format "${format}": use one of ${['json', 'ndjson', ...WIRE_FORMATS.map((known) => known.name)].join(', ')}`);
  }
}

export async function ingestFormattedBody(ingest: LineIngest, body: Buffer, format: string, peer: string): Promise<IngestOutcome & { dead_lettered: number }> {
  const wire = wireFormat(format);
  if (!wire) throw new UnknownFormatError(format);
  const counters = ingest.sources.listener('http', { protocol: 'http' });
  const at = new Date().toISOString();
  counters.seen(peer, at);
  counters.add(peer, 'bytes', body.length);
  const { failures: _failures, ...outcome } = await ingest.ingestLines(bodyLines(body, originOf(counters, peer), at), wire.createParser(), format);
  return outcome;
}
