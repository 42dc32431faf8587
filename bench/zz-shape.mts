import { readFileSync } from 'node:fs';
import { wireFormat } from '../src/ingest/parsers/index.ts';
import { prepareLine, parseLine } from '../src/ingest/listeners/line-parse.ts';
const lines = readFileSync('../shared/data/sep/sepm-syslog-samples.log', 'utf8').split('\n').filter((l) => l.includes('[SID: ') && l.includes('Local Host IP: '));
const parser = wireFormat('syslog')!.createParser();
const texts = Array.from({ length: 1000 }, (_, i) => lines[i % lines.length].replace('Local Port: 443', `Local Port: ${1000 + i}`));
const ctx = { receivedAt: '2021-06-08T20:08:03.000Z', source: 'x' };
const prepared = texts.map((t) => { const p = prepareLine(parser, 'syslog', t, ctx, []); return p.ok ? p.events[0].event : undefined; });
const parsed = texts.map((t) => { const p = parseLine(parser, 'syslog', t, ctx); return p.ok ? p.events[0] : undefined; });

const fast = new Function("o", "return %HasFastProperties(o)") as (o: unknown) => boolean; console.log("fast props: prepared", fast(prepared[0]), fast(prepared[0]!.syslog), "parsed", fast(parsed[0]));
function time(label: string, f: () => unknown) { const ts: number[] = []; for (let r = 0; r < 40; r++) { const t = performance.now(); f(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(label, ts[20].toFixed(2), 'µs/event'); }
time('stringify prepared', () => prepared.map((e) => JSON.stringify(e)));
time('stringify parsed', () => parsed.map((e) => JSON.stringify(e)));
const rt = prepared.map((e) => JSON.parse(JSON.stringify(e)));
time('stringify round-tripped', () => rt.map((e) => JSON.stringify(e)));
