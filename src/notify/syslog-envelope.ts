// The syslog envelope around a forwarded record: RFC 5424 or RFC 3164, always facility user and
// severity informational (<14>), as Symantec EDR sends (reference §7).
import { hostname } from 'node:os';

export type SyslogFormat = 'rfc5424' | 'rfc3164';

/** Facility 1 (user) × 8 + severity 6 (informational). */
const PRI = '<14>';
const APP_NAME = 'vigil';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const twoDigits = (value: number) => String(value).padStart(2, '0');

export function syslogMessage(format: SyslogFormat, message: string, at: Date = new Date(), host: string = hostname() || '-'): string {
  if (format === 'rfc5424') return `${PRI}1 ${at.toISOString()} ${host} ${APP_NAME} ${process.pid} - - ${message}`;
  // BSD syslog: local time without year or zone, the day padded with a space.
  const stamp = `${MONTHS[at.getMonth()]} ${String(at.getDate()).padStart(2, ' ')} ${twoDigits(at.getHours())}:${twoDigits(at.getMinutes())}:${twoDigits(at.getSeconds())}`;
  return `${PRI}${stamp} ${host} ${APP_NAME}[${process.pid}]: ${message}`;
}
