// Replaying dead letters after a parser fix: each letter's bytes are read again with the current
// parser of its format and go through the pipeline. A letter that now becomes events is ingested
// and deleted; one that still fails keeps its place with the new reason and one more attempt.
// Oldest first, at most `limit` per call.
import type { DeadLetter, DeadLetterFilter } from '../../store/index.ts';
import { wireFormat, type LineParser } from '../parsers/index.ts';
import { reasonsByLine, type LineIngest } from './line-ingest.ts';
import { receiveLine, type ReceivedLine } from './received-line.ts';

export interface ReplayResult {
  /** Letters read again. */
  replayed: number;
  /** Of those, ingested and deleted. */
  ingested: number;
  /** Of those, still failing (kept with the new reason). */
  failed: number;
  accepted: number;
  duplicates: number;
  incidents: { created: string[]; updated: string[] };
  /** The first MAX_REPORTED_FAILURES failures, oldest first. */
  failures: { id: number; reason: string }[];
  /** Letters matching the filter still stored afterwards. */
  remaining: number;
}

const MAX_REPORTED_FAILURES = 100;
export const REPLAY_LIMIT = { fallback: 1000, max: 10_000 };

const unknownFormat = (format: string): LineParser => () => ({ ok: false, reason: `no parser for the format "${format}"` });

export async function replayDeadLetters(ingest: LineIngest, filter: DeadLetterFilter, limit: number): Promise<ReplayResult> {
  const store = ingest.store.deadLetters;
  const counters = ingest.sources.listener('dead-letter-replay', { protocol: 'replay' });
  const letters = (await store.list(filter, { offset: 0, limit }, 'asc')).result;
  const result: ReplayResult = {
    replayed: letters.length, ingested: 0, failed: 0, accepted: 0, duplicates: 0, incidents: { created: [], updated: [] }, failures: [], remaining: 0,
  };
  const at = new Date().toISOString();
  for (const [format, group] of byFormat(letters)) {
    const lines = group.map((letter): ReceivedLine => {
      // The peer is the letter's own source, so the counters say which sources' letters were replayed.
      const origin = { counters, peer: letter.source, source: letter.source };
      counters.seen(letter.source, at);
      counters.add(letter.source, 'bytes', letter.raw.length);
      return receiveLine(Buffer.from(letter.raw), origin, letter.received, { line: letter.line_number, truncated: letter.flags.includes('truncated') });
    });
    const outcome = await ingest.commit(ingest.prepare(lines, wireFormat(format)?.createParser() ?? unknownFormat(format), format));
    const reasons = reasonsByLine(outcome.failures);
    const failed = group.flatMap((letter, index) => {
      const reason = reasons.get(lines[index]);
      return reason === undefined ? [] : [{ id: letter.id, reason, at }];
    });
    const failedIds = new Set(failed.map((failure) => failure.id));
    const succeeded = group.filter((letter) => !failedIds.has(letter.id)).map((letter) => letter.id);
    await store.recordFailures(failed);
    if (succeeded.length > 0) await store.delete({ ids: succeeded });
    result.ingested += succeeded.length;
    result.failed += failed.length;
    result.accepted += outcome.accepted;
    result.duplicates += outcome.duplicates;
    for (const uuid of outcome.incidents.created) if (!result.incidents.created.includes(uuid)) result.incidents.created.push(uuid);
    for (const uuid of outcome.incidents.updated) if (!result.incidents.updated.includes(uuid)) result.incidents.updated.push(uuid);
    result.failures.push(...failed.map(({ id, reason }) => ({ id, reason })));
  }
  result.failures = result.failures.sort((a, b) => a.id - b.id).slice(0, MAX_REPORTED_FAILURES);
  result.remaining = (await store.list(filter, { offset: 0, limit: 0 }, 'asc')).total;
  return result;
}

/** The letters by format, each group oldest first. */
function byFormat(letters: DeadLetter[]): Map<string, DeadLetter[]> {
  const groups = new Map<string, DeadLetter[]>();
  for (const letter of letters) {
    const group = groups.get(letter.format);
    if (group) group.push(letter);
    else groups.set(letter.format, [letter]);
  }
  return groups;
}
