// The `syslog` wire format: each line a syslog message, its body read by the parser it calls for.
// Apart from syslog-message.ts so that the registry and the dispatcher (which looks formats up in
// the registry) can import each other in either order.
import type { WireFormat } from './parser.ts';
import { parseSyslogMessage } from './syslog-message.ts';

export const syslogFormat: WireFormat = {
  name: 'syslog',
  description: 'Syslog (RFC 5424, RFC 3164 and common deviations); the body is read as SEPM, CEF, LEEF or Suricata EVE by its content, else kept as a log message',
  createParser: () => parseSyslogMessage,
};
