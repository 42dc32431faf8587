// The settings of the syslog listeners and the dead letters (docs/CONNECTORS.md): a flag wins over
// a VIGIL_* environment variable, which wins over the default. Every listener is off unless given
// a port.
import { readFileSync } from 'node:fs';
import { DEFAULT_DEAD_LETTER_MAX_ROWS, DEFAULT_MAX_MESSAGE_BYTES, defaultParseWorkers, peerAllowList, PeerAllowListError, type SyslogListenerSettings } from '../ingest/listeners/index.ts';
import { SettingsError, wholeNumber } from './settings.ts';

export interface ConnectorFlags {
  syslogUdp?: string;
  syslogTcp?: string;
  syslogTls?: string;
  syslogHost?: string;
  syslogMaxMessage?: string;
  syslogAllow?: string;
  syslogTlsCa?: string;
  parseWorkers?: string;
  deadLetterMaxRows?: string;
}

export interface ConnectorSettings {
  syslog: SyslogListenerSettings;
  /** PEM CA certificates the TLS listener's senders must present client certificates of (--syslog-tls-ca). */
  syslogClientCa?: Buffer;
  deadLetterMaxRows: number;
  /** Worker threads that parse syslog messages and `?format=` bodies; 0 parses on the server's thread. */
  parseWorkers: number;
}

const MIN_MESSAGE_BYTES = 480; // RFC 5424 §6.1: every receiver takes messages of 480 octets
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const MAX_PARSE_WORKERS = 64;

const CLIENT_CA = 'syslog client CA (--syslog-tls-ca, VIGIL_SYSLOG_TLS_CA)';

/** The client CA file's certificates; undefined when none is named. */
function clientCa(file: string | undefined, tlsListener: boolean): Buffer | undefined {
  if (file === undefined || file === '') return undefined;
  if (!tlsListener) throw new SettingsError(`${CLIENT_CA} is for the TLS listener: give --syslog-tls a port too`);
  let pem: Buffer;
  try {
    pem = readFileSync(file);
  } catch (error) {
    throw new SettingsError(`${CLIENT_CA}: cannot read ${file}: ${(error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new SettingsError(`${CLIENT_CA}: ${file} holds no PEM certificate`);
  return pem;
}

/** `serverHost` is the HTTP server's --host, the listeners' default. */
export function resolveConnectorSettings(flags: ConnectorFlags, env: NodeJS.ProcessEnv, serverHost: string): ConnectorSettings {
  const port = (flag: string | undefined, variable: string, name: string) => {
    const text = flag ?? env[variable];
    return text === undefined || text === '' ? undefined : wholeNumber(`syslog ${name} port (--syslog-${name}, ${variable})`, text, 0, 65535);
  };
  const syslog: SyslogListenerSettings = {
    host: flags.syslogHost ?? env.VIGIL_SYSLOG_HOST ?? serverHost,
    udpPort: port(flags.syslogUdp, 'VIGIL_SYSLOG_UDP', 'udp'),
    tcpPort: port(flags.syslogTcp, 'VIGIL_SYSLOG_TCP', 'tcp'),
    tlsPort: port(flags.syslogTls, 'VIGIL_SYSLOG_TLS', 'tls'),
    maxMessageBytes: wholeNumber('syslog maximum message size (--syslog-max-message, VIGIL_SYSLOG_MAX_MESSAGE)',
      flags.syslogMaxMessage ?? env.VIGIL_SYSLOG_MAX_MESSAGE ?? String(DEFAULT_MAX_MESSAGE_BYTES), MIN_MESSAGE_BYTES, MAX_MESSAGE_BYTES),
    allow: (flags.syslogAllow ?? env.VIGIL_SYSLOG_ALLOW ?? '').split(',').map((cidr) => cidr.trim()).filter(Boolean),
  };
  if (syslog.tcpPort !== undefined && syslog.tcpPort !== 0 && syslog.tcpPort === syslog.tlsPort) {
    throw new SettingsError(`the syslog TCP and TLS listeners cannot share port ${syslog.tcpPort}`);
  }
  try {
    peerAllowList(syslog.allow);
  } catch (error) {
    if (error instanceof PeerAllowListError) throw new SettingsError(`syslog allow-list (--syslog-allow, VIGIL_SYSLOG_ALLOW): ${error.message}`);
    throw error;
  }
  return {
    syslog,
    syslogClientCa: clientCa(flags.syslogTlsCa ?? env.VIGIL_SYSLOG_TLS_CA, syslog.tlsPort !== undefined),
    deadLetterMaxRows: wholeNumber('dead letter bound (--dead-letter-max-rows, VIGIL_DEAD_LETTER_MAX_ROWS)',
      flags.deadLetterMaxRows ?? env.VIGIL_DEAD_LETTER_MAX_ROWS ?? String(DEFAULT_DEAD_LETTER_MAX_ROWS), 1, 100_000_000),
    parseWorkers: wholeNumber('parse workers (--parse-workers, VIGIL_PARSE_WORKERS)',
      flags.parseWorkers ?? env.VIGIL_PARSE_WORKERS ?? String(defaultParseWorkers()), 0, MAX_PARSE_WORKERS),
  };
}
