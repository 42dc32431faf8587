// Reading what `vigil ingest` sends: a file or stdin, gzip-compressed or not, holding NDJSON
// (streamed line by line) or JSON (one object or an array). Yields one record per event.
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BodyParseError, parseBody } from '../ingest/index.ts';
import { CliError } from './cli-error.ts';

export type FormatChoice = 'auto' | 'json' | 'ndjson';
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'json', 'ndjson'];

/** Where a record came from, so rejections point into the file rather than into a batch. */
export type Origin = { line: number } | { index: number };

/** One event as NDJSON text: an NDJSON line as read, or a JSON array element as written, on one line; or, for a wire format, one line's bytes. */
export interface SourceRecord { text: string; bytes?: Buffer; origin: Origin }

export interface Input {
  chunks: AsyncIterable<Buffer>;
  /** The size of a regular file; undefined for stdin and pipes. */
  totalBytes?: number;
  name: string;
}

export function openInput(path: string): Input {
  if (path === '-') return { chunks: process.stdin, name: 'stdin' };
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (stats.isDirectory()) throw new CliError(`${path} is a directory; give a file, or - for stdin`);
  return { chunks: createReadStream(path), totalBytes: stats.isFile() ? stats.size : undefined, name: path };
}

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(name: string, head: Uint8Array): boolean {
  return name.toLowerCase().endsWith('.gz') || (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]);
}

/** The input's bytes, decompressed when it is gzip; `onBytes` counts the raw bytes read. */
export async function* decompressedBytes(input: Input, onBytes: (count: number) => void = () => {}): AsyncGenerator<Buffer> {
  const iterator = input.chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* raw(): AsyncGenerator<Buffer> {
    onBytes(first.value.length);
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      onBytes(next.value.length);
      yield next.value;
    }
  }
  const bytes = isGzip(input.name, first.value) ? Readable.from(raw()).pipe(createGunzip()) : Readable.from(raw());
  try {
    for await (const chunk of bytes) yield chunk as Buffer;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) throw new CliError(`${input.name} is not valid gzip: ${(error as Error).message}`);
    throw error;
  }
}

/** The input's text, decompressed when it is gzip. */
export async function* decodedText(input: Input, onBytes: (count: number) => void = () => {}): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of decompressedBytes(input, onBytes)) yield utf8.decode(chunk, { stream: true });
  const rest = utf8.decode();
  if (rest !== '') yield rest;
}

/** The format a file name promises, if any (.json, .ndjson, .jsonl, also under .gz). */
export function formatByName(name: string): 'json' | 'ndjson' | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.ndjson') || base.endsWith('.jsonl')) return 'ndjson';
  if (base.endsWith('.json')) return 'json';
  return undefined;
}

/**
 * The format of text whose name says nothing: an array is JSON; a first line that is a whole
 * object is NDJSON (a one-line object is both, and reads the same either way); anything else is
 * taken as JSON, such as a pretty-printed object.
 */
export function sniffFormat(firstLine: string): 'json' | 'ndjson' {
  const text = firstLine.trim();
  if (!text.startsWith('{')) return 'json';
  try {
    JSON.parse(text);
    return 'ndjson';
  } catch {
    return 'json';
  }
}

const [QUOTE, BACKSLASH, COMMA] = ['"', '\\', ','].map((char) => char.charCodeAt(0));
const OPENING = new Set(['[', '{'].map((char) => char.charCodeAt(0)));
const CLOSING = new Set([']', '}'].map((char) => char.charCodeAt(0)));

/**
 * The source text of each element of a valid JSON array (or of the one value that is not an array),
 * on one line: raw line breaks only occur between tokens in valid JSON, so they become spaces. Sent
 * as written rather than re-serialized, since JSON.stringify overflows the stack on nesting that
 * JSON.parse and the server accept. An iterative scan, for the same reason.
 */
function elementTexts(json: string): string[] {
  const body = json.trim();
  const oneLine = (text: string) => text.trim().replace(/[\r\n]/g, ' ');
  if (!body.startsWith('[')) return [oneLine(body)];
  const elements: string[] = [];
  let depth = 0;
  let start = 1;
  let inString = false;
  for (let at = 0; at < body.length; at++) {
    const code = body.charCodeAt(at);
    if (inString) {
      if (code === BACKSLASH) at++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (OPENING.has(code)) {
      depth++;
    } else if ((CLOSING.has(code) && --depth === 0) || (code === COMMA && depth === 1)) {
      const element = oneLine(body.slice(start, at));
      if (element !== '') elements.push(element);
      start = at + 1;
    }
  }
  return elements;
}

function jsonRecords(text: string, name: string): SourceRecord[] {
  try {
    // Parsed first, only so that invalid JSON is reported with its position.
    parseBody(text, 'application/json');
  } catch (error) {
    if (!(error instanceof BodyParseError)) throw error;
    throw new CliError(`${name} is not valid JSON at line ${error.line}, column ${error.column}: ${error.reason} (for NDJSON, pass --format ndjson)`);
  }
  return elementTexts(text).map((element, index) => ({ text: element, origin: { index } }));
}

/**
 * The lines of the text as the server's NDJSON reader splits them: at LF only, without the CR of a
 * CRLF. A lone CR stays in its line (readline would end the line there; in JSON it is whitespace).
 * Pieces are collected rather than concatenated, so a very long line costs linear time.
 */
export async function* lfLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let pieces: string[] = [];
  for await (const chunk of text) {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      pieces.push(chunk.slice(start, newline));
      const line = pieces.join('');
      pieces = [];
      start = newline + 1;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  }
  if (pieces.length > 0) yield pieces.join('');
}

/**
 * The records of the input in order. NDJSON is never held whole; JSON has to be, since an
 * array's elements are only known once it parses.
 */
export async function* readRecords(text: AsyncIterable<string>, format: FormatChoice, name: string): AsyncGenerator<SourceRecord> {
  let decided = format === 'auto' ? formatByName(name) : format;
  let lineNumber = 0;
  const held: string[] = [];
  for await (const read of lfLines(text)) {
    lineNumber += 1;
    const line = lineNumber === 1 ? read.replace(/^\uFEFF/, '') : read;
    if (decided === undefined && line.trim() !== '') decided = sniffFormat(line);
    if (decided === 'ndjson') {
      if (line.trim() !== '') yield { text: line, origin: { line: lineNumber } };
    } else {
      held.push(line);
    }
  }
  if (decided === 'json') yield* jsonRecords(held.join('\n'), name);
}
