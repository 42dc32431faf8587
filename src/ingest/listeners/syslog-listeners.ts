// Starts the syslog listeners `vigil serve` was asked for (all off by default): UDP, TCP and TLS,
// on one host, sharing the maximum message size and the peer allow-list.
import { availableParallelism } from 'node:os';
import type { ListenerLog } from './line-batcher.ts';
import type { LineIngest } from './line-ingest.ts';
import { once, type RunningListener } from './listener.ts';
import { ParsePool } from './parse-pool.ts';
import { peerAllowList } from './peer-allow-list.ts';
import { startTcpListener, type TlsIdentity } from './tcp-listener.ts';
import { startUdpListener } from './udp-listener.ts';

export interface SyslogListenerSettings {
  host: string;
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  maxMessageBytes: number;
  /** CIDR ranges of the peers allowed; empty for everyone. */
  allow: string[];
  /** Worker threads that parse the listeners' lines, shared by all of them; 0 parses on the server's thread. */
  parseWorkers: number;
}

export interface SyslogListenerContext {
  ingest: LineIngest;
  log: ListenerLog;
  /** Required when `tlsPort` is set. */
  tls?: TlsIdentity;
  maxPendingLines?: number;
}

/** One parse worker when there is a second core to run it (`vigil serve`'s default), else none. */
export function defaultParseWorkers(): number {
  return availableParallelism() > 1 ? 1 : 0;
}

/** Starts every listener with a port; if one cannot start, those already started are closed and the error thrown. */
export async function startSyslogListeners(settings: SyslogListenerSettings, context: SyslogListenerContext): Promise<RunningListener[]> {
  const listening = [settings.udpPort, settings.tcpPort, settings.tlsPort].filter((port) => port !== undefined).length;
  const parsePool = listening > 0 && settings.parseWorkers > 0 ? new ParsePool(settings.parseWorkers, (message) => context.log.warn(message)) : undefined;
  const base = { ...context, host: settings.host, maxMessageBytes: settings.maxMessageBytes, allow: peerAllowList(settings.allow), parsePool };
  const starts: (() => Promise<RunningListener>)[] = [];
  if (settings.udpPort !== undefined) starts.push(() => startUdpListener({ ...base, port: settings.udpPort! }));
  if (settings.tcpPort !== undefined) starts.push(() => startTcpListener({ ...base, port: settings.tcpPort!, tls: undefined }));
  if (settings.tlsPort !== undefined) {
    if (!context.tls) throw new Error('the syslog TLS listener needs a certificate and key');
    starts.push(() => startTcpListener({ ...base, port: settings.tlsPort!, tls: context.tls }));
  }
  const running: RunningListener[] = [];
  try {
    for (const start of starts) running.push(await start());
  } catch (error) {
    await Promise.all(running.map((listener) => listener.close()));
    await parsePool?.close();
    throw error;
  }
  return parsePool ? closingPoolAfterLast(running, parsePool) : running;
}

/** The listeners, the last of which to close also stops the pool they share. */
function closingPoolAfterLast(listeners: RunningListener[], pool: ParsePool): RunningListener[] {
  let open = listeners.length;
  return listeners.map((listener) => ({
    ...listener,
    close: once(async () => {
      await listener.close();
      if (--open === 0) await pool.close();
    }),
  }));
}
