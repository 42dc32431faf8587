import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiResponse, RequestBody } from '../../src/cli/client.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { MAX_RETRIES, sendInBatches, type BatchOptions } from '../../src/cli/ingest-batches.ts';
import { decodedText, openInput, readRecords, type SourceRecord } from '../../src/cli/ingest-source.ts';
import { summaryJson, summaryText } from '../../src/cli/ingest-summary.ts';
import { parseBody } from '../../src/ingest/index.ts';

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stand-in for POST /api/v1/events that numbers rejections the way the server does (index from
 * 0, line from 1, both within the batch): records with "bad": true and unparsable lines are rejected.
 */
function fakeServer(override?: (body: RequestBody, call: number) => Answer | undefined) {
  const bodies: string[] = [];
  const client: BatchOptions['client'] = {
    async send(_method: string, _path: string, body?: RequestBody): Promise<ApiResponse> {
      bodies.push(body!.text);
      const answer = override?.(body!, bodies.length) ?? judge(body!);
      return { status: answer.status, headers: new Headers(answer.headers), body: answer.body };
    },
    refusal: (response: ApiResponse) => new CliError(`refused with ${response.status}`),
  };
  return { client, bodies };
}

function judge(body: RequestBody): Answer {
  const parsed = parseBody(body.text, body.contentType);
  const rejected = [
    ...parsed.errors.map((error) => ({ index: error.index, line: error.line, column: error.column, path: '$', reason: error.reason })),
    ...parsed.records.filter((record) => (record.value as { bad?: boolean }).bad).map((record) => ({ index: record.index, line: record.line, path: '$.bad', reason: 'bad event' })),
  ].sort((a, b) => a.index - b.index);
  const accepted = parsed.records.length + parsed.errors.length - rejected.length;
  return { status: accepted === 0 ? 400 : 200, body: { accepted, duplicates: 0, rejected, incidents: { created: accepted ? ['incident-1'] : [], updated: [] } } };
}

async function* recordsOfText(name: string, text: string): AsyncGenerator<SourceRecord> {
  const path = join(mkdtempSync(join(tmpdir(), 'vigil-cli-batches-')), name);
  writeFileSync(path, text);
  const input = openInput(path);
  yield* readRecords(decodedText(input), 'auto', input.name);
}

const good = (n: number) => JSON.stringify({ n });

test('a bad line 7 is reported as line 7 of the file, not of its batch', async () => {
  // Line 2 is blank; line 7 is malformed; line 10 is an event the server refuses.
  const lines = [good(1), '', good(3), good(4), good(5), good(6), '{"n": 7,', good(8), good(9), JSON.stringify({ n: 10, bad: true }), good(11)];
  const { client, bodies } = fakeServer();
  const totals = await sendInBatches(recordsOfText('events.ndjson', lines.join('\n') + '\n'), { batchSize: 3, client });
  assert.equal(bodies.length, 4, 'ten records in batches of three');
  assert.equal(totals.sent, 10);
  assert.equal(totals.accepted, 8);
  assert.equal(totals.rejected, 2);
  assert.deepEqual(totals.rejections.map((rejection) => rejection.origin), [{ line: 7 }, { line: 10 }]);
  const text = summaryText(totals, 'events.ndjson', 1);
  assert.match(text, /^ {2}line 7, column 9 {2}\$: /m, 'a line that is no JSON: where in it');
  assert.match(text, /^ {2}line 10 {2}\$\.bad: bad event$/m);
  assert.deepEqual(summaryJson(totals, 1).rejections.map(({ line, column }) => [line, column]), [[7, 9], [10, undefined]]);
});

test('a batch the server refuses entirely is recorded and the import continues', async () => {
  const lines = [good(1), JSON.stringify({ bad: true }), JSON.stringify({ bad: true }), good(4)];
  const { client } = fakeServer();
  const totals = await sendInBatches(recordsOfText('events.ndjson', lines.join('\n')), { batchSize: 2, client });
  assert.equal(totals.accepted, 2);
  assert.equal(totals.rejected, 2);
  assert.deepEqual(totals.rejections.map((rejection) => rejection.origin), [{ line: 2 }, { line: 3 }]);
});

