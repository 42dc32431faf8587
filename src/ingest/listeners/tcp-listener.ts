// Syslog over TCP (RFC 6587) and over TLS (RFC 5425): framing per connection (syslog-framing.ts).
// When the batcher is full every connection of the listener is paused, so TCP's own flow control
// slows the senders down, and resumed when it has room again. Both accept on a plain TCP server, so
// that the allow-list is checked and every connection is known before any TLS handshake.
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { parseSyslogMessage } from '../parsers/index.ts';
import { LineBatcher } from './line-batcher.ts';
import { bound, once, type ListenerOptions, type RunningListener } from './listener.ts';
import { originOf } from './received-line.ts';
import { SyslogFramer } from './syslog-framing.ts';
import { messageLine, peerAddress } from './syslog-message-line.ts';

/** PEM certificate (chain) and key; `clientCa`: PEM CA certificates that every sender's client certificate must be issued by. */
export interface TlsIdentity { cert: Buffer; key: Buffer; clientCa?: Buffer }

const MAX_CONNECTIONS = 1000;

export async function startTcpListener(options: ListenerOptions & { tls?: TlsIdentity }): Promise<RunningListener> {
  const { ingest, host, port, maxMessageBytes, allow, log, tls, maxPendingLines } = options;
  const name = tls ? 'syslog-tls' : 'syslog-tcp';
  const counters = ingest.sources.listener(name, { protocol: tls ? 'tls' : 'tcp', address: host, port });
  const batcher = new LineBatcher({ ingest, parser: parseSyslogMessage, format: 'syslog', log, maxPendingLines });
  /** Every connection accepted, before or after its TLS handshake: close() ends them all. */
  const connections = new Set<Socket>();
  /** The connections being read (over TLS, the TLS sockets): close() waits for each to hand over its last message. */
  const sockets = new Set<Socket>();
  const paused = new Set<Socket>();
  let closing = false;
  batcher.on('room', () => {
    for (const socket of paused) socket.resume();
    paused.clear();
  });

  function receive(socket: Socket): void {
    const peer = peerAddress(socket.remoteAddress);
    counters.connections++;
    sockets.add(socket);
    counters.seen(peer, new Date().toISOString());
    const origin = originOf(counters, peer);
    const framer = new SyslogFramer(maxMessageBytes);
    socket.on('data', (chunk: Buffer) => {
      const at = new Date().toISOString();
      counters.seen(peer, at);
      counters.add(peer, 'bytes', chunk.length);
      for (const message of framer.push(chunk)) batcher.add(messageLine(message, origin, at, maxMessageBytes));
      if (batcher.full && !paused.has(socket)) {
        socket.pause();
        paused.add(socket);
      }
    });
    socket.on('error', (error) => {
      counters.errors++;
      log.warn(`${name} listener: connection from ${peer}: ${error.message}`);
    });
    socket.on('close', () => {
      // However the connection ended, what came of an unterminated last message is still one.
      const at = new Date().toISOString();
      for (const message of framer.end()) batcher.add(messageLine(message, origin, at, maxMessageBytes));
      counters.connections--;
      sockets.delete(socket);
      paused.delete(socket);
    });
  }

  /** What an accepted connection goes to: reading at once, or over TLS the handshake first. */
  let take = receive;
  if (tls) {
    // With a client CA, a sender without a certificate it issued fails the handshake (counted in `errors`, logged).
    const clientAuthentication = tls.clientCa && { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true };
    // Never listens itself: it is given the connections the TCP server accepted (Node's documented way to inject them).
    const tlsServer = createTlsServer({ cert: tls.cert, key: tls.key, ...clientAuthentication }, receive);
    tlsServer.on('tlsClientError', (error, socket) => {
      // A handshake that close() cut short is no sender's failure.
      if (closing) return;
      counters.errors++;
      log.warn(`${name} listener: TLS handshake with ${peerAddress(socket.remoteAddress)} failed: ${error.message}`);
    });
    take = (socket) => tlsServer.emit('connection', socket);
  }

  const server = createTcpServer((socket) => {
    if (!allow(peerAddress(socket.remoteAddress))) {
      counters.refused++;
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    take(socket);
  });
  server.maxConnections = MAX_CONNECTIONS;
  await bound(server, (ready) => server.listen(port, host, ready));
  server.on('error', (error) => log.error(`${name} listener: ${error.message}`));
  const local = server.address() as { address: string; port: number };
  counters.info = { protocol: tls ? 'tls' : 'tcp', address: local.address, port: local.port };
  return {
    name,
    address: local.address,
    port: local.port,
    close: once(async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // A socket's own 'close' comes after the server's: only then has its framer's last message
      // reached the batcher (its handler above runs first, being registered first).
      const handedOver = [...sockets].map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
      // Ending the TCP connection ends the TLS socket over it, and a handshake still going on.
      for (const socket of connections) socket.destroy();
      await Promise.all([stopped, ...handedOver]);
      await batcher.drain();
    }),
  };
}
