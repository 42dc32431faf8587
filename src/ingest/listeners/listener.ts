// What every syslog listener is given and what it gives back.
import type { EventEmitter } from 'node:events';
import type { ListenerLog } from './line-batcher.ts';
import type { LineIngest } from './line-ingest.ts';
import type { PeerAllowList } from './peer-allow-list.ts';

export interface ListenerOptions {
  ingest: LineIngest;
  host: string;
  /** 0 for any free port. */
  port: number;
  maxMessageBytes: number;
  allow: PeerAllowList;
  log: ListenerLog;
  /** Lines waiting for the pipeline before TCP pauses and UDP drops (default MAX_PENDING_LINES). */
  maxPendingLines?: number;
}

export interface RunningListener {
  /** syslog-udp, syslog-tcp or syslog-tls: the listener's name in the counters and in dead letters' sources. */
  name: string;
  address: string;
  port: number;
  /** Stops receiving, then waits until every line received is committed or dead-lettered. */
  close(): Promise<void>;
}

/** Runs `start` (a bind or listen that calls `ready` once bound); a bind error (EADDRINUSE…) rejects. */
export function bound(emitter: EventEmitter, start: (ready: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    emitter.once('error', reject);
    start(() => {
      emitter.off('error', reject);
      resolve();
    });
  });
}

/** `close` that runs once; later calls wait for the same closing. */
export function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
