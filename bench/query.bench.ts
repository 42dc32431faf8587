// npm run bench:query — list queries over 1,000,000 stored seed-like events, issued as the API
// issues them (the query language parsed, then store.listEvents with the API's 30-day window, a
// page of 100 and its total), each beside bare SQL on the same database file that returns the
// same page and total (query-cases.ts), timed alternately in the same run.
//
// The events go in through the real write path (the pipeline, in-process), so rows, keys and
// indexes are the server's. BENCH_EVENTS (default 1,000,000) and BENCH_RUNS (default 50, after
// 3 warm-up runs) size the run; the queries no index serves scan the window for their total, so
// they run a fifth as often. Median and p95 are reported.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline } from '../src/pipeline/index.ts';
import { parseQuery } from '../src/query/index.ts';
import { openSqliteStore, type Store } from '../src/store/index.ts';
import { QUERY_CASES, type Answer, type ListWindow, type QueryCase } from './query-cases.ts';
import { BATCH, makeBatches } from './seed-batches.ts';

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARM_UP = 3;
/** Device time between events: 1,000,000 events span 5.8 days. */
const INTERVAL_MS = 500;
const WINDOW_MS = 30 * 24 * 3600_000;
const TARGET_P95_MS = 50;
const TARGET_RATIO = 2;

async function fill(store: Store): Promise<void> {
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100_000 });
  const batches = makeBatches(TOTAL, INTERVAL_MS);
  const started = process.hrtime.bigint();
  for (const [index, batch] of batches.entries()) {
    const records = (JSON.parse(batch) as unknown[]).map((value, position) => ({ index: position, value }));
    const outcome = await pipeline.ingest(records);
    if (outcome.accepted !== records.length) throw new Error(`batch ${index}: accepted ${outcome.accepted} of ${records.length}`);
    const stored = (index + 1) * BATCH;
    if (stored % 250_000 === 0) console.log(`  ${stored.toLocaleString('en')} events stored (${Math.round(Number(process.hrtime.bigint() - started) / 1e9)} s)`);
  }
}

/** The API's default window: the 30 days before the query time, here just after the last event. */
function apiWindow(): ListWindow {
  const to = new Date(Date.parse('2021-06-08T20:08:00Z') + TOTAL * INTERVAL_MS).toISOString();
  return { from: new Date(Date.parse(to) - WINDOW_MS).toISOString(), to, limit: 100 };
}

function vigilQuery(store: Store, queryCase: QueryCase, window: ListWindow): () => Promise<Answer> {
  return async () => {
    const query = { ast: parseQuery(queryCase.query), now: window.to };
    const page = await store.listEvents({ query, from: window.from, to: window.to }, { offset: 0, limit: window.limit });
    return { uuids: page.result.map((event) => event.event_uuid), total: page.total };
  };
}

async function milliseconds(run: () => Answer | Promise<Answer>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

async function measure(store: Store, db: Database.Database, queryCase: QueryCase, window: ListWindow): Promise<boolean> {
  const vigil = vigilQuery(store, queryCase, window);
  const bare = queryCase.bare(db, window);
  const expected = bare();
  assert.deepEqual(await vigil(), expected, `${queryCase.name}: Vigil and the bare SQL disagree on ${queryCase.query}`);
  const vigilMs: number[] = [];
  const bareMs: number[] = [];
  const runs = queryCase.indexed ? RUNS : Math.ceil(RUNS / 5);
  for (let run = 0; run < WARM_UP + runs; run++) {
    const [v, b] = [await milliseconds(vigil), await milliseconds(bare)];
    if (run >= WARM_UP) vigilMs.push(v), bareMs.push(b);
  }
  const [median, p95] = [percentile(vigilMs, 0.5), percentile(vigilMs, 0.95)];
  const [bareMedian, bareP95] = [percentile(bareMs, 0.5), percentile(bareMs, 0.95)];
  const met = p95 < TARGET_P95_MS && median / bareMedian <= TARGET_RATIO;
  console.log(`${queryCase.name}: ${queryCase.query}`);
  console.log(`  ${expected.total.toLocaleString('en')} matches, ${runs} runs; vigil median ${ms(median)}, p95 ${ms(p95)}; bare median ${ms(bareMedian)}, p95 ${ms(bareP95)}; ratio ${(median / bareMedian).toFixed(2)}${queryCase.indexed ? ` (target: p95 < ${TARGET_P95_MS} ms, ratio <= ${TARGET_RATIO}: ${met ? 'met' : 'NOT met'})` : ''}`);
  return !queryCase.indexed || met;
}

const dir = mkdtempSync(join(tmpdir(), 'vigil-query-bench-'));
try {
  const path = join(dir, 'vigil.db');
  const store = await openSqliteStore(path);
  console.log(`query benchmark: ${TOTAL.toLocaleString('en')} events, ${RUNS} runs after ${WARM_UP} warm-up runs, node ${process.version}`);
  await fill(store);
  const db = new Database(path, { readonly: true });
  const window = apiWindow();
  console.log(`window ${window.from} to ${window.to}, page of ${window.limit}; ratio = vigil median / bare median`);
  let allMet = true;
  for (const queryCase of QUERY_CASES) allMet = (await measure(store, db, queryCase, window)) && allMet;
  console.log(allMet ? 'targets met for the indexed queries' : 'targets NOT met for every indexed query');
  db.close();
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
