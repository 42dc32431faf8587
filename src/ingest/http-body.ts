// Splits an HTTP request body into event records: one JSON object, a JSON array of them, or
// NDJSON (one per line). In NDJSON a bad line is reported and the good lines beside it are kept.
import { isAscii } from 'node:buffer';
import { parseJson } from './json-syntax.ts';

export interface BodyRecord {
  /** Position in the batch, 0-based; in NDJSON it counts bad lines too. */
  index: number;
  /** 1-based line, for NDJSON records. */
  line?: number;
  value: unknown;
}

export interface BodyLineError {
  index: number;
  line: number;
  column: number;
  reason: string;
}

export interface ParsedBody {
  records: BodyRecord[];
  errors: BodyLineError[];
}

/** A body that is not JSON at all. `line` and `column` are 1-based. */
export class BodyParseError extends Error {
  override readonly name = 'BodyParseError';

  constructor(
    /** What was wrong, without the position. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

type BodyFormat = 'json' | 'ndjson';

const NDJSON_TYPES = new Set([
  'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonl', 'application/jsonlines', 'application/x-jsonlines',
]);

// Not fatal: a stray invalid byte becomes U+FFFD inside its string rather than failing the whole
// batch. The decoder also drops a leading UTF-8 BOM.
const utf8 = new TextDecoder('utf-8');

/** The body's text. Most bodies are pure ASCII, where Latin-1 gives the same text as UTF-8 at a fraction of the cost. */
function decode(body: Buffer): string {
  return isAscii(body) ? body.toString('latin1') : utf8.decode(body);
}

/**
 * Throws BodyParseError when a JSON body is malformed. An NDJSON line that holds an array or a
 * scalar is passed on as a record (not expanded), so that normalization rejects it with its line.
 */
export function parseBody(body: string | Buffer, contentType: string | undefined): ParsedBody {
  const text = typeof body === 'string' ? body.replace(/^\uFEFF/, '') : decode(body);
  const declared = declaredFormat(contentType);
  if (declared !== undefined) return declared === 'ndjson' ? parseNdjson(text) : parseJsonDocument(text);
  if (firstLineIsObject(text)) return parseNdjson(text);
  try {
    return parseJsonDocument(text);
  } catch (error) {
    // Not one document: NDJSON whose first line is the bad one (curl -d sends no NDJSON type) must
    // still keep its good lines.
    if (error instanceof BodyParseError && someLaterLineIsObject(text)) return parseNdjson(text);
    throw error;
  }
}

function declaredFormat(contentType: string | undefined): BodyFormat | undefined {
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  if (!mediaType) return undefined;
  if (NDJSON_TYPES.has(mediaType)) return 'ndjson';
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  return undefined;
}

// For a missing or unknown type, NDJSON is told by a line that is a whole object on its own: a
// pretty-printed or compact JSON document has none.

/** NDJSON's usual start: its first line is a whole object (and another line follows). */
function firstLineIsObject(text: string): boolean {
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '{') return false;
  const end = text.indexOf('\n', start);
  return end >= 0 && isObjectLine(text.slice(start, end));
}

function someLaterLineIsObject(text: string): boolean {
  return text.split('\n').slice(1).some(isObjectLine);
}

function isObjectLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('{') && parseJson(trimmed).ok;
}

function parseJsonDocument(text: string): ParsedBody {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column } = lineAndColumn(text, parsed.offset);
    throw new BodyParseError(parsed.reason, line, column);
  }
  const values = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  return { records: values.map((value, index) => ({ index, value })), errors: [] };
}

function parseNdjson(text: string): ParsedBody {
  const body: ParsedBody = { records: [], errors: [] };
  let index = 0;
  text.split('\n').forEach((content, lineIndex) => {
    if (!/\S/.test(content)) return;
    const parsed = parseJson(content);
    const line = lineIndex + 1;
    if (parsed.ok) body.records.push({ index, line, value: parsed.value });
    else body.errors.push({ index, line, column: parsed.offset + 1, reason: parsed.reason });
    index++;
  });
  return body;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
