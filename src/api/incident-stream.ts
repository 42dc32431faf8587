// Incident changes pushed to open consoles as server-sent events (GET /api/v1/stream). One
// subscription to the IncidentFeed serves every connection, and only while there is one: each
// change is read from the store once and the same text written to all. The feed's listener only
// queues (it never waits for the store or a socket); changes of one incident that queue up while
// earlier ones are being read are sent once, with the incident as it is by then. A connection
// whose unsent output passes MAX_UNSENT_BYTES (a client that stopped reading) is dropped:
// EventSource reconnects by itself, and the console reloads its list when it does.
import type { ServerResponse } from 'node:http';
import { incidentDetail, type IncidentChange, type IncidentFeed } from '../incidents/index.ts';
import type { Store } from '../store/index.ts';

const KEEP_ALIVE_MS = 15_000;
/** Output a connection may leave unread before it is dropped: tens of incident announcements. */
const MAX_UNSENT_BYTES = 4 * 1024 * 1024;
/** The announcement carries the incident as GET /api/v1/incidents/{id} answers it, events included. */
const DETAIL_EVENT_LIMIT = 100;

export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Proxies such as nginx would otherwise hold the events back.
  'x-accel-buffering': 'no',
} as const;

interface Connection {
  response: ServerResponse;
  /** Whether the connection's credential may still read (a session ends, a user is demoted). */
  stillAllowed(): Promise<boolean>;
}

export class IncidentStream {
  readonly #connections = new Set<Connection>();
  /** Changes not announced yet, at most one per incident, in the order they came. */
  readonly #pending = new Map<string, IncidentChange>();
  #sending = false;
  #unsubscribe?: () => void;
  #keepAlive?: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly feed: IncidentFeed,
    private readonly onError: (error: unknown) => void,
  ) {}

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Sends the headers and keeps `response` open for announcements until either side closes it. */
  open(response: ServerResponse, stillAllowed: () => Promise<boolean>): void {
    const connection: Connection = { response, stillAllowed };
    response.writeHead(200, EVENT_STREAM_HEADERS);
    // A first line flushes the headers, so that the browser's EventSource reports it is open.
    response.write(': connected\n\n');
    this.#connections.add(connection);
    response.on('close', () => this.#drop(connection));
    if (this.#connections.size === 1) this.#start();
  }

  /** Ends every connection (the server is closing). */
  closeAll(): void {
    for (const { response } of this.#connections) response.end();
  }

  #start(): void {
    this.#unsubscribe = this.feed.subscribe((change) => this.#queue(change));
    this.#keepAlive = setInterval(() => void this.#keepAliveAll(), KEEP_ALIVE_MS);
    this.#keepAlive.unref();
  }

  #drop(connection: Connection): void {
    if (!this.#connections.delete(connection) || this.#connections.size > 0) return;
    this.#unsubscribe?.();
    clearInterval(this.#keepAlive);
    this.#pending.clear();
  }

  #queue(change: IncidentChange): void {
    // A console that has not heard of the incident yet must still learn it is new.
    const queued = this.#pending.get(change.uuid);
    this.#pending.set(change.uuid, queued?.kind === 'created' ? { ...change, kind: 'created' } : change);
    if (!this.#sending) void this.#sendQueued();
  }

  async #sendQueued(): Promise<void> {
    this.#sending = true;
    try {
      for (let next = this.#takeNext(); next && this.#connections.size > 0; next = this.#takeNext()) {
        try {
          const incident = await this.store.getIncident(next.uuid);
          if (!incident) continue;
          const announcement = { kind: next.kind, uuid: next.uuid, at: next.at, incident: await incidentDetail(this.store, incident, DETAIL_EVENT_LIMIT) };
          this.#writeAll(`event: incident\ndata: ${JSON.stringify(announcement)}\n\n`);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #takeNext(): IncidentChange | undefined {
    const next = this.#pending.values().next();
    if (next.done) return undefined;
    this.#pending.delete(next.value.uuid);
    return next.value;
  }

  #writeAll(text: string): void {
    for (const connection of this.#connections) this.#write(connection, text);
  }

  #write({ response }: Connection, text: string): void {
    if (response.writableLength > MAX_UNSENT_BYTES) {
      response.destroy();
      return;
    }
    response.write(text);
  }

  async #keepAliveAll(): Promise<void> {
    for (const connection of [...this.#connections]) {
      try {
        if (await connection.stillAllowed()) this.#write(connection, ': keep-alive\n\n');
        else connection.response.end();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
