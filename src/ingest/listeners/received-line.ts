// One line (a syslog message, a line of an HTTP body or file) as Vigil received it: the exact bytes,
// their text, and what was wrong with the bytes. Bytes that are not UTF-8 never stop a stream: the
// text has U+FFFD in their place and the line carries the flag `invalid_utf8`.
import { isAscii, isUtf8 } from 'node:buffer';
import type { IngestFlag } from '../../store/index.ts';
import type { SourceCounters } from './source-counters.ts';

/** Which listener and which peer a line came from; one per connection, datagram sender or request. */
export interface LineOrigin {
  counters: SourceCounters;
  /** The peer's address (no port: counters and filters stay stable across reconnects). */
  peer: string;
  /** `<listener>:<peer>`, the ParseContext source and the dead letter's source. */
  source: string;
}

export interface ReceivedLine {
  raw: Buffer;
  text: string;
  flags: IngestFlag[];
  receivedAt: string;
  origin: LineOrigin;
  /** 1-based line of an HTTP body or file. */
  line?: number;
  /** Why the line is not parsed at all (over-long): it goes straight to the dead letters. */
  refusal?: string;
}

// Not fatal: invalid sequences become U+FFFD. A BOM is kept, as the syslog parser reads it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

export function originOf(counters: SourceCounters, peer: string): LineOrigin {
  return { counters, peer, source: `${counters.name}:${peer}` };
}

/** The bytes' text, invalid sequences as U+FFFD. ASCII, the common case, is decoded as Latin-1: the same text, much faster. */
export function decodeLine(raw: Uint8Array): { text: string; invalidUtf8: boolean } {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), invalidUtf8: false };
  return { text: utf8.decode(bytes), invalidUtf8: !isUtf8(bytes) };
}

/** The line with its text and flags, counted as received by its origin. */
export function receiveLine(raw: Buffer, origin: LineOrigin, receivedAt: string, extra: Partial<Pick<ReceivedLine, 'line' | 'refusal'>> & { truncated?: boolean } = {}): ReceivedLine {
  const { text, invalidUtf8 } = decodeLine(raw);
  const flags: IngestFlag[] = [];
  if (invalidUtf8) flags.push('invalid_utf8');
  if (extra.truncated) flags.push('truncated');
  origin.counters.add(origin.peer, 'received');
  for (const flag of flags) origin.counters.add(origin.peer, flag);
  return { raw, text, flags, receivedAt, origin, line: extra.line, refusal: extra.refusal };
}
