// npm run bench:ingest — seed-like IPS events over HTTP in batches of 1,000 through the full
// pipeline (normalize, enrich, deduplicate, detect, correlate, commit to SQLite), beside a bare
// baseline measured in the same run on the same batches: JSON.parse plus one prepared SQLite
// insert per event (its uuid and JSON text) in one transaction per batch.
//
// BENCH_EVENTS (default 1,000,000) and BENCH_ROUNDS (default 3) size the run; the median of the
// rounds is reported.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../src/api/index.ts';
import { createIngestToken } from '../src/auth/index.ts';
import { createPipeline } from '../src/pipeline/index.ts';
import { openSqliteStore } from '../src/store/index.ts';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 1000;
/** Batches in flight at once, as a sender with a small connection pool would have. */
const IN_FLIGHT = 4;

const SIGNATURES = Array.from({ length: 20 }, (_, n) => ({ id: 32350 + n, name: `System Infected: Trojan.Trickybot Activity ${n + 1}` }));

/** Seed-shaped events: 2,000 endpoints, 50 remote parties, 20 signatures, one per 100 ms. */
function makeBatches(total: number): string[] {
  const start = Date.parse('2021-06-08T20:08:00Z');
  const batches: string[] = [];
  for (let offset = 0; offset < total; offset += BATCH) {
    const events = [];
    for (let n = offset; n < Math.min(total, offset + BATCH); n++) {
      const host = n % 2000;
      const signature = SIGNATURES[n % SIGNATURES.length];
      const time = new Date(start + n * 100).toISOString();
      events.push({
        event_uuid: `bench-${n.toString(16).padStart(8, '0')}-0000-0000-000000000000`,
        type_id: 4124, event_id: 206, severity: 3, device_time: time, time, log_time: time,
        device_uid: `9a52620b-7e80-4e78-bf32-${host.toString(16).padStart(12, '0')}`, device_ip: `10.${(host >> 8) & 255}.${host & 255}.10`,
        device_name: `HOST-${host}`, internal_ip: `10.${(host >> 8) & 255}.${host & 255}.10`, internal_port: 49152 + (n % 1000),
        external_ip: `192.0.2.${100 + (n % 50)}`, external_port: 18878, network_protocol: 2, traffic_direction: 2, symc_device_action: 2,
        signature_id: signature.id, sid: signature.id, signature_name: signature.name, description: `Malicious traffic detected: ${signature.name}`,
        app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE', categories: ['Attack', 'Malcode', 'Trojan'], infected: true, on_premises: true,
        intrusion_url: 'https://www.example.com:443/intrusion_URL', event_actor: { pid: 620 },
        mitre: { tactic: 'Command and Control', technique_id: 'T1071', technique_name: 'Standard Application Layer Protocol' },
        user_name: 'none', local_host_mac: '000000000000', remote_host_mac: '000000000000',
      });
    }
    batches.push(JSON.stringify(events));
  }
  return batches;
}

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

async function fullPipeline(batches: string[], dir: string): Promise<{ rate: number; incidents: number }> {
  const store = await openSqliteStore(join(dir, 'vigil.db'));
  const token = await createIngestToken(store, 'bench');
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100_000 });
  const app = await buildServer({ store, pipeline });
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/events`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

  let next = 0;
  let accepted = 0;
  const sender = async () => {
    while (next < batches.length) {
      const body = batches[next++];
      const response = await fetch(url, { method: 'POST', headers, body });
      const answer = await response.json() as { accepted: number };
      if (response.status !== 200) throw new Error(`batch answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
      accepted += answer.accepted;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (accepted !== batches.length * BATCH) throw new Error(`accepted ${accepted} of ${batches.length * BATCH}`);
  const incidents = (await store.listIncidents({}, { offset: 0, limit: 1 })).total;
  await app.close();
  await store.close();
  return { rate: accepted / seconds, incidents };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const batches = makeBatches(TOTAL);
const baselineRates: number[] = [];
const pipelineRates: number[] = [];
console.log(`ingest benchmark: ${TOTAL.toLocaleString('en')} events in batches of ${BATCH}, ${ROUNDS} rounds, node ${process.version}`);
for (let round = 1; round <= ROUNDS; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    const bare = baseline(batches, dir);
    const full = await fullPipeline(batches, dir);
    baselineRates.push(bare);
    pipelineRates.push(full.rate);
    console.log(`round ${round}: baseline ${Math.round(bare).toLocaleString('en')} events/s, vigil ${Math.round(full.rate).toLocaleString('en')} events/s (${full.incidents} incidents), ratio ${(full.rate / bare).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const bare = median(baselineRates);
const full = median(pipelineRates);
console.log(`median: baseline ${Math.round(bare).toLocaleString('en')} events/s, vigil ${Math.round(full).toLocaleString('en')} events/s, ratio ${(full / bare).toFixed(2)} (target >= 0.5)`);
