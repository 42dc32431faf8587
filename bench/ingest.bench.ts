// npm run bench:ingest — seed-like IPS events over HTTP in batches of 1,000 through the full
// pipeline (normalize, enrich, deduplicate, detect, correlate, commit to SQLite), beside a bare
// baseline measured in the same run on the same batches: JSON.parse plus one prepared SQLite
// insert per event (its uuid and JSON text) in one transaction per batch.
//
// The sender runs in a worker thread (http-sender.ts), as a real sender is another process.
// BENCH_EVENTS (default 1,000,000) and BENCH_ROUNDS (default 3) size the run; the median of the
// rounds is reported.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { buildServer } from '../src/api/index.ts';
import { createIngestToken } from '../src/auth/index.ts';
import { combineDetectors, detect, startSigmaRules } from '../src/detect/index.ts';
import { IncidentFeed } from '../src/incidents/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { openSqliteStore } from '../src/store/index.ts';
import type { SendOrder, SenderMessage } from './http-sender.ts';
import { BATCH, IN_FLIGHT, makeBatches } from './seed-batches.ts';
import { formatCpu, startCpuClock, type CpuSpent } from './thread-cpu.ts';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function baseline(batches: string[], dir: string): number {
  const db = new Database(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE events (id INTEGER PRIMARY KEY, event_uuid TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO events (event_uuid, doc) VALUES (?, ?)');
  const insertBatch = db.transaction((events: Record<string, unknown>[]) => {
    for (const event of events) insert.run(event.event_uuid as string, JSON.stringify(event));
  });
  const started = process.hrtime.bigint();
  for (const batch of batches) insertBatch(JSON.parse(batch));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return (batches.length * BATCH) / seconds;
}

async function fullPipeline(batches: string[], sender: Worker, dir: string): Promise<{ rate: number; incidents: number; cpu: CpuSpent }> {
  const store = await openSqliteStore(join(dir, 'vigil.db'));
  const token = await createIngestToken(store, 'bench');
  // What `vigil serve` runs: the built-in detection rules and the built-in Sigma rules, announcing incidents.
  const { ruleSet } = await startSigmaRules(store, []);
  const incidentFeed = new IncidentFeed();
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100_000, incidentFeed, detector: combineDetectors(detect, ruleSet.detect) });
  const app = await buildServer({ store, pipeline, incidentFeed, sigmaRules: ruleSet });
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/events`;
  const started = process.hrtime.bigint();
  const cpuSince = startCpuClock();
  sender.postMessage({ url, token } satisfies SendOrder);
  const [answer] = await once(sender, 'message') as [SenderMessage];
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSince(batches.length * BATCH);
  if ('error' in answer) throw new Error(answer.error);
  const accepted = 'accepted' in answer ? answer.accepted : 0;
  if (accepted !== batches.length * BATCH) throw new Error(`accepted ${accepted} of ${batches.length * BATCH}`);
  const incidents = (await store.listIncidents({}, { offset: 0, limit: 1 })).total;
  await app.close();
  await store.close();
  return { rate: accepted / seconds, incidents, cpu };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const batches = makeBatches(TOTAL);
const sender = new Worker(new URL('./http-sender.mjs', import.meta.url), { workerData: { total: TOTAL } });
await once(sender, 'message');
// An untimed first pass of the baseline: its first timed round used to run at 60-75% of the later
// ones (JIT, the fresh heap of the batches), which flattered the ratio of that round.
const warmUp = mkdtempSync(join(tmpdir(), 'vigil-bench-warm-up-'));
baseline(batches.slice(0, Math.ceil(batches.length / 5)), warmUp);
rmSync(warmUp, { recursive: true, force: true });
const baselineRates: number[] = [];
const pipelineRates: number[] = [];
console.log(`ingest benchmark: ${TOTAL.toLocaleString('en')} events in batches of ${BATCH}, ${ROUNDS} rounds, ${IN_FLIGHT} requests in flight, node ${process.version}`);
for (let round = 1; round <= ROUNDS; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const bare = baseline(batches, dir);
    const full = await fullPipeline(batches, sender, dir);
    baselineRates.push(bare);
    pipelineRates.push(full.rate);
    console.log(`round ${round}: baseline ${Math.round(bare).toLocaleString('en')} events/s, vigil ${Math.round(full.rate).toLocaleString('en')} events/s (${full.incidents} incidents; ${formatCpu(full.cpu, 'event')}), ratio ${(full.rate / bare).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await sender.terminate();
const bare = median(baselineRates);
const full = median(pipelineRates);
console.log(`median: baseline ${Math.round(bare).toLocaleString('en')} events/s, vigil ${Math.round(full).toLocaleString('en')} events/s, ratio ${(full / bare).toFixed(2)} (target >= 0.5)`);
