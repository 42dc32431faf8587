// npm run bench:sigma — every loadable SigmaHQ Windows rule over every event of the OTRF datasets, in
// process on one core, beside a bare baseline measured in the same run on the same bytes: UTF-8
// decoding, splitting into lines and JSON.parse of each event. Vigil does the same, then
// engine.match on each event.
//
// The datasets are gzipped NDJSON; they are decompressed once before timing (gzip is how the data
// folder stores them, not part of reading events). Rounds alternate baseline and Vigil; medians are
// reported. BENCH_ROUNDS (default 3) sizes the run. After the timed rounds, one untimed pass with the
// literal prefilter disabled must give the same matches, rule by rule (BENCH_VERIFY=0 skips it).
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hasEventSource, loadRuleTree, SigmaEngine, type SigmaRule } from '../src/detect/sigma/index.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VERIFY = process.env.BENCH_VERIFY !== '0';
const DATA = join(import.meta.dirname, '../../shared/data');
const SIGMA = join(DATA, 'sigma');
const OTRF = join(DATA, 'otrf');

if (!existsSync(SIGMA) || !existsSync(OTRF)) {
  console.log(`sigma benchmark skipped: ${existsSync(SIGMA) ? OTRF : SIGMA} is absent`);
  process.exit(0);
}

/** Matches per rule (by its file and document number), as sorted lines, and their checksum. */
interface MatchTally {
  readonly events: number;
  readonly matches: number;
  readonly perRule: Map<SigmaRule, number>;
}

function eventLines(ndjson: Buffer): string[] {
  // Pure ASCII decodes the same as Latin-1, which is much faster than UTF-8 (as the ingest route does).
  return ndjson.toString(isAscii(ndjson) ? 'latin1' : 'utf8').split('\n').filter((line) => line !== '');
}

function baseline(datasets: readonly Buffer[]): number {
  let events = 0;
  for (const dataset of datasets) {
    for (const line of eventLines(dataset)) if (JSON.parse(line)) events++;
  }
  return events;
}

function vigil(datasets: readonly Buffer[], engine: SigmaEngine): MatchTally {
  const perRule = new Map<SigmaRule, number>();
  let events = 0;
  let matches = 0;
  for (const dataset of datasets) {
    for (const line of eventLines(dataset)) {
      events++;
      for (const rule of engine.match(JSON.parse(line) as Record<string, unknown>)) {
        matches++;
        perRule.set(rule, (perRule.get(rule) ?? 0) + 1);
      }
    }
  }
  return { events, matches, perRule };
}

function timed<T>(run: () => T): { result: T; seconds: number } {
  const started = process.hrtime.bigint();
  const result = run();
  return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function checksum(tally: MatchTally): string {
  const lines = [...tally.perRule].map(([rule, count]) => `${relative(SIGMA, rule.file)}#${rule.document} ${count}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rate = (events: number, seconds: number) => Math.round(events / seconds).toLocaleString('en');

const load = timed(() => loadRuleTree(['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((set) => join(SIGMA, set))));
// The Windows rules: those the engine offers Windows events by channel.
const rules = load.result.rules.filter((rule) => rule.logsource.product === 'windows' && hasEventSource(rule.bindings));
const engine = new SigmaEngine(rules);
const datasets = readdirSync(OTRF, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(OTRF, entry.name, 'events.ndjson.gz')))
  .map((entry) => gunzipSync(readFileSync(join(OTRF, entry.name, 'events.ndjson.gz'))));
const megabytes = datasets.reduce((sum, dataset) => sum + dataset.length, 0) / 1e6;

console.log(
  `sigma benchmark: ${rules.length.toLocaleString('en')} Windows rules loaded (of ${load.result.rules.length.toLocaleString('en')} rules, ${load.seconds.toFixed(1)} s), ` +
    `${datasets.length} OTRF datasets (${megabytes.toFixed(0)} MB of NDJSON), ${ROUNDS} rounds, node ${process.version}`,
);
const baselineRates: number[] = [];
const vigilRates: number[] = [];
let tally: MatchTally | undefined;
for (let round = 1; round <= ROUNDS; round++) {
  const bare = timed(() => baseline(datasets));
  const full = timed(() => vigil(datasets, engine));
  tally = full.result;
  baselineRates.push(bare.result / bare.seconds);
  vigilRates.push(full.result.events / full.seconds);
  console.log(
    `round ${round}: baseline ${rate(bare.result, bare.seconds)} events/s, vigil ${rate(full.result.events, full.seconds)} events/s ` +
      `(${full.result.events.toLocaleString('en')} events, ${full.result.matches.toLocaleString('en')} matches), ratio ${(bare.seconds / full.seconds).toFixed(2)}`,
  );
}
const bare = median(baselineRates);
const full = median(vigilRates);
console.log(
  `median: baseline ${Math.round(bare).toLocaleString('en')} events/s, vigil ${Math.round(full).toLocaleString('en')} events/s, ratio ${(full / bare).toFixed(2)} ` +
    `(target: vigil >= 20,000 events/s: ${full >= 20_000 ? 'met' : 'not met'})`,
);
console.log(`matches: ${tally!.matches.toLocaleString('en')} by ${tally!.perRule.size} rules, checksum ${checksum(tally!)}`);

if (VERIFY) {
  const unfiltered = new SigmaEngine(rules.map((rule) => ({ ...rule, requirement: undefined })));
  const check = timed(() => vigil(datasets, unfiltered));
  const same = checksum(check.result) === checksum(tally!);
  console.log(
    `without the prefilter: ${check.result.matches.toLocaleString('en')} matches, checksum ${checksum(check.result)}, ${rate(check.result.events, check.seconds)} events/s: ` +
      (same ? 'same matches' : 'MATCHES DIFFER'),
  );
  if (!same) process.exitCode = 1;
}
