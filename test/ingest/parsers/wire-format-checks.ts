// What the CEF, LEEF, EVE and Zeek parser tests share: reading a line that must parse, normalizing
// its events as the pipeline will, and the parser contract checked on any input.
import assert from 'node:assert/strict';
import { normalizeEvent } from '../../../src/ingest/index.ts';
import type { LineParser, ParseContext, ParseResult } from '../../../src/ingest/parsers/index.ts';

export const CONTEXT: ParseContext = { receivedAt: '2024-05-01T12:00:00.000Z', source: 'test' };

export function eventsOf(parse: LineParser, line: string, context: ParseContext = CONTEXT): Record<string, unknown>[] {
  const result = parse(line, context);
  assert.ok(result.ok, `the line should parse: ${JSON.stringify(result)}`);
  return result.events;
}

/** The event as the pipeline stores it, without the identity and receipt time (a hash and the context's time). */
export function canonical(event: Record<string, unknown>, receivedAt = CONTEXT.receivedAt): Record<string, unknown> {
  const normalized = normalizeEvent(event, receivedAt);
  assert.ok(normalized.ok, `the event should normalize: ${JSON.stringify(!normalized.ok && normalized.errors)}`);
  const { event_uuid: _uuid, log_time: _logTime, ...rest } = normalized.event;
  return rest;
}

/** The one canonical event of a line. */
export function onlyEvent(parse: LineParser, line: string, context: ParseContext = CONTEXT): Record<string, unknown> {
  const events = eventsOf(parse, line, context);
  assert.equal(events.length, 1, `one event expected, got ${events.length}`);
  return canonical(events[0], context.receivedAt);
}

export function failureOf(parse: LineParser, line: string): { reason: string; column?: number } {
  const result = parse(line, CONTEXT);
  assert.ok(!result.ok, `the line should be refused: ${JSON.stringify(result)}`);
  return { reason: result.reason, column: result.column };
}

/**
 * The contract on any input: an answer, never an exception; a refusal has a short reason and a
 * column inside the line; events normalize unless `mayBeRejected` says the parser passes them on
 * as sent (Symantec EDR's exported events).
 */
export function assertContract(line: string, result: ParseResult, mayBeRejected: (event: Record<string, unknown>) => boolean = () => false): void {
  if (result.ok) {
    for (const event of result.events) {
      if (mayBeRejected(event)) continue;
      const normalized = normalizeEvent(event, CONTEXT.receivedAt);
      assert.ok(normalized.ok, `an event that does not normalize: ${JSON.stringify(event).slice(0, 500)} ${JSON.stringify(!normalized.ok && normalized.errors)}`);
    }
    return;
  }
  assert.ok(result.reason.length > 0 && result.reason.length < 500, `a reason of ${result.reason.length} characters`);
  if (result.column !== undefined) {
    assert.ok(Number.isInteger(result.column) && result.column >= 1 && result.column <= line.length + 1, `column ${result.column} is outside the line`);
  }
}

export const MEGABYTE = 1 << 20;

/** `unit` repeated to at least a megabyte. */
export function fill(unit: string): string {
  return unit.repeat(Math.ceil(MEGABYTE / unit.length));
}
