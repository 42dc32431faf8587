import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodedText, formatByName, isGzip, lfLines, openInput, readRecords, sniffFormat, type FormatChoice, type SourceRecord } from '../../src/cli/ingest-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-source-'));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function recordsOf(path: string, format: FormatChoice = 'auto'): Promise<SourceRecord[]> {
  const input = openInput(path);
  const records: SourceRecord[] = [];
  for await (const record of readRecords(decodedText(input), format, input.name)) records.push(record);
  return records;
}

const NDJSON = '{"n":1}\n\n{"n":2}\r\n{"n":3}\n';

test('gzip is recognized by name or by its magic bytes', () => {
  assert.equal(isGzip('events.ndjson.gz', Buffer.from('{}')), true);
  assert.equal(isGzip('events', Buffer.from([0x1f, 0x8b, 8])), true);
  assert.equal(isGzip('events.ndjson', Buffer.from('{"a":1}')), false);
});

test('the format comes from the name, under .gz too', () => {
  assert.equal(formatByName('a.ndjson'), 'ndjson');
  assert.equal(formatByName('a.JSONL.gz'), 'ndjson');
  assert.equal(formatByName('a.json.gz'), 'json');
  assert.equal(formatByName('a.log'), undefined);
});

test('without a telling name, the first line decides', () => {
  assert.equal(sniffFormat('[{"a":1},'), 'json');
  assert.equal(sniffFormat('{"a":1}'), 'ndjson');
  assert.equal(sniffFormat('{'), 'json');
});

test('NDJSON records carry their line in the file; blank lines are skipped but counted', async () => {
  const records = await recordsOf(write('plain.ndjson', NDJSON));
  assert.deepEqual(records, [
    { text: '{"n":1}', origin: { line: 1 } },
    { text: '{"n":2}', origin: { line: 3 } },
    { text: '{"n":3}', origin: { line: 4 } },
  ]);
});

test('gzip NDJSON without an extension reads the same as plain', async () => {
  const records = await recordsOf(write('compressed', gzipSync(NDJSON)));
  assert.deepEqual(records.map((record) => record.origin), [{ line: 1 }, { line: 3 }, { line: 4 }]);
});

test('a JSON array yields its elements with their index; one object yields itself', async () => {
  const array = await recordsOf(write('array.json.gz', gzipSync(JSON.stringify([{ n: 1 }, { n: [2, { m: '],\\"' }] }], null, 2))));
  assert.deepEqual(array.map((record) => record.origin), [{ index: 0 }, { index: 1 }]);
  assert.ok(array.every((record) => !/[\r\n]/.test(record.text)), 'each element on one line');
  assert.deepEqual(array.map((record) => JSON.parse(record.text)), [{ n: 1 }, { n: [2, { m: '],\\"' }] }]);
  const single = await recordsOf(write('pretty.txt', '{\n  "n": 1\n}\n'));
  assert.deepEqual(single, [{ text: '{   "n": 1 }', origin: { index: 0 } }]);
  assert.deepEqual(await recordsOf(write('empty.json', '[ ]')), []);
});

test('--format overrides the name', async () => {
  const records = await recordsOf(write('lines.json', '{"n":1}\n{"n":2}\n'), 'ndjson');
  assert.equal(records.length, 2);
});

test('malformed JSON says where', async () => {
  await assert.rejects(recordsOf(write('bad.json', '[\n{"a":1},\n{"a":}\n]')), { name: 'CliError', message: /line 3, column 6/ });
});

test('a missing file or broken gzip is one clear error', async () => {
  assert.throws(() => openInput(join(dir, 'missing.ndjson')), { name: 'CliError', message: /no such file/ });
  await assert.rejects(recordsOf(write('broken.ndjson.gz', 'not gzip at all')), { name: 'CliError', message: /not valid gzip/ });
});

test('NDJSON lines end at LF only, as the server splits them: a lone CR stays, the CR of CRLF goes', async () => {
  const records = await recordsOf(write('cr.ndjson', '{"n":1,\r"m":2}\r\n{"n":2}\r\r\n\r\n{"n":3\n{"n":4}'));
  assert.deepEqual(records, [
    { text: '{"n":1,\r"m":2}', origin: { line: 1 } },
    { text: '{"n":2}\r', origin: { line: 2 } },
    { text: '{"n":3', origin: { line: 4 } },
    { text: '{"n":4}', origin: { line: 5 } },
  ]);
});

test('a line split across chunks, a CRLF too, reads whole', async () => {
  async function* chunks() { yield* ['{"a"', ':1}\r', '\n{"b":2', '}']; }
  const lines: string[] = [];
  for await (const line of lfLines(chunks())) lines.push(line);
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}']);
});

test('an array element nested deeper than JSON.stringify can go is sent as written', async () => {
  const depth = 100_000;
  const deep = `{"type_id":8001,"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const records = await recordsOf(write('deep.json', `[${deep},\n{"n":2}]`));
  assert.deepEqual(records, [{ text: deep, origin: { index: 0 } }, { text: '{"n":2}', origin: { index: 1 } }]);
});
