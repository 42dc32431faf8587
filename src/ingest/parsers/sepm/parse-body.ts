// A SEPM log body (after its syslog header) to its canonical event: the log type by the labels,
// the fields by the type's layout, the values by the type's mapping; then what every SEPM event
// shares: severity from the header, the header time as log_time, and a `sepm` object with every
// value the mapping did not take, so that nothing the line said is lost.
import type { ParseContext, ParseResult } from '../parser.ts';
import { FUTURE_ALLOWANCE_MS, withEnvelope, yearlessNotBefore, type SyslogEnvelope } from '../syslog-envelope.ts';
import { labelled, splitFields } from './fields.ts';
import { matchLayout, RecordReader } from './layout.ts';
import { defined } from './log-type.ts';
import { recognizeLogType } from './recognize.ts';
import { sepSeverity } from './values.ts';

const SEPM_APP_NAME = 'symantecserver';
const PRODUCT_NAME = 'Symantec Endpoint Protection';
const PREVIEW_LENGTH = 60;

/** SEPM tags its messages `SymantecServer:`. */
export function isSepmAppName(appName: string | null): boolean {
  return appName !== null && appName.toLowerCase() === SEPM_APP_NAME;
}

/**
 * With `onlyIfRecognized`, a body that is no SEPM log gives undefined (the caller tries other
 * readings); without, it is a failure with the reason.
 */
export function parseSepmBody(envelope: SyslogEnvelope, context: ParseContext): ParseResult;
export function parseSepmBody(envelope: SyslogEnvelope, context: ParseContext, options: { onlyIfRecognized: true }): ParseResult | undefined;
export function parseSepmBody(envelope: SyslogEnvelope, context: ParseContext, options?: { onlyIfRecognized: true }): ParseResult | undefined {
  const body = envelope.message;
  // Every SEPM log has several comma-separated fields with at least one label.
  const fields = body.includes(',') && body.includes(':') ? splitFields(body) : [];
  const keyed = fields.map((field) => labelled(field));
  const logType = recognizeLogType(fields, keyed);
  if (logType === undefined) {
    if (options?.onlyIfRecognized) return undefined;
    const preview = body.length > PREVIEW_LENGTH ? `${body.slice(0, PREVIEW_LENGTH)}…` : body;
    return {
      ok: false,
      reason: `not a SEPM log line: its fields match none of the SEPM log types (security, traffic, packet, risk, proactive, scan, application and device control, system, administrative, policy, agent or client activity); it begins "${preview}"`,
      column: envelope.messageOffset + 1,
    };
  }
  const read = new RecordReader(matchLayout(logType.layout, fields, keyed));
  const event = defined(logType.toEvent(read)) ?? {};
  event.product_name = PRODUCT_NAME;
  const severity = sepSeverity(envelope.severity);
  if (severity !== undefined) event.severity = severity;
  const bodyTime = typeof event.device_time === 'string' ? event.device_time : undefined;
  event.device_time = bodyTime ?? envelope.timestamp ?? context.receivedAt;
  const logTime = headerTime(envelope, bodyTime);
  if (logTime !== undefined) event.log_time = logTime;
  event.sepm = { log_type: logType.name, ...read.rest() };
  return { ok: true, events: [withEnvelope(event, envelope)] };
}

/**
 * The header time, when SEPM sent the record. A header without a year (RFC 3164) gets the year
 * that puts it at or after the body's event time (SEPM sends after the fact, in batches), rather
 * than one from the receive time: a file of old logs replayed today keeps its times, and a resent
 * line its content hash.
 */
function headerTime(envelope: SyslogEnvelope, bodyTime: string | undefined): string | undefined {
  if (envelope.timestamp === null || envelope.yearless === null || bodyTime === undefined) return envelope.timestamp ?? undefined;
  const ms = yearlessNotBefore(envelope.yearless, Date.parse(bodyTime) - FUTURE_ALLOWANCE_MS);
  return ms === undefined ? envelope.timestamp : new Date(ms).toISOString();
}
