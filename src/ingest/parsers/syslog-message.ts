// One syslog message in, its events out: the header is read, then the body goes to the parser its
// content calls for: SEPM (tag SymantecServer, or a body shaped like a SEPM log), CEF, LEEF,
// Suricata EVE JSON; anything else is kept as a generic log event. Also reads a line without header.
import { wireFormat } from './index.ts';
import type { ParseContext, ParseResult } from './parser.ts';
import { genericSyslogEvent } from './generic-syslog.ts';
import { isSepmAppName, parseSepmBody } from './sepm/parse-body.ts';
import { parseSyslogEnvelope, withEnvelope, type SyslogEnvelope } from './syslog-envelope.ts';

export function parseSyslogMessage(line: string, context: ParseContext): ParseResult {
  const read = parseSyslogEnvelope(line, context.receivedAt);
  if (!read.ok) return read;
  return parseSyslogBody(read.envelope, context);
}

function parseSyslogBody(envelope: SyslogEnvelope, context: ParseContext): ParseResult {
  const body = envelope.message.trimStart();
  if (isSepmAppName(envelope.appName)) return parseSepmBody(envelope, context);
  if (body.startsWith('CEF:')) return parseWithFormat('cef', 'CEF', envelope, context);
  if (body.startsWith('LEEF:')) return parseWithFormat('leef', 'LEEF', envelope, context);
  if (body.startsWith('{') && body.includes('"event_type"')) {
    // The EVE parser refuses exactly the JSON that is no EVE record (not an object, or no top-level
    // event_type text, as in {"ctx":{"event_type":…}}): that is kept as text like any other body,
    // and an EVE record is parsed only once.
    const eve = parseWithFormat('eve', 'Suricata EVE JSON', envelope, context);
    if (eve.ok) return eve;
  }
  return parseSepmBody(envelope, context, { onlyIfRecognized: true }) ?? { ok: true, events: [genericSyslogEvent(envelope, context)] };
}

/** A body in a format another parser of the registry reads; its columns are moved to the line's. */
function parseWithFormat(name: string, label: string, envelope: SyslogEnvelope, context: ParseContext): ParseResult {
  const format = wireFormat(name);
  if (!format) return { ok: false, reason: `no parser for ${label} registered`, column: envelope.messageOffset + 1 };
  const body = envelope.message.trimStart();
  const skipped = envelope.message.length - body.length;
  const result = format.createParser()(body, context);
  if (!result.ok) {
    return result.column === undefined ? result : { ...result, column: result.column + envelope.messageOffset + skipped };
  }
  return { ok: true, events: result.events.map((event) => withEnvelope(event, envelope)) };
}
