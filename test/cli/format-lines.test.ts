// `vigil ingest --format`: lines read as bytes, blank ones skipped, and Zeek TSV headers repeated at
// the start of every batch so that each request can be read on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBody, readFormatLines } from '../../src/cli/format-lines.ts';
import type { SourceRecord } from '../../src/cli/ingest-source.ts';

async function linesOf(chunks: Buffer[], format: string, batchSize = 1000): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of readFormatLines((async function* () { yield* chunks; })(), format, batchSize)) records.push(record);
  return records;
}

const textOf = (record: SourceRecord) => record.bytes!.toString('latin1');

test('lines keep their bytes and numbers across chunks; blank lines and a leading BOM are dropped', async () => {
  const records = await linesOf([Buffer.from('\xef\xbb\xbfCEF:0|a\r\n\n  \nCEF:0|b \xff', 'latin1'), Buffer.from('\xfe|c\nlast', 'latin1')], 'cef');
  assert.deepEqual(records.map(textOf), ['CEF:0|a\r', 'CEF:0|b \xff\xfe|c', 'last']);
  assert.deepEqual(records.map((record) => record.origin), [{ line: 1 }, { line: 4 }, { line: 5 }]);
  const body = formatBody(records);
  assert.deepEqual(body.bytes, Buffer.from('CEF:0|a\r\nCEF:0|b \xff\xfe|c\nlast\n', 'latin1'));
  assert.equal(body.contentType, 'text/plain; charset=utf-8');
});

test('a Zeek TSV header is sent again at the start of each batch; a new header block replaces it', async () => {
  const file = ['#separator \\x09', '#fields\tts\tuid', 'd1', 'd2', 'd3', '#close\t2024', '#fields\tts\tquery', 'e1', 'e2', 'e3'].join('\n');
  const records = await linesOf([Buffer.from(file)], 'zeek', 3);
  const batches: string[][] = [];
  for (let at = 0; at < records.length; at += 3) batches.push(records.slice(at, at + 3).map(textOf));
  assert.deepEqual(batches, [
    ['#separator \\x09', '#fields\tts\tuid', 'd1'],
    ['#separator \\x09', '#fields\tts\tuid', 'd2'],
    ['#separator \\x09', '#fields\tts\tuid', 'd3'],
    ['#close\t2024', '#fields\tts\tquery', 'e1'],
    ['#close\t2024', '#fields\tts\tquery', 'e2'],
    ['#close\t2024', '#fields\tts\tquery', 'e3'],
  ]);
  assert.deepEqual(records.slice(3, 6).map((record) => record.origin), [{ line: 1 }, { line: 2 }, { line: 4 }], 'repeated header lines keep their own line numbers');
});

test('other formats repeat nothing', async () => {
  const records = await linesOf([Buffer.from('#not a header\na\nb\nc\n')], 'syslog', 2);
  assert.deepEqual(records.map(textOf), ['#not a header', 'a', 'b', 'c']);
});
