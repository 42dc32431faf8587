// SEPM's value vocabularies as the canonical event's: times, addresses, ports, hashes, direction,
// protocol, actions, and the severity rule (the body has no severity).
import { isIP } from 'node:net';
import { isStoredTime } from '../../../model/index.ts';
import { NOT_KNOWN, UNREADABLE } from './layout.ts';

type Converted<T> = T | typeof NOT_KNOWN | typeof UNREADABLE;

const SEPM_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** `2021-06-08 20:08:00` (no zone; read as UTC) → ISO-8601; 2021-02-30 and 24:00:00 are unreadable. */
export function sepmTime(text: string): Converted<string> {
  if (!SEPM_TIME.test(text)) return UNREADABLE;
  const stored = `${text.slice(0, 10)}T${text.slice(11)}.000Z`;
  return isStoredTime(stored) ? stored : UNREADABLE;
}

/** An IPv4 or IPv6 address; `0.0.0.0` and `::` mean not known. */
export function ipAddress(text: string): Converted<string> {
  if (text === '0.0.0.0' || text === '::') return NOT_KNOWN;
  return isIP(text) ? text : UNREADABLE;
}

/** A port; 0 means none (SEP writes 0 for non-TCP/UDP traffic). */
export function port(text: string): Converted<number> {
  if (!/^\d{1,5}$/.test(text)) return UNREADABLE;
  const number = Number(text);
  if (number > 65535) return UNREADABLE;
  return number === 0 ? NOT_KNOWN : number;
}

export function count(text: string): Converted<number> {
  return /^\d{1,15}$/.test(text) ? Number(text) : UNREADABLE;
}

/** A hex digest, lower-cased; all zeros (SYSTEM, kernel traffic) means no hash. */
export function hash(text: string): Converted<string> {
  if (!/^[0-9A-Fa-f]{32,128}$/.test(text)) return UNREADABLE;
  return /^0+$/.test(text) ? NOT_KNOWN : text.toLowerCase();
}

const DIRECTIONS = new Map([['unknown', 0], ['inbound', 1], ['outbound', 2]]);
/** The direction's positional place in a layout, with its words. */
export const DIRECTION = `#direction=${[...DIRECTIONS.keys()].join('|')}`;

/** SEP's direction words as traffic_direction codes (0 Unknown, 1 Inbound, 2 Outbound). */
export function direction(text: string): Converted<number> {
  return DIRECTIONS.get(text.toLowerCase()) ?? UNREADABLE;
}

/** SEP's protocol words as network_protocol codes; `Unknown` and `ETHERNET` are OTHERS (1). */
const PROTOCOLS = new Map([['others', 1], ['other', 1], ['unknown', 1], ['ethernet', 1], ['tcp', 2], ['udp', 3], ['icmp', 4]]);
export const PROTOCOL = `#protocol=${[...PROTOCOLS.keys()].join('|')}`;

export function protocol(text: string): Converted<number> {
  return PROTOCOLS.get(text.toLowerCase()) ?? UNREADABLE;
}

/** symc_device_action: 1 Blocked, 2 Detected, 3 Allowed. */
export const DEVICE_ACTION = { BLOCKED: 1, DETECTED: 2, ALLOWED: 3 } as const;

/** Firewall, packet and application/device control actions. */
const CONTROL_ACTIONS = new Map<string, number>([
  ['blocked', DEVICE_ACTION.BLOCKED], ['terminate', DEVICE_ACTION.BLOCKED], ['allowed', DEVICE_ACTION.ALLOWED], ['continue', DEVICE_ACTION.ALLOWED],
]);

export function controlAction(text: string): Converted<number> {
  return CONTROL_ACTIONS.get(text.toLowerCase()) ?? UNREADABLE;
}

/**
 * What the antivirus did: removing or isolating the file blocked it, leaving it alone only
 * detected it. Other texts ("All actions failed", …) stay without a code.
 */
export function antivirusAction(actualAction: string): number | undefined {
  const text = actualAction.toLowerCase();
  if (text.startsWith('left alone')) return DEVICE_ACTION.DETECTED;
  if (/^(quarantined|cleaned|deleted|blocked|process terminate)/.test(text)) return DEVICE_ACTION.BLOCKED;
  return undefined;
}

/**
 * The severity rule. The SEPM body carries no severity, so the header's is used: the syslog
 * severity SEPM chose for the record (or a dump file's severity word, read as the syslog severity
 * it names) becomes the SEP band it matches, written as the band's code (as "Critical" is 3):
 * emerg, alert and crit → 3 Critical; err → 7 Major; warning → 11 Minor; notice, info, debug →
 * 15 Info. Without a header there is no severity.
 */
const SEP_SEVERITY_BY_SYSLOG_SEVERITY = [3, 3, 3, 7, 11, 15, 15, 15];

export function sepSeverity(syslogSeverity: number | null): number | undefined {
  return syslogSeverity === null ? undefined : SEP_SEVERITY_BY_SYSLOG_SEVERITY[syslogSeverity];
}

/** The last part of a Windows or POSIX path. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? path : path.slice(cut + 1);
}
