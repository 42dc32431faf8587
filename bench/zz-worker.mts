import { readFileSync } from 'node:fs';
import { wireFormat } from '../src/ingest/parsers/index.ts';
import { prepareLine } from '../src/ingest/listeners/line-parse.ts';
const lines = readFileSync('../shared/data/sep/sepm-syslog-samples.log', 'utf8').split('\n').filter((l) => l.includes('[SID: ') && l.includes('Local Host IP: '));
const parser = wireFormat('syslog')!.createParser();
const texts = Array.from({ length: 1000 }, (_, i) => lines[i % lines.length].replace('Local Port: 443', `Local Port: ${1000 + i}`));
const N = Number(process.argv[2] ?? 100);
const t = performance.now();
for (let r = 0; r < N; r++) {
  const out: string[] = [];
  for (const text of texts) { const p = prepareLine(parser, 'syslog', text, { receivedAt: '2021-06-08T20:08:03.000Z', source: 'x' }, []); if (p.ok) for (const { event } of p.events) out.push(JSON.stringify(event)); }
}
console.log(((performance.now() - t) / N / 1000 * 1000).toFixed(2), 'µs/line');
