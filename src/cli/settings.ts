// Server settings: a flag wins over a VIGIL_* environment variable, which wins over the default.
import { statSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { parseSyslogTarget, SyslogTargetError, type SyslogTarget } from '../notify/index.ts';
import { withoutBlankVariables } from './environment.ts';
import { resolveConnectorSettings, type ConnectorFlags, type ConnectorSettings } from './syslog-settings.ts';

/** Where the HTTPS certificate comes from: the operator's PEM files or one Vigil makes itself. */
export type TlsSource = { kind: 'files'; certFile: string; keyFile: string } | { kind: 'self-signed' };

export interface ServeSettings extends ConnectorSettings {
  host: string;
  /** Plain HTTP; under TLS it is bound to loopback only. */
  port: number;
  tls?: TlsSource;
  tlsPort: number;
  dataDir: string;
  ingestBodyLimit: number;
  incidentWindowHours: number;
  maxQueuedEvents: number;
  logLevel: string;
  adminPassword?: string;
  ingestToken?: string;
  /** Where incidents are forwarded as syslog CEF. */
  forwardSyslog: SyslogTarget[];
  /** Directories of Sigma rules loaded at start, besides the built-in ones (docs/RULES.md). */
  rulesDirs: string[];
}

export interface ServeFlags extends ConnectorFlags {
  host?: string;
  port?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsSelfSigned?: boolean;
  tlsPort?: string;
  dataDir?: string;
  ingestBodyLimit?: string;
  incidentWindowHours?: string;
  maxQueuedEvents?: string;
  logLevel?: string;
  rulesDir?: string[];
  forwardSyslog?: string[];
  forwardFormat?: string;
  forwardFraming?: string;
  forwardCa?: string;
  forwardInsecure?: boolean;
}

export class SettingsError extends Error {}

export function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  // Number('') is 0: an empty --port would otherwise mean "any free port".
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) throw new SettingsError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new SettingsError(`${name} must be a positive number, got "${text}"`);
  return value;
}

function tlsSource(flags: ServeFlags, env: NodeJS.ProcessEnv): TlsSource | undefined {
  const certFile = flags.tlsCert ?? env.VIGIL_TLS_CERT;
  const keyFile = flags.tlsKey ?? env.VIGIL_TLS_KEY;
  const selfSigned = flags.tlsSelfSigned ?? ['1', 'true'].includes(env.VIGIL_TLS_SELF_SIGNED ?? '');
  if (Boolean(certFile) !== Boolean(keyFile)) throw new SettingsError('TLS needs both a certificate and its key (--tls-cert and --tls-key, VIGIL_TLS_CERT and VIGIL_TLS_KEY)');
  if (certFile && keyFile) {
    if (selfSigned) throw new SettingsError('choose either --tls-cert/--tls-key or --tls-self-signed, not both');
    return { kind: 'files', certFile: resolve(certFile), keyFile: resolve(keyFile) };
  }
  return selfSigned ? { kind: 'self-signed' } : undefined;
}

function forwardTargets(flags: ServeFlags, env: NodeJS.ProcessEnv): SyslogTarget[] {
  const urls = flags.forwardSyslog ?? env.VIGIL_FORWARD_SYSLOG?.split(/[\s,]+/).filter(Boolean) ?? [];
  const defaults = {
    format: flags.forwardFormat ?? env.VIGIL_FORWARD_FORMAT,
    framing: flags.forwardFraming ?? env.VIGIL_FORWARD_FRAMING,
    ca: flags.forwardCa ?? env.VIGIL_FORWARD_CA,
    insecure: flags.forwardInsecure ?? ['1', 'true'].includes(env.VIGIL_FORWARD_INSECURE ?? ''),
  };
  try {
    return urls.map((url) => parseSyslogTarget(url, defaults));
  } catch (error) {
    if (error instanceof SyslogTargetError) throw new SettingsError(`forwarding (--forward-syslog, VIGIL_FORWARD_SYSLOG): ${error.message}`);
    throw error;
  }
}

/** --rules-dir (repeatable) or VIGIL_RULES_DIR (separated like PATH); each must be a directory. */
function rulesDirs(flags: ServeFlags, env: NodeJS.ProcessEnv): string[] {
  const given = flags.rulesDir ?? (env.VIGIL_RULES_DIR ?? '').split(delimiter).filter(Boolean);
  return given.map((dir) => {
    let directory = false;
    try {
      directory = statSync(dir).isDirectory();
    } catch {
      // reported below
    }
    if (!directory) throw new SettingsError(`rules directory (--rules-dir, VIGIL_RULES_DIR) ${dir} is not a readable directory`);
    return resolve(dir);
  });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An empty --host, --syslog-host or --data-dir is a mistake (a variable that expanded to nothing), not a choice. */
function refuseEmptyFlags(flags: ServeFlags): void {
  for (const [option, value] of [['--host', flags.host], ['--syslog-host', flags.syslogHost], ['--data-dir', flags.dataDir]]) {
    if (value !== undefined && value.trim() === '') throw new SettingsError(`${option} is empty; leave it out for the default`);
  }
}

export function resolveServeSettings(flags: ServeFlags, environment: NodeJS.ProcessEnv = process.env): ServeSettings {
  refuseEmptyFlags(flags);
  const env = withoutBlankVariables(environment);
  const pick = (flag: string | undefined, variable: string, fallback: string) => flag ?? env[variable] ?? fallback;
  const logLevel = pick(flags.logLevel, 'VIGIL_LOG_LEVEL', 'info');
  if (!LOG_LEVELS.includes(logLevel)) throw new SettingsError(`log level must be one of ${LOG_LEVELS.join(', ')}`);
  const port = wholeNumber('port (--port, VIGIL_PORT)', pick(flags.port, 'VIGIL_PORT', '8080'), 0, 65535);
  const tlsPort = wholeNumber('TLS port (--tls-port, VIGIL_TLS_PORT)', pick(flags.tlsPort, 'VIGIL_TLS_PORT', '8443'), 0, 65535);
  const tls = tlsSource(flags, env);
  if (tls && port === tlsPort && port !== 0) throw new SettingsError(`HTTP (--port) and HTTPS (--tls-port) cannot share port ${port}`);
  const host = pick(flags.host, 'VIGIL_HOST', '127.0.0.1');
  return {
    host,
    port,
    tls,
    tlsPort,
    dataDir: resolve(pick(flags.dataDir, 'VIGIL_DATA_DIR', 'data')),
    ingestBodyLimit: wholeNumber('ingest body limit (--ingest-body-limit, VIGIL_INGEST_BODY_LIMIT)', pick(flags.ingestBodyLimit, 'VIGIL_INGEST_BODY_LIMIT', String(10 * 1024 * 1024)), 1024, 1024 ** 3),
    incidentWindowHours: positiveNumber('incident window (--incident-window-hours, VIGIL_INCIDENT_WINDOW_HOURS)', pick(flags.incidentWindowHours, 'VIGIL_INCIDENT_WINDOW_HOURS', '24')),
    maxQueuedEvents: wholeNumber('queue size (--max-queued-events, VIGIL_MAX_QUEUED_EVENTS)', pick(flags.maxQueuedEvents, 'VIGIL_MAX_QUEUED_EVENTS', '100000'), 1, 10_000_000),
    logLevel,
    adminPassword: env.VIGIL_ADMIN_PASSWORD || undefined,
    ingestToken: env.VIGIL_INGEST_TOKEN || undefined,
    forwardSyslog: forwardTargets(flags, env),
    rulesDirs: rulesDirs(flags, env),
    ...resolveConnectorSettings(flags, env, host),
  };
}