test('JSON array rejections point at the element index in the file', async () => {
  const array = [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3, bad: true }];
  const { client } = fakeServer();
  const totals = await sendInBatches(recordsOfText('events.json', JSON.stringify(array)), { batchSize: 2, client });
  assert.deepEqual(totals.rejections.map((rejection) => rejection.origin), [{ index: 3 }]);
  assert.match(summaryText(totals, 'events.json', 1), /index 3 {2}\$\.bad/);
});

test('429 resends the same batch after Retry-After', async () => {
  const waits: number[] = [];
  const { client, bodies } = fakeServer((_body, call) => (call === 1 ? { status: 429, headers: { 'retry-after': '2' } } : undefined));
  const totals = await sendInBatches(recordsOfText('e.ndjson', `${good(1)}\n${good(2)}\n`), { batchSize: 10, client, sleep: async (ms) => { waits.push(ms); } });
  assert.deepEqual(waits, [2000]);
  assert.equal(bodies.length, 2);
  assert.equal(bodies[0], bodies[1]);
  assert.equal(totals.accepted, 2);
});

test('a server that stays busy stops the import after a bounded number of retries', async () => {
  const { client, bodies } = fakeServer(() => ({ status: 429 }));
  await assert.rejects(sendInBatches(recordsOfText('e.ndjson', good(1)), { batchSize: 10, client, sleep: async () => {} }), { name: 'CliError', message: /still busy/ });
  assert.equal(bodies.length, MAX_RETRIES + 1);
});

test('a batch over the body limit is split until it fits', async () => {
  const { client, bodies } = fakeServer((body) => (body.text.split('\n').filter(Boolean).length > 1 ? { status: 413 } : undefined));
  const totals = await sendInBatches(recordsOfText('e.ndjson', [1, 2, 3].map(good).join('\n')), { batchSize: 3, client });
  assert.equal(totals.accepted, 3);
  assert.equal(bodies.length, 5, 'three refused, its half of two refused, then three single events');
});

test('401 stops the import with the client\'s refusal', async () => {
  const { client } = fakeServer(() => ({ status: 401, body: { message: 'invalid_token' } }));
  await assert.rejects(sendInBatches(recordsOfText('e.ndjson', good(1)), { batchSize: 10, client }), { name: 'CliError', message: 'refused with 401' });
});

test('an event the server lists with several problems counts as one rejected event, with every problem kept', async () => {
  const lines = [good(1), '{"nope":1}', good(3)];
  const { client } = fakeServer(() => ({
    status: 200,
    body: {
      accepted: 2, duplicates: 0, incidents: { created: [], updated: [] },
      rejected: [{ index: 1, line: 2, path: '$.type_id', reason: 'is required' }, { index: 1, line: 2, path: '$.device_time', reason: 'is required' }],
    },
  }));
  const totals = await sendInBatches(recordsOfText('events.ndjson', lines.join('\n')), { batchSize: 3, client });
  assert.equal(totals.sent, 3);
  assert.equal(totals.rejected, 1, 'accepted + rejected = sent');
  assert.deepEqual(totals.rejections.map((rejection) => [rejection.origin, rejection.path]), [[{ line: 2 }, '$.type_id'], [{ line: 2 }, '$.device_time']]);
  assert.match(summaryText(totals, 'events.ndjson', 1), /^ {2}rejected {4}1\n.*\nRejections:\n {2}line 2 {2}\$\.type_id: is required\n {2}line 2 {2}\$\.device_time: is required$/m);
});

test('the report keeps the problems of the first rejected events, however many problems each has', async () => {
  const lines = Array.from({ length: 12 }, (_, n) => JSON.stringify({ n, bad: true }));
  const { client } = fakeServer((body) => {
    const count = body.text.split('\n').filter(Boolean).length;
    const rejected = Array.from({ length: count }, (_, index) => [{ index, path: '$.a', reason: 'a' }, { index, path: '$.b', reason: 'b' }]).flat();
    return { status: 400, body: { accepted: 0, duplicates: 0, rejected, incidents: { created: [], updated: [] } } };
  });
  const totals = await sendInBatches(recordsOfText('events.ndjson', lines.join('\n')), { batchSize: 5, client });
  assert.equal(totals.rejected, 12);
  assert.equal(totals.rejections.length, 20, 'both problems of each of the first ten events');
  assert.match(summaryText(totals, 'events.ndjson', 1), /^Rejections of the first 10 rejected events:$/m);
});
