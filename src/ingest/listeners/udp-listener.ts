// Syslog over UDP (RFC 5426): one message per datagram; a trailing newline is dropped. UDP cannot
// push back, so when the batcher is full a datagram is dropped and counted (`dropped`); drops in
// the kernel's receive buffer before Vigil reads a datagram are not visible to it (netstat -su).
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { parseSyslogMessage } from '../parsers/index.ts';
import { LineBatcher } from './line-batcher.ts';
import { originOf } from './received-line.ts';
import { messageLine, peerAddress } from './syslog-message-line.ts';
import { bound, once, type ListenerOptions, type RunningListener } from './listener.ts';

const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

function withoutTrailingNewline(datagram: Buffer): Buffer {
  let end = datagram.length;
  if (end > 0 && datagram[end - 1] === 0x0a) end--;
  if (end > 0 && datagram[end - 1] === 0x0d) end--;
  return datagram.subarray(0, end);
}

export async function startUdpListener(options: ListenerOptions): Promise<RunningListener> {
  const { ingest, host, port, maxMessageBytes, allow, log, maxPendingLines } = options;
  const counters = ingest.sources.listener('syslog-udp', { protocol: 'udp', address: host, port });
  const batcher = new LineBatcher({ ingest, parser: parseSyslogMessage, format: 'syslog', log, maxPendingLines });
  // The OS caps the receive buffer at its own maximum (net.core.rmem_max); asking for more is harmless.
  const socket = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  socket.on('message', (datagram, remote) => {
    const peer = peerAddress(remote.address);
    if (!allow(peer)) {
      counters.refused++;
      return;
    }
    const at = new Date().toISOString();
    counters.seen(peer, at);
    counters.add(peer, 'bytes', datagram.length);
    const bytes = withoutTrailingNewline(datagram);
    if (bytes.length === 0) return;
    if (batcher.full) {
      counters.add(peer, 'received');
      counters.add(peer, 'dropped');
      return;
    }
    const message = bytes.length > maxMessageBytes ? { bytes: bytes.subarray(0, maxMessageBytes), overLength: bytes.length } : { bytes };
    batcher.add(messageLine(message, originOf(counters, peer), at, maxMessageBytes));
  });
  await bound(socket, (ready) => socket.bind(port, host, ready));
  socket.on('error', (error) => {
    counters.errors++;
    log.warn(`syslog UDP listener: ${error.message}`);
  });
  const local = socket.address();
  counters.info = { protocol: 'udp', address: local.address, port: local.port };
  return {
    name: 'syslog-udp',
    address: local.address,
    port: local.port,
    close: once(async () => {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      await batcher.drain();
    }),
  };
}
