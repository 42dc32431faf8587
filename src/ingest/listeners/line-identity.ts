// The identity of an event a line gave without an event_uuid: a hash of the line as received and
// the format it was read as, so that the same line sent again (a UDP retransmission, a file
// ingested twice, a dead letter replayed) is a duplicate. Hashing the line's text is a fraction of
// the cost of hashing the parsed event's canonical JSON (normalize-event.ts does that for JSON
// events), and it identifies the same resends.
//
// The event's own time leads the identity when the parser found one: lines arrive roughly in time
// order, so new entries of the unique event_uuid index land together at its end instead of each on
// a page of its own (a random hash alone dirtied about one index page per event: half the WAL).
import { sha256Hex } from '../sha256.ts';

/** Longer "times" are not put in front: the identity must stay within event_uuid's 128 characters. */
const MAX_TIME_PREFIX = 40;

/**
 * `<time>/sha256:…` (or `sha256:…` without a time) of the format, the line's text and, past the
 * first, the event's position in the line.
 */
export function lineEventUuid(format: string, text: string, position: number, time: unknown): string {
  const digest = `sha256:${sha256Hex(position > 0 ? `${format}\n${text}\n${position}` : `${format}\n${text}`)}`;
  return typeof time === 'string' && time !== '' && time.length <= MAX_TIME_PREFIX ? `${time}/${digest}` : digest;
}
