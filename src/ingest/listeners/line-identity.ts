// The identity of an event a line gave without an event_uuid: a hash of the line as received and
// the format it was read as, so that the same line sent again (a UDP retransmission, a file
// ingested twice, a dead letter replayed) is a duplicate. Hashing the line's text is a fraction of
// the cost of hashing the parsed event's canonical JSON (normalize-event.ts does that for JSON
// events), and it identifies the same resends.
import { createHash } from 'node:crypto';

/** `sha256:…` of the format, the line's text and, past the first, the event's position in the line. */
export function lineEventUuid(format: string, text: string, position: number): string {
  const hash = createHash('sha256').update(format).update('\n').update(text);
  if (position > 0) hash.update(`\n${position}`);
  return `sha256:${hash.digest('hex')}`;
}
