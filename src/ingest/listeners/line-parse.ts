// One line through its parser, the same on the listener's thread and on a parse worker: a parser
// that throws (it should not) fails only its line, and each event without an event_uuid gets the
// line's identity (line-identity.ts).
import type { LineParser, ParseContext, ParseResult } from '../parsers/index.ts';
import { lineEventUuid } from './line-identity.ts';

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function parseLine(parser: LineParser, format: string, text: string, context: ParseContext): ParseResult {
  let result: ParseResult;
  try {
    result = parser(text, context);
  } catch (error) {
    return { ok: false, reason: `the ${format} parser failed: ${messageOf(error)}` };
  }
  if (!result.ok) return result;
  result.events.forEach((event, position) => {
    // The parser's own object: set in place.
    if (event.event_uuid == null) event.event_uuid = lineEventUuid(format, text, position, event.device_time ?? event.time);
  });
  return result;
}
