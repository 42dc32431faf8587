// Sends syslog messages to one target without ever making the caller wait. UDP sends each message
// as one datagram. TCP and TLS frame messages by newline or by octet counting (RFC 6587); while
// the connection is down they wait in a bounded queue (when it is full the oldest is dropped,
// counted and logged) and the connection is retried with backoff. What the socket has accepted
// counts as sent: messages in flight when a connection breaks are lost, as with any syslog sender.
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { backoffDelay, type Backoff } from './backoff.ts';
import { throttled, type NotifyLog } from './notify-log.ts';
import type { SyslogTarget } from './syslog-target.ts';

export interface SyslogSenderOptions {
  /** Messages that may wait (TCP, TLS) or be in flight (UDP). */
  maxQueued: number;
  reconnect: Backoff;
  /** How long a connection may take to open. */
  connectTimeoutMs: number;
  /** How often at most the drop count is logged. */
  dropLogIntervalMs: number;
  log: NotifyLog;
}

export interface SyslogSenderStats {
  target: string;
  sent: number;
  dropped: number;
  queued: number;
  connected: boolean;
}

const NEWLINE = Buffer.from('\n');
const STOP_POLL_MS = 20;

function settled(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => (condition() || Date.now() >= deadline ? resolve() : setTimeout(check, STOP_POLL_MS));
    check();
  });
}

export class SyslogSender {
  #queue: Buffer[] = [];
  /** The socket connecting or connected (TCP, TLS). */
  #socket: net.Socket | undefined;
  #connected = false;
  #writable = false;
  #udp: dgram.Socket | undefined;
  #udpInFlight = 0;
  /** Connection attempts that failed since the last success. */
  #failures = 0;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #sent = 0;
  #dropped = 0;
  readonly #warnDrop: (message: string) => void;

  constructor(readonly target: SyslogTarget, private readonly options: SyslogSenderOptions) {
    this.#warnDrop = throttled((message) => options.log.warn(message), options.dropLogIntervalMs);
    if (target.transport === 'udp') this.#openUdp();
    else this.#connect();
  }

  send(message: string): void {
    if (this.#stopping) return;
    const payload = Buffer.from(message, 'utf8');
    if (this.target.transport === 'udp') {
      this.#sendDatagram(payload);
      return;
    }
    if (this.#queue.length >= this.options.maxQueued) {
      this.#queue.shift();
      this.#drop(1, `the queue of ${this.options.maxQueued} messages is full`);
    }
    this.#queue.push(this.target.framing === 'octet-counting' ? Buffer.concat([Buffer.from(`${payload.length} `), payload]) : Buffer.concat([payload, NEWLINE]));
    this.#pump();
  }

  stats(): SyslogSenderStats {
    return {
      target: this.target.name,
      sent: this.#sent,
      dropped: this.#dropped,
      queued: this.#queue.length + this.#udpInFlight,
      connected: this.target.transport === 'udp' || this.#connected,
    };
  }

  /** Gives queued messages up to `graceMs` to go out, then closes; what is left is dropped and counted. */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#reconnectTimer);
    await settled(() => this.#udpInFlight === 0 && (this.#queue.length === 0 || !this.#connected), graceMs);
    this.#udp?.close();
    const socket = this.#socket;
    if (socket && this.#connected) {
      socket.end();
      await settled(() => socket.writableFinished, graceMs);
    }
    socket?.destroy();
    if (this.#queue.length > 0) {
      this.#dropped += this.#queue.length;
      this.options.log.warn(`forwarding to ${this.target.name}: stopped with ${this.#queue.length} messages unsent (${this.#dropped} dropped in all)`);
      this.#queue = [];
    }
  }

  #drop(count: number, reason: string): void {
    this.#dropped += count;
    this.#warnDrop(`forwarding to ${this.target.name}: ${reason}; incident messages dropped so far: ${this.#dropped}`);
  }

  #openUdp(): void {
    const socket = dgram.createSocket(net.isIP(this.target.host) === 6 ? 'udp6' : 'udp4');
    socket.on('error', (error) => this.options.log.warn(`forwarding to ${this.target.name}: ${error.message}`));
    this.#udp = socket;
  }

  #sendDatagram(datagram: Buffer): void {
    if (this.#udpInFlight >= this.options.maxQueued) {
      this.#drop(1, `${this.options.maxQueued} datagrams are still waiting to go out`);
      return;
    }
    this.#udpInFlight += 1;
    this.#udp!.send(datagram, this.target.port, this.target.host, (error) => {
      this.#udpInFlight -= 1;
      if (error) this.#drop(1, `a datagram could not be sent (${error.message})`);
      else this.#sent += 1;
    });
  }

  #connect(): void {
    const { host, port, transport, ca, insecure } = this.target;
    const socket = transport === 'tls'
      ? tls.connect({ host, port, ca, rejectUnauthorized: !insecure, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
    this.#socket = socket;
    let lastError = '';
    socket.setTimeout(this.options.connectTimeoutMs, () => socket.destroy(new Error(`no connection within ${this.options.connectTimeoutMs} ms`)));
    socket.once(transport === 'tls' ? 'secureConnect' : 'connect', () => {
      socket.setTimeout(0);
      socket.setKeepAlive(true, 60_000);
      if (this.#failures > 0) this.options.log.info(`forwarding to ${this.target.name}: connected after ${this.#failures} failed attempts`);
      this.#failures = 0;
      this.#connected = true;
      this.#writable = true;
      this.#pump();
    });
    // Receivers have nothing to say; reading keeps their bytes from piling up.
    socket.resume();
    socket.on('drain', () => {
      this.#writable = true;
      this.#pump();
    });
    socket.on('error', (error) => { lastError = error.message; });
    socket.on('close', () => {
      const wasConnected = this.#connected;
      this.#connected = false;
      this.#writable = false;
      if (this.#socket === socket) this.#socket = undefined;
      if (this.#stopping) return;
      if (wasConnected) {
        this.options.log.warn(`forwarding to ${this.target.name}: the connection closed${lastError ? ` (${lastError})` : ''}; reconnecting`);
      } else {
        this.#failures += 1;
        if (this.#failures === 1) {
          this.options.log.warn(`forwarding to ${this.target.name}: cannot connect (${lastError || 'closed'}); retrying with backoff, up to ${this.options.maxQueued} messages wait`);
        }
      }
      this.#reconnectTimer = setTimeout(() => this.#connect(), backoffDelay(this.options.reconnect, Math.max(1, this.#failures)));
    });
  }

  #pump(): void {
    const socket = this.#socket;
    while (socket && this.#connected && this.#writable && this.#queue.length > 0) {
      this.#sent += 1;
      this.#writable = socket.write(this.#queue.shift()!);
    }
  }
}
