// npm run bench:sigma — every loadable SigmaHQ Windows rule over every event of the OTRF datasets, in
// process on one core, beside a bare baseline measured in the same run on the same bytes: UTF-8
// decoding, splitting into lines and JSON.parse of each event. Vigil does the same, then
// engine.match on each event.
//
// The datasets are gzipped NDJSON; they are decompressed once before timing (gzip is how the data
// folder stores them, not part of reading events). Rounds alternate baseline and Vigil; medians are
// reported. BENCH_ROUNDS (default 3) sizes the run. A second figure is the process-creation events
// alone (Sysmon 1, Security 4688): few in OTRF, but what real EDR streams are made of and the costliest
// per event (~1,400 candidate rules). They are timed once on freshly loaded rules and a new engine
// (nothing remembered from earlier texts), then again as seen before. After the timed rounds, one
// untimed pass with the literal prefilter disabled must give the same matches, rule by rule
// (BENCH_VERIFY=0 skips it).
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
  for (const dataset of datasets) events += parseLines(eventLines(dataset));
  return events;
}

function parseLines(lines: readonly string[]): number {
  let events = 0;
  for (const line of lines) if (JSON.parse(line)) events++;
  return events;
}

function vigil(datasets: readonly Buffer[], engine: SigmaEngine): MatchTally {
  const tally = { events: 0, matches: 0, perRule: new Map<SigmaRule, number>() };
  for (const dataset of datasets) matchLines(eventLines(dataset), engine, tally);
  return tally;
}

function matchLines(lines: readonly string[], engine: SigmaEngine, tally = { events: 0, matches: 0, perRule: new Map<SigmaRule, number>() }): MatchTally {
  for (const line of lines) {
    tally.events++;
    for (const rule of engine.match(JSON.parse(line) as Record<string, unknown>)) {
      tally.matches++;
      tally.perRule.set(rule, (tally.perRule.get(rule) ?? 0) + 1);
    }
  }
  return tally;
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** The process-creation events' lines: Sysmon 1 and Security 4688. */
function processCreationLines(datasets: readonly Buffer[]): string[] {
  return datasets.flatMap((dataset) =>
    eventLines(dataset).filter((line) => {
      if (!/"EventID":\s*(?:1|4688)\s*[,}]/.test(line)) return false;
      const { Channel: channel, EventID: eventId } = JSON.parse(line) as Record<string, unknown>;
      return (channel === SYSMON && eventId === 1) || (typeof channel === 'string' && channel.toLowerCase() === 'security' && eventId === 4688);
    }),
  );
}

function loadRules(): { rules: SigmaRule[]; loaded: number } {
  const all = loadRuleTree(['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((set) => join(SIGMA, set))).rules;
  // The Windows rules: those the engine offers Windows events by channel.
  return { rules: all.filter((rule) => rule.logsource.product === 'windows' && hasEventSource(rule.bindings)), loaded: all.length };
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

const load = timed(loadRules);
const { rules } = load.result;
const engine = new SigmaEngine(rules);
const datasets = readdirSync(OTRF, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(OTRF, entry.name, 'events.ndjson.gz')))
  .map((entry) => gunzipSync(readFileSync(join(OTRF, entry.name, 'events.ndjson.gz'))));
const megabytes = datasets.reduce((sum, dataset) => sum + dataset.length, 0) / 1e6;

console.log(
  `sigma benchmark: ${rules.length.toLocaleString('en')} Windows rules loaded (of ${load.result.loaded.toLocaleString('en')} rules, ${load.seconds.toFixed(1)} s), ` +
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

// Process creation alone. First sight: rules loaded anew (their regex answers are remembered inside
// them) and a new engine, whose plans for the two keys are made before timing, as a running server has them.
const processLines = processCreationLines(datasets);
const fresh = new SigmaEngine(loadRules().rules);
for (const [Channel, EventID] of [[SYSMON, 1], ['Security', 4688]] as const) fresh.match({ Channel, EventID });
const firstBare = timed(() => parseLines(processLines));
const firstSight = timed(() => matchLines(processLines, fresh));
const seenBefore: number[] = [];
const processBaseline: number[] = [firstBare.result / firstBare.seconds];
for (let round = 1; round <= ROUNDS; round++) {
  const bare = timed(() => parseLines(processLines));
  const seen = timed(() => matchLines(processLines, fresh));
  processBaseline.push(bare.result / bare.seconds);
  seenBefore.push(seen.result.events / seen.seconds);
}
const processBare = median(processBaseline);
const firstRate = firstSight.result.events / firstSight.seconds;
console.log(
  `process creation (Sysmon 1 + Security 4688, ${processLines.length.toLocaleString('en')} events, ${firstSight.result.matches.toLocaleString('en')} matches): ` +
    `baseline ${Math.round(processBare).toLocaleString('en')} events/s, vigil ${Math.round(firstRate).toLocaleString('en')} events/s at first sight, ratio ${(firstRate / processBare).toFixed(2)}; ` +
    `seen before ${Math.round(median(seenBefore)).toLocaleString('en')} events/s (median of ${ROUNDS})`,
);

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
