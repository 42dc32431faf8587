// Where incidents are forwarded: `udp://host:514`, `tcp://host:601` or `tls://host:6514`. Options
// may follow as a query (`?framing=octet-counting&format=rfc3164&ca=/etc/siem-ca.pem&insecure=true`)
// and win over the defaults the server's flags give.
import { readFileSync } from 'node:fs';
import type { SyslogFormat } from './syslog-envelope.ts';

export type SyslogTransport = 'udp' | 'tcp' | 'tls';
export type SyslogFraming = 'newline' | 'octet-counting';

export interface SyslogTarget {
  /** `scheme://host:port`: how logs name the target. */
  name: string;
  transport: SyslogTransport;
  host: string;
  port: number;
  format: SyslogFormat;
  /** TCP and TLS only (RFC 6587). */
  framing: SyslogFraming;
  /** TLS: the CA certificates (PEM) to trust instead of the system's. */
  ca?: Buffer;
  /** TLS: accept any certificate (a lab without a CA). */
  insecure: boolean;
}

/** Defaults for every target, from flags or environment variables. */
export interface SyslogTargetDefaults {
  format?: string;
  framing?: string;
  ca?: string;
  insecure?: boolean;
}

export class SyslogTargetError extends Error {}

const DEFAULT_PORTS: Readonly<Record<SyslogTransport, number>> = { udp: 514, tcp: 601, tls: 6514 };
const FORMATS: Readonly<Record<string, SyslogFormat>> = { rfc5424: 'rfc5424', 5424: 'rfc5424', rfc3164: 'rfc3164', 3164: 'rfc3164' };
const FRAMINGS: Readonly<Record<string, SyslogFraming>> = { newline: 'newline', 'octet-counting': 'octet-counting', octet: 'octet-counting' };
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, 1: true, yes: true, false: false, 0: false, no: false };
const OPTIONS = ['format', 'framing', 'ca', 'insecure'];

function choice<T>(target: string, option: string, value: string, allowed: Readonly<Record<string, T>>): T {
  const chosen = allowed[value.toLowerCase()];
  if (chosen === undefined) throw new SyslogTargetError(`${target}: ${option} must be one of ${Object.keys(allowed).join(', ')}, got "${value}"`);
  return chosen;
}

function readCa(target: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new SyslogTargetError(`${target}: cannot read the CA file ${file}: ${(error as Error).message}`);
  }
}

export function parseSyslogTarget(text: string, defaults: SyslogTargetDefaults = {}): SyslogTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SyslogTargetError(`"${text}" is not a URL: write udp://host:514, tcp://host:601 or tls://host:6514`);
  }
  const transport = url.protocol.slice(0, -1) as SyslogTransport;
  if (!Object.hasOwn(DEFAULT_PORTS, transport)) throw new SyslogTargetError(`"${text}": the scheme must be udp, tcp or tls`);
  if (!url.hostname) throw new SyslogTargetError(`"${text}" names no host`);
  if (url.username || url.password || (url.pathname !== '' && url.pathname !== '/') || url.hash) {
    throw new SyslogTargetError(`"${text}": only a host, a port and options (?framing=…&format=…&ca=…&insecure=…) may be given`);
  }
  const name = `${transport}://${url.hostname}:${url.port || DEFAULT_PORTS[transport]}`;
  const given = new Map<string, string>();
  for (const [option, value] of url.searchParams) {
    if (!OPTIONS.includes(option)) throw new SyslogTargetError(`${name}: unknown option "${option}" (known: ${OPTIONS.join(', ')})`);
    if (given.has(option)) throw new SyslogTargetError(`${name}: give ${option} once`);
    given.set(option, value);
  }
  if (transport === 'udp' && given.has('framing')) throw new SyslogTargetError(`${name}: framing applies to tcp and tls only`);
  if (transport !== 'tls' && (given.has('ca') || given.has('insecure'))) throw new SyslogTargetError(`${name}: ca and insecure apply to tls only`);
  const caFile = given.get('ca') ?? defaults.ca;
  const insecureText = given.get('insecure');
  return {
    name,
    transport,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || DEFAULT_PORTS[transport]),
    format: choice(name, 'format', given.get('format') ?? defaults.format ?? 'rfc5424', FORMATS),
    // RFC 5425 makes octet counting the framing of syslog over TLS; plain TCP receivers mostly split lines.
    framing: choice(name, 'framing', given.get('framing') ?? defaults.framing ?? (transport === 'tls' ? 'octet-counting' : 'newline'), FRAMINGS),
    ca: transport === 'tls' && caFile ? readCa(name, caFile) : undefined,
    insecure: transport === 'tls' && (insecureText === undefined ? defaults.insecure ?? false : choice(name, 'insecure', insecureText, BOOLEANS)),
  };
}
