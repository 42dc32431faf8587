// Starts the syslog listeners `vigil serve` was asked for (all off by default): UDP, TCP and TLS,
// on one host, sharing the maximum message size and the peer allow-list.
import type { ListenerLog } from './line-batcher.ts';
import type { LineIngest } from './line-ingest.ts';
import type { RunningListener } from './listener.ts';
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
}

export interface SyslogListenerContext {
  ingest: LineIngest;
  log: ListenerLog;
  /** Required when `tlsPort` is set. */
  tls?: TlsIdentity;
  maxPendingLines?: number;
}

/** Starts every listener with a port; if one cannot start, those already started are closed and the error thrown. */
export async function startSyslogListeners(settings: SyslogListenerSettings, context: SyslogListenerContext): Promise<RunningListener[]> {
  const base = { ...context, host: settings.host, maxMessageBytes: settings.maxMessageBytes, allow: peerAllowList(settings.allow) };
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
    throw error;
  }
  return running;
}
