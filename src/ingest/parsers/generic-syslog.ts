// A syslog message no body parser claims (a daemon's log line, a firewall's free text): kept as an
// Application Activity event with its text, host, program and severity, never rejected.
import type { ParseContext } from './parser.ts';
import { envelopeFields, type SyslogEnvelope } from './syslog-envelope.ts';

/** type_id 1, "Application Activity": the reference's type for a product's own log messages. */
export const GENERIC_LOG_TYPE_ID = 1;

/**
 * Syslog severity (0 emerg … 7 debug) as the normalized severity_id (1 Info, 2 Warning, 3 Minor,
 * 4 Major, 5 Critical, 6 Fatal): emerg is fatal, alert and crit critical, err major, warning a
 * warning, notice, info and debug informational.
 */
const SEVERITY_ID_BY_SYSLOG_SEVERITY = [6, 5, 5, 4, 2, 1, 1, 1];

export function genericSyslogEvent(envelope: SyslogEnvelope, context: ParseContext): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type_id: GENERIC_LOG_TYPE_ID,
    device_time: envelope.timestamp ?? context.receivedAt,
    message: envelope.message,
  };
  if (envelope.hostname !== null) event.device_name = envelope.hostname;
  if (envelope.severity !== null) event.severity_id = SEVERITY_ID_BY_SYSLOG_SEVERITY[envelope.severity];
  const syslog = envelopeFields(envelope);
  if (syslog) event.syslog = syslog;
  return event;
}
