// `vigil ingest --format sepm|syslog|cef|leef|eve|zeek`: the file's lines are sent as they are, in
// batches, to POST /api/v1/events?format=…, which parses them. Split as bytes, so that bytes that
// are not UTF-8 reach the server unchanged and it can flag them (invalid_utf8) rather than the
// client replacing them silently. Blank lines are skipped, as the server skips them.
import { WIRE_FORMATS } from '../ingest/index.ts';
import type { RequestBody } from './client.ts';
import type { SourceRecord } from './ingest-source.ts';

export const LINE_FORMATS: readonly string[] = WIRE_FORMATS.map((format) => format.name);

const LF = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEWLINE = Buffer.from([LF]);

const isBlank = (line: Buffer) => line.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);

/** A line of the file. A Zeek line also says which `#` header lines the server must read before it. */
export interface FormatLine extends SourceRecord {
  zeekHeader?: {
    /** The block of `#` lines in effect; a block's later `#` lines are appended to the same array. */
    block: readonly SourceRecord[];
    /** How many of them come before this line: all of them for a data line. */
    before: number;
  };
}

/**
 * The lines as records. A Zeek TSV file describes its columns in a block of `#` header lines before
 * the data (a new block after data replaces it), and the server reads each request on its own: so
 * each Zeek line notes the header lines before it, which withHeader sends first.
 */
export async function* readFormatLines(chunks: AsyncIterable<Buffer>, format: string): AsyncGenerator<FormatLine> {
  let held = Buffer.alloc(0);
  let lineNumber = 0;
  let block: SourceRecord[] = [];
  let inHeader = false;
  function* take(bytes: Buffer): Generator<FormatLine> {
    lineNumber++;
    const line = lineNumber === 1 && bytes.subarray(0, BOM.length).equals(BOM) ? bytes.subarray(BOM.length) : bytes;
    if (isBlank(line)) return;
    const record: SourceRecord = { text: '', bytes: line, origin: { line: lineNumber } };
    if (format !== 'zeek') {
      yield record;
      return;
    }
    const isHeader = line[0] === 0x23 /* # */;
    if (isHeader && !inHeader) block = [];
    inHeader = isHeader;
    const zeekHeader = { block, before: block.length };
    if (isHeader) block.push(record);
    yield { ...record, zeekHeader };
  }
  for await (const chunk of chunks) {
    let data = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
    for (let newline = data.indexOf(LF); newline !== -1; newline = data.indexOf(LF)) {
      yield* take(data.subarray(0, newline));
      data = data.subarray(newline + 1);
    }
    held = Buffer.from(data);
  }
  if (held.length > 0) yield* take(held);
}

/** What one request sends for `batch`: the Zeek header lines its first line needs, then the batch. */
export function withHeader(batch: readonly FormatLine[]): readonly FormatLine[] {
  const header = batch[0]?.zeekHeader;
  return header && header.before > 0 ? [...header.block.slice(0, header.before), ...batch] : batch;
}

/** A batch's body: its lines' bytes, each ending in a newline (`text` is for showing only). */
export function formatBody(batch: readonly SourceRecord[]): RequestBody {
  const bytes = Buffer.concat(batch.flatMap((record) => [record.bytes ?? Buffer.from(record.text), NEWLINE]));
  return { text: bytes.toString('utf8'), bytes, contentType: 'text/plain; charset=utf-8' };
}
