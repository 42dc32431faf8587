// Dead letters: lines Vigil received but could not turn into stored events (docs/CONNECTORS.md,
// "Dead letters"), kept byte for byte with the reason, until a replay ingests them or someone
// deletes them. The store is bounded: beyond its maximum the oldest are dropped and counted.
import type { Page, PageResult } from './store.ts';

/** What can be wrong with a line's bytes besides its content: kept with the line and on its events. */
export type IngestFlag = 'invalid_utf8' | 'truncated';

export interface NewDeadLetter {
  /** When Vigil received the line (ISO). */
  received: string;
  /** Where it came from: `<listener>:<peer address>`, e.g. `syslog-tcp:192.0.2.7`, `http:192.0.2.9`. */
  source: string;
  /** The wire format it was read as (`syslog`, `sepm`, `cef`, …). */
  format: string;
  reason: string;
  /** The line exactly as received (without its terminator); may hold bytes that are not UTF-8. */
  raw: Uint8Array;
  flags: IngestFlag[];
  /** 1-based line of an HTTP body or file, when the line came from one. */
  line_number?: number;
}

export interface DeadLetter extends NewDeadLetter {
  id: number;
  /** How many replays have been tried. */
  attempts: number;
  last_attempt?: string;
}

export interface DeadLetterFilter {
  ids?: number[];
  /** A whole source (`syslog-tcp:192.0.2.7`) or a listener (`syslog-tcp`: all its peers). */
  source?: string;
  format?: string;
  /** Inclusive range on `received` (ISO). */
  from?: string;
  to?: string;
}

export interface DeadLetterFailure {
  id: number;
  reason: string;
  at: string;
}

export interface DeadLetterStore {
  /** Adds the letters; beyond `maxRows` the oldest are deleted and added to the dropped count. */
  add(letters: NewDeadLetter[], maxRows: number): Promise<void>;
  list(filter: DeadLetterFilter, page: Page, order: 'asc' | 'desc'): Promise<PageResult<DeadLetter>>;
  /** After a failed replay: the new reason, one more attempt. */
  recordFailures(failures: DeadLetterFailure[]): Promise<void>;
  /** Deletes what the filter matches (everything for an empty filter); returns how many. */
  delete(filter: DeadLetterFilter): Promise<number>;
  /** How many letters the bound has dropped since the database was created. */
  dropped(): Promise<number>;
}
