// npm run bench:syslog — SEPM IPS lines over TCP syslog (newline framing) through the syslog
// listener and the full pipeline (parse the envelope and the SEPM body, normalize, enrich,
// deduplicate, detect, correlate, commit to SQLite in a temporary directory), beside a bare
// baseline measured in the same run on the same bytes: a TCP server that reads them from its
// socket and splits them into lines, nothing more.
//
// The lines are the IPS lines of ../shared/data/sep/sepm-syslog-samples.log, varied per line
// (2,000 endpoints, 50 remote parties, distinct ports and times) so that none is a duplicate; both
// envelopes (RFC 3164 as SEPM sends, RFC 5424 as relays forward) occur. The sender runs in a worker
// thread, as a real sender is another process. BENCH_LINES (default 200,000) and BENCH_ROUNDS
// (default 3) size the run; the median of the rounds is reported. Each round also prints the CPU
// time spent per line on all the process's threads and on the server's own (thread-cpu.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { defaultParseWorkers, LineIngest, ParsePool, startSyslogListeners } from '../src/ingest/listeners/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { openSqliteStore } from '../src/store/index.ts';
import { formatCpu, startCpuClock, type CpuSpent } from './thread-cpu.ts';

const TOTAL = Number(process.env.BENCH_LINES ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLES = join(import.meta.dirname, '../../shared/data/sep/sepm-syslog-samples.log');
const TARGET = 25_000;
/** As `vigil serve` takes it: VIGIL_PARSE_WORKERS, else the default. */
const PARSE_WORKERS = Number(process.env.VIGIL_PARSE_WORKERS ?? defaultParseWorkers());

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `YYYY-MM-DD HH:MM:SS`, as SEPM writes Begin and End Time. */
const sepmTime = (date: Date) => date.toISOString().slice(0, 19).replace('T', ' ');
const bsdTime = (date: Date) => `${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${date.toISOString().slice(11, 19)}`;

function composeLines(total: number): Buffer {
  const templates = readFileSync(SAMPLES, 'utf8').split('\n').filter((line) => line.includes('[SID: ') && line.includes('Local Host IP: '));
  if (templates.length === 0) throw new Error(`no IPS lines in ${SAMPLES}`);
  const start = Date.parse('2021-06-08T20:08:00Z');
  const lines: string[] = [];
  for (let n = 0; n < total; n++) {
    const host = n % 2000;
    const begin = new Date(start + Math.floor(n / 10) * 1000);
    const sent = new Date(begin.getTime() + 3000);
    lines.push(templates[n % templates.length]
      .replace(/^(<\d+>1 )\S+/, `$1${sent.toISOString().slice(0, 19)}Z`)
      .replace(/^(<\d+>)[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d/, `$1${bsdTime(sent)}`)
      .replace(/(SymantecServer(?::| - - -) )[^,]+,/, `$1WS-${String(host).padStart(4, '0')},`)
      .replace(/Local Host IP: [^,]+/, `Local Host IP: 10.${(host >> 8) & 255}.${host & 255}.10`)
      .replace(/Remote Host IP: [^,]+/, `Remote Host IP: 198.51.100.${n % 50}`)
      .replace(/Local Port: \d+/, `Local Port: ${49152 + (n % 10_000)}`)
      .replace(/Begin: [^,]+/, `Begin: ${sepmTime(begin)}`)
      .replace(/End Time: [^,]+/, `End Time: ${sepmTime(begin)}`));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

// The sender: connects, writes every byte, and reports once the connection is closed (the server
// closes its side only after it has read the end of the stream).
const SENDER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { connect } = require('node:net');
  const bytes = Buffer.from(workerData.bytes);
  parentPort.on('message', (port) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('error', (error) => parentPort.postMessage('error: ' + error.message));
    socket.on('close', () => parentPort.postMessage('sent'));
  });
`;

async function send(sender: Worker, port: number): Promise<void> {
  sender.postMessage(port);
  const [answer] = await once(sender, 'message') as [string];
  if (answer !== 'sent') throw new Error(`sender: ${answer}`);
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** A socket read and split into lines, nothing else. */
async function baseline(sender: Worker): Promise<number> {
  let lines = 0;
  const server = createServer((socket) => {
    let held: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const data = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
      let start = 0;
      for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
        if (data.toString('latin1', start, newline).length > 0) lines++;
        start = newline + 1;
      }
      held = data.subarray(start);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const started = process.hrtime.bigint();
  await send(sender, (server.address() as { port: number }).port);
  const elapsed = seconds(started);
  server.close();
  if (lines !== TOTAL) throw new Error(`baseline split ${lines} lines of ${TOTAL}`);
  return TOTAL / elapsed;
}

async function fullPipeline(sender: Worker, dir: string, parsePool: ParsePool | undefined): Promise<{ rate: number; incidents: number; cpu: CpuSpent }> {
  const store = await openSqliteStore(join(dir, 'vigil.db'));
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100_000 });
  const ingest = new LineIngest({ store, pipeline, parsePool });
  const log = { warn: (message: string) => console.warn(message), error: (message: string) => console.error(message) };
  const [listener] = await startSyslogListeners({ host: '127.0.0.1', tcpPort: 0, maxMessageBytes: 64 * 1024, allow: [] }, { ingest, log });
  const started = process.hrtime.bigint();
  const cpuSince = startCpuClock();
  await send(sender, listener.port);
  // Closing waits until every line received is committed (or dead-lettered).
  await listener.close();
  await pipeline.drain();
  const elapsed = seconds(started);
  const cpu = cpuSince(TOTAL);
  const { totals } = ingest.sources.snapshot()[0];
  if (totals.received !== TOTAL || totals.events !== TOTAL || totals.rejected !== 0) {
    throw new Error(`received ${totals.received}, ${totals.events} events, ${totals.rejected} rejected, of ${TOTAL} lines`);
  }
  const stored = (await store.listEvents({}, { offset: 0, limit: 1 })).total;
  if (stored !== TOTAL) throw new Error(`stored ${stored} events of ${TOTAL}`);
  const incidents = (await store.listIncidents({}, { offset: 0, limit: 1 })).total;
  await store.close();
  return { rate: TOTAL / elapsed, incidents, cpu };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (value: number) => Math.round(value).toLocaleString('en');

const bytes = composeLines(TOTAL);
const shared = new SharedArrayBuffer(bytes.length);
bytes.copy(Buffer.from(shared));
const sender = new Worker(SENDER, { eval: true, workerData: { bytes: shared } });
// The parse workers live as long as the server, as in `vigil serve`: the rounds share them (and
// their warmed-up code) as they share the server's thread.
const parsePool = PARSE_WORKERS > 0 ? new ParsePool(PARSE_WORKERS) : undefined;
const baselineRates: number[] = [];
const pipelineRates: number[] = [];
console.log(`syslog benchmark: ${TOTAL.toLocaleString('en')} SEPM IPS lines (${(bytes.length / 1e6).toFixed(1)} MB) over TCP, ${PARSE_WORKERS} parse workers, ${ROUNDS} rounds, node ${process.version}`);
for (let round = 1; round <= ROUNDS; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-syslog-'));
  try {
    const bare = await baseline(sender);
    const full = await fullPipeline(sender, dir, parsePool);
    baselineRates.push(bare);
    pipelineRates.push(full.rate);
    console.log(`round ${round}: baseline ${rate(bare)} lines/s, vigil ${rate(full.rate)} lines/s (${full.incidents} incidents; ${formatCpu(full.cpu, 'line')}), ratio ${(full.rate / bare).toFixed(3)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await sender.terminate();
await parsePool?.close();
const bare = median(baselineRates);
const full = median(pipelineRates);
console.log(`median: baseline ${rate(bare)} lines/s, vigil ${rate(full)} lines/s, ratio ${(full / bare).toFixed(3)} (target >= ${rate(TARGET)} lines/s end to end)`);
