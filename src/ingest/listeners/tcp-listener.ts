// Syslog over TCP (RFC 6587) and over TLS (RFC 5425): framing per connection (syslog-framing.ts).
// When the batcher is full every connection of the listener is paused, so TCP's own flow control
// slows the senders down, and resumed when it has room again.
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
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
  const sockets = new Set<Socket>();
  const paused = new Set<Socket>();
  batcher.on('room', () => {
    for (const socket of paused) socket.resume();
    paused.clear();
  });

  function receive(socket: Socket): void {
    const peer = peerAddress(socket.remoteAddress);
    if (!allow(peer)) {
      counters.refused++;
      socket.destroy();
      return;
    }
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

  let server: Server;
  if (tls) {
    // With a client CA, a sender without a certificate it issued fails the handshake (counted in `errors`, logged).
    const clientAuthentication = tls.clientCa && { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true };
    const tlsServer = createTlsServer({ cert: tls.cert, key: tls.key, ...clientAuthentication }, receive);
    tlsServer.on('tlsClientError', (error, socket) => {
      counters.errors++;
      log.warn(`${name} listener: TLS handshake with ${peerAddress(socket.remoteAddress)} failed: ${error.message}`);
    });
    server = tlsServer;
  } else {
    server = createTcpServer(receive);
  }
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await batcher.drain();
    }),
  };
}
