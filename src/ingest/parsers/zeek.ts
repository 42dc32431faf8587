// Zeek logs, TSV (with their `#` headers; the parser keeps the header state of its stream) or JSON
// (one record a line). Which log a record belongs to: its `_path` (JSON) or the `#path` header
// (TSV); else the source's file name (conn.log, dns.2024-05-01.log); else, for JSON, the fields
// only that log has.
import { isJsonObject, type JsonObject } from '../json-object.ts';
import { readJsonLine, textOf, withoutLineEnd } from './network-event.ts';
import type { LineParser, ParseContext, ParseResult, WireFormat } from './parser.ts';
import { inferZeekPath, ZEEK_LOGS, zeekEvent } from './zeek-logs.ts';
import { ZeekTsvStream } from './zeek-tsv.ts';

const KNOWN_LOGS: ReadonlySet<string> = new Set(ZEEK_LOGS);

/** The log a source's file name names, as in `file:/var/log/zeek/conn.log`. */
function pathOfSource(source: string): string | undefined {
  const name = source.slice(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'), source.lastIndexOf(':')) + 1);
  const log = name.slice(0, name.indexOf('.') < 0 ? name.length : name.indexOf('.'));
  return KNOWN_LOGS.has(log) ? log : undefined;
}

function eventResult(record: JsonObject, path: string | undefined, context: ParseContext): ParseResult {
  const event = zeekEvent(record, path, context.receivedAt);
  if (event) return { ok: true, events: [event] };
  const reason = path === undefined
    ? 'cannot tell which Zeek log this record is from (no _path or #path, and the fields do not say)'
    : `the Zeek ${path} log is not one Vigil reads (${ZEEK_LOGS.join(', ')}, or any log with id.orig_h/id.resp_h)`;
  return { ok: false, reason, column: 1 };
}

function jsonLine(text: string, context: ParseContext): ParseResult {
  const read = readJsonLine(text);
  if (!read.ok) return read;
  const record = read.value;
  if (!isJsonObject(record)) return { ok: false, reason: 'a Zeek JSON record must be a JSON object', column: 1 };
  const path = textOf(record._path) ?? pathOfSource(context.source) ?? inferZeekPath(record);
  return eventResult(record, path, context);
}

function createZeekParser(): LineParser {
  const tsv = new ZeekTsvStream();
  return (line, context) => {
    const text = withoutLineEnd(line);
    if (text.trim() === '') return { ok: true, events: [] };
    if (text.startsWith('{')) return jsonLine(text, context);
    if (text.startsWith('#')) {
      const header = tsv.header(text);
      return header.ok ? { ok: true, events: [] } : header;
    }
    const data = tsv.data(text);
    if (!data.ok) return data;
    return eventResult(data.record, tsv.path ?? pathOfSource(context.source) ?? inferZeekPath(data.record), context);
  };
}

export const zeekFormat: WireFormat = {
  name: 'zeek',
  description: 'Zeek conn, dns, http, ssl and files logs, TSV (with # headers) or JSON',
  createParser: createZeekParser,
  keepsState: true,
};
