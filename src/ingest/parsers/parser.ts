// What every wire-format parser is: a function from one line (or one syslog message body) to the
// events in it, in the canonical schema's field names, ready for normalizeEvent. Parsers never throw
// and never drop a line silently: a line they cannot read comes back as a failure with the reason
// (and the column where reading stopped, when there is one), so that it can go to the dead letters.
export interface ParseContext {
  /** When Vigil received the line (ISO-8601); the event time when the line has none. */
  receivedAt: string;
  /** Where the line came from, e.g. `udp:192.0.2.7:514`, `file:ips.log`, `http`. */
  source: string;
}

export type ParseResult =
  /** `events` may be empty for lines that only carry state (Zeek `#fields` headers, comments). */
  | { ok: true; events: Record<string, unknown>[] }
  | { ok: false; reason: string; column?: number };

/** Parses the lines of one stream in order; formats with headers (Zeek TSV) keep state between lines. */
export type LineParser = (line: string, context: ParseContext) => ParseResult;

export interface WireFormat {
  /** The name used by `?format=`, `vigil ingest --format` and the listeners' configuration. */
  name: string;
  description: string;
  /** A fresh parser for one stream (a file, an HTTP body, a TCP connection). */
  createParser(): LineParser;
  /** The parser carries state from line to line (Zeek TSV headers): a stream's lines must all go to one parser, in order. */
  keepsState?: boolean;
}
