// For the listener tests: a Vigil with its API built over the same LineIngest the listeners feed,
// SEPM IPS lines composed for the tests, and ways to send and to wait.
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/api/index.ts';
import { LineIngest, ParsePool, startSyslogListeners, type RunningListener, type SyslogListenerSettings, type TlsIdentity } from '../../../src/ingest/listeners/index.ts';
import type { Pipeline } from '../../../src/pipeline/index.ts';
import { startTestVigil, type TestVigil } from '../../helpers/vigil.ts';

export interface ListenerHarness {
  vigil: TestVigil;
  ingest: LineIngest;
  /** The API, answering from `ingest`'s counters. */
  app: FastifyInstance;
  log: { messages: string[]; warn(message: string): void; error(message: string): void };
  start(settings: Partial<SyslogListenerSettings>, options?: { tls?: TlsIdentity; maxPendingLines?: number }): Promise<RunningListener[]>;
  close(): Promise<void>;
}

/** `parseWorkers`: the lines are parsed by a pool of that many workers (none by default). */
export async function startHarness(pipeline?: (vigil: TestVigil) => Pick<Pipeline, 'ingestPrepared'>, options: { parseWorkers?: number } = {}): Promise<ListenerHarness> {
  const vigil = await startTestVigil();
  const parsePool = options.parseWorkers ? new ParsePool(options.parseWorkers) : undefined;
  const ingest = new LineIngest({ store: vigil.store, pipeline: pipeline ? pipeline(vigil) : vigil.pipeline, parsePool });
  const app = await buildServer({ store: vigil.store, pipeline: vigil.pipeline, lineIngest: ingest });
  const messages: string[] = [];
  const log = { messages, warn: (message: string) => messages.push(message), error: (message: string) => messages.push(message) };
  const running: RunningListener[] = [];
  return {
    vigil, ingest, app, log,
    async start(settings, options = {}) {
      const listeners = await startSyslogListeners(
        { host: '127.0.0.1', maxMessageBytes: 64 * 1024, allow: [], ...settings },
        { ingest, log, tls: options.tls, maxPendingLines: options.maxPendingLines },
      );
      running.push(...listeners);
      return listeners;
    },
    async close() {
      await Promise.all(running.map((listener) => listener.close()));
      await parsePool?.close();
      await app.close();
      await vigil.destroy();
    },
  };
}

/** A SEPM IPS detection as SEPM sends it (RFC 3164), composed for these tests; `n` varies the endpoint and port. */
export function ipsLine(n: number, signature = 'System Infected: Trojan.Trickybot Activity 15'): string {
  return `<50>Mar  1 10:00:00 SEPM01 SymantecServer: WS-TEST-${n},Event Description: [SID: 32350] ${signature} attack blocked. `
    + `Traffic has been blocked for this application: C:\\APP\\AGENT.EXE,Local Host IP: 192.0.2.${n % 250},Local Host MAC: 000000000000,`
    + 'Remote Host Name: ,Remote Host IP: 198.51.100.7,Remote Host MAC: 000000000000,Outbound,TCP,Intrusion ID: 0,'
    + 'Begin: 2024-03-01 09:59:00,End Time: 2024-03-01 09:59:00,Occurrences: 1,Application: C:/APP/AGENT.EXE,Location: Default,'
    + `User Name: none,Domain Name: ,Local Port: ${50000 + n},Remote Port: 443,CIDS Signature ID: 32350,CIDS Signature string: ${signature},CIDS Signature SubID: 76342`;
}

/** An RFC 5424 line whose structured data is broken: the syslog parser refuses it. */
export const UNPARSEABLE = '<14>1 2024-03-01T10:00:00Z host app - - [unterminated structured data';

/** Polls until `condition` holds (listeners answer asynchronously); fails after 15 s saying what it waited for. */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function sendDatagrams(port: number, datagrams: (string | Buffer)[]): Promise<void> {
  const socket = createSocket('udp4');
  for (const datagram of datagrams) await new Promise<void>((resolve, reject) => socket.send(datagram, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())));
  socket.close();
}

export function connectTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Ends the socket and resolves once the listener has closed its side (it has read everything). */
export function finish(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
  });
}
