// Real receivers on 127.0.0.1 for the forwarding and webhook tests: syslog over UDP, TCP and TLS
// (split by newline or octet counting, as a SIEM does), HTTP, and a CEF reader like a SIEM's parser.
import dgram from 'node:dgram';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';

/** Waits until `condition` holds, checking every 10 ms; the test's own timeout bounds the wait. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let checks = 0; !(await condition()); checks += 1) {
    if (checks > 3000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SyslogReceiver {
  port: number;
  messages: string[];
  close(): Promise<void>;
}

export async function udpReceiver(): Promise<SyslogReceiver> {
  const socket = dgram.createSocket('udp4');
  const messages: string[] = [];
  socket.on('message', (datagram) => messages.push(datagram.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, messages, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}

/** Splits a TCP stream into syslog messages by RFC 6587's two framings. */
function splitter(framing: 'newline' | 'octet-counting', onMessage: (message: string) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (framing === 'newline') {
        const end = buffered.indexOf(0x0a);
        if (end < 0) return;
        onMessage(buffered.subarray(0, end).toString('utf8'));
        buffered = buffered.subarray(end + 1);
      } else {
        const space = buffered.indexOf(0x20);
        if (space < 0) return;
        const length = Number(buffered.subarray(0, space).toString('ascii'));
        if (!Number.isInteger(length)) throw new Error(`not octet-counted: ${buffered.subarray(0, 40).toString()}`);
        if (buffered.length < space + 1 + length) return;
        onMessage(buffered.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffered = buffered.subarray(space + 1 + length);
      }
    }
  };
}

export async function streamReceiver(framing: 'newline' | 'octet-counting', certificate?: { cert: string; key: string }, port = 0): Promise<SyslogReceiver> {
  const messages: string[] = [];
  const sockets = new Set<net.Socket>();
  const accept = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', splitter(framing, (message) => messages.push(message)));
  };
  const server = certificate ? tls.createServer(certificate, accept) : net.createServer(accept);
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    messages,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** An HTTP receiver; `answer` decides each response (it may also never answer). */
export async function httpReceiver(answer: (request: ReceivedRequest, count: number, response: ServerResponse) => void): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      answer(received, requests.length, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface CefMessage {
  header: string[];
  extensions: Record<string, string>;
}

const unescape = (text: string) => text.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character === 'r' ? '\r' : character));

/** Reads the CEF record in a syslog message as a SIEM's CEF parser does: escapes undone. */
export function readCef(message: string): CefMessage {
  const text = message.slice(message.indexOf('CEF:'));
  const header: string[] = [];
  let field = '';
  let at = 0;
  while (header.length < 7) {
    const character = text[at];
    if (character === undefined) throw new Error(`a CEF header has seven fields: ${text.slice(0, 200)}`);
    if (character === '\\') {
      field += text[at + 1];
      at += 2;
      continue;
    }
    if (character === '|') {
      header.push(field);
      field = '';
    } else {
      field += character;
    }
    at += 1;
  }
  const extensionText = text.slice(at);
  const keys = [...extensionText.matchAll(/(?:^| )(\w+)=/g)];
  const extensions: Record<string, string> = {};
  keys.forEach((match, index) => {
    const end = index + 1 < keys.length ? keys[index + 1].index : extensionText.length;
    extensions[match[1]] = unescape(extensionText.slice(match.index + match[0].length, end));
  });
  return { header, extensions };
}

export function memoryLog() {
  const lines: string[] = [];
  return { lines, info: (message: string) => lines.push(message), warn: (message: string) => lines.push(message) };
}
