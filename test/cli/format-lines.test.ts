// `vigil ingest --format`: lines read as bytes, blank ones skipped, and each request of a Zeek TSV
// file sent with the header lines in effect, so that the server can read it on its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResponse, RequestBody } from '../../src/cli/client.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { formatBody, readFormatLines } from '../../src/cli/format-lines.ts';
import { sendInBatches, type BatchOptions } from '../../src/cli/ingest-batches.ts';
import type { SourceRecord } from '../../src/cli/ingest-source.ts';
import { wireFormat } from '../../src/ingest/index.ts';

async function* chunksOf(chunks: Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

async function linesOf(chunks: Buffer[], format: string): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of readFormatLines(chunksOf(chunks), format)) records.push(record);
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

/**
 * A stand-in for POST /api/v1/events?format=zeek: like the server, it reads each request on its own
 * with a fresh parser and numbers rejected lines from 1 within the request. `tooLarge` answers 413.
 */
function zeekServer(tooLarge: (lines: string[]) => boolean = () => false) {
  const requests: string[][] = [];
  const client: BatchOptions['client'] = {
    async send(_method: string, _path: string, body?: RequestBody): Promise<ApiResponse> {
      const lines = body!.text.split('\n').slice(0, -1);
      requests.push(lines);
      if (tooLarge(lines)) return { status: 413, headers: new Headers(), body: undefined };
      const parse = wireFormat('zeek')!.createParser();
      let accepted = 0;
      const rejected: { line: number; reason: string }[] = [];
      lines.forEach((line, index) => {
        const result = parse(line, { receivedAt: '2024-05-01T12:00:00.000Z', source: 'test' });
        if (result.ok) accepted += result.events.length;
        else rejected.push({ line: index + 1, reason: result.reason });
      });
      return { status: 200, headers: new Headers(), body: { accepted, duplicates: 0, rejected, incidents: { created: [], updated: [] } } };
    },
    refusal: (response: ApiResponse) => new CliError(`refused with ${response.status}`),
  };
  return { client, requests };
}

/** Zeek's own header: eight `#` lines before the data. */
const ZEEK_HEADER = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#open\t2024-05-01-12-00-00',
  '#fields\tts\tid.orig_h\tid.resp_h', '#types\ttime\taddr\taddr'];
const connLine = (host: number) => `1714564800.5\t10.0.0.${host}\t203.0.113.9`;

async function sendZeek(file: string, batchSize: number, server: ReturnType<typeof zeekServer>) {
  return sendInBatches(readFormatLines(chunksOf([Buffer.from(file)]), 'zeek'), { batchSize, client: server.client, format: 'zeek' });
}

test('with batches smaller than the Zeek header, every request with data lines starts with the whole header', async () => {
  const server = zeekServer();
  const totals = await sendZeek([...ZEEK_HEADER, ...[1, 2, 3, 4, 5].map(connLine)].join('\n') + '\n', 2, server);
  assert.deepEqual([totals.accepted, totals.rejected, totals.sent], [5, 0, 13], 'the sent count is the file\'s lines, not the repeated ones');
  for (const request of server.requests.filter((lines) => lines.some((line) => !line.startsWith('#')))) {
    assert.deepEqual(request.slice(0, ZEEK_HEADER.length), ZEEK_HEADER);
  }
  assert.deepEqual(server.requests.at(-1), [...ZEEK_HEADER, connLine(5)]);
});

test('a request starting inside the header or after a new header block carries the header its first line needs', async () => {
  const newBlock = ['#separator \\x09', '#fields\tts\tquery', '#types\ttime\tstring'];
  const file = [...ZEEK_HEADER, connLine(1), '#close\t2024-05-01-13-00-00', ...newBlock, '1714564900.5\texample.com'].join('\n');
  const server = zeekServer();
  const totals = await sendZeek(file, 3, server);
  assert.deepEqual([totals.accepted, totals.rejected], [2, 0]);
  assert.deepEqual(server.requests, [
    ZEEK_HEADER.slice(0, 3),
    ZEEK_HEADER.slice(0, 6),
    [...ZEEK_HEADER, connLine(1)],
    ['#close\t2024-05-01-13-00-00', ...newBlock.slice(0, 2)],
    ['#close\t2024-05-01-13-00-00', ...newBlock, '1714564900.5\texample.com'],
  ]);
});

test('both halves of a Zeek batch split after 413 carry the header; rejections point at the file\'s lines', async () => {
  const server = zeekServer((lines) => lines.filter((line) => !line.startsWith('#')).length > 1);
  const lines = [...ZEEK_HEADER, connLine(1), connLine(2), 'not\ta conn line', connLine(4)];
  const totals = await sendZeek(lines.join('\n'), 100, server);
  assert.deepEqual([totals.accepted, totals.rejected], [3, 1]);
  assert.deepEqual(totals.rejections.map((rejection) => rejection.origin), [{ line: 11 }]);
  const accepted = server.requests.filter((request) => request.filter((line) => !line.startsWith('#')).length === 1);
  assert.equal(accepted.length, 4);
  for (const request of accepted) assert.deepEqual(request.slice(0, ZEEK_HEADER.length), ZEEK_HEADER);
});

test('other formats repeat nothing', async () => {
  const records = await linesOf([Buffer.from('#not a header\na\nb\nc\n')], 'syslog');
  assert.deepEqual(records.map(textOf), ['#not a header', 'a', 'b', 'c']);
});
