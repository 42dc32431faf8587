// Events prepared elsewhere (a parse worker normalizes, enriches and serializes them): the text that
// comes with each becomes its stored document, with the pipeline's incident link added, and must be
// exactly what serializing the event would give.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combineDetectors, detect, startSigmaRules } from '../../src/detect/index.ts';
import { VIGIL_EVENT_FIELDS, type EdrEvent } from '../../src/model/index.ts';
import { createPipeline, prepareEvent, type PreparedEvent } from '../../src/pipeline/index.ts';
import { openSqliteStore, type CommitBatch, type Store } from '../../src/store/index.ts';
import { withCommit } from '../helpers/store-commit.ts';

const RECEIVED = '2024-03-01T10:05:00.000Z';

function prepared(value: Record<string, unknown>): PreparedEvent {
  const result = prepareEvent(value, RECEIVED);
  assert.ok(result.ok, JSON.stringify(result));
  // As a parse worker sends it: the text, and the object rebuilt from it.
  const text = JSON.stringify(result.event);
  return { event: JSON.parse(text) as EdrEvent, text };
}

const ips = (n: number, extra: Record<string, unknown> = {}) => ({
  event_uuid: `prepared-${n}`, type_id: 4124, event_id: 206, severity: 3, device_time: `2024-03-01T10:00:0${n}.000Z`,
  device_uid: `dev-${n}`, device_ip: `10.0.0.${n}`, external_ip: '203.0.113.9', traffic_direction: '2: Outbound', network_protocol: 'TCP',
  signature_id: 30001, signature_name: 'System Infected: Test Signature', ...extra,
});

/** The store, and every batch committed to it. */
function recording(store: Store): { store: Store; commits: CommitBatch[] } {
  const commits: CommitBatch[] = [];
  return { store: withCommit(store, (batch, stored) => { commits.push(batch); return stored(batch); }), commits };
}

/** Every committed event's text, which must be the event's own serialization. */
function assertTextsAreTheEvents(commits: CommitBatch[], count: number): void {
  const texts = commits.flatMap((batch) => batch.events.map((event) => ({ event, text: batch.texts?.get(event) })));
  assert.equal(texts.length, count);
  for (const { event, text } of texts) assert.equal(text, JSON.stringify(event), `${event.event_uuid}: the stored text is the event's own`);
}

test('a prepared event\'s text is stored as its document, linked to its incident exactly as serializing it would give', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const { store: recorded, commits } = recording(store);
  const pipeline = createPipeline({ store: recorded, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const benign = prepared({ event_uuid: 'prepared-benign', type_id: 8001, device_time: '2024-03-01T10:00:09.000Z', message: 'a "quoted" \\ line' });
  // An upstream EDR's incident and event_source are kept aside by normalization: the link added is Vigil's own.
  const upstream = prepared(ips(2, { incident: 'upstream-incident-7', event_source: 3 }));
  const outcome = await pipeline.ingestPrepared([prepared(ips(1)), upstream, benign]);
  assert.equal(outcome.accepted, 3);
  assert.equal(outcome.incidents.created.length, 1);

  assertTextsAreTheEvents(commits, 3);

  const [incident] = outcome.incidents.created;
  const linked = await store.getEvent('prepared-2');
  assert.equal(linked?.incident, incident);
  assert.equal(linked?.event_source, 1);
  assert.equal(linked?.source_incident, 'upstream-incident-7');
  assert.equal(linked?.traffic_direction, 2, 'stored normalized');
  assert.equal(linked?.severity_id, 5, 'and enriched');
  const stored = await store.getEvent('prepared-benign');
  assert.equal(stored?.message, 'a "quoted" \\ line');
  assert.equal(stored?.incident, undefined);
});

test('prepared and raw batches written in one group each keep their documents', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const pipeline = createPipeline({ store, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [raw, ready] = await Promise.all([
    pipeline.ingest([{ index: 0, value: ips(3) }]),
    pipeline.ingestPrepared([prepared(ips(4))]),
  ]);
  assert.deepEqual([raw.accepted, ready.accepted], [1, 1]);
  assert.deepEqual(ready.incidents.updated, raw.incidents.created, 'the prepared event joins the incident the raw one opened');
  const [three, four] = await Promise.all([store.getEvent('prepared-3'), store.getEvent('prepared-4')]);
  assert.equal(three?.incident, raw.incidents.created[0]);
  assert.equal(four?.incident, raw.incidents.created[0]);
  assert.equal(four?.log_time, RECEIVED, 'log_time is when the line was received');
});

test('Sigma matches recorded on a prepared event at detection are in its stored text; a sender\'s own are kept aside', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const { ruleSet } = await startSigmaRules(store, []);
  const { store: recorded, commits } = recording(store);
  const pipeline = createPipeline({ store: recorded, incidentWindowMs: 3600_000, maxQueuedEvents: 100, detector: combineDetectors(detect, ruleSet.detect) });
  const launch = (n: number, extra: Record<string, unknown> = {}) => prepared({
    event_uuid: `prepared-launch-${n}`, type_id: 8001, operation: 1, device_time: `2026-03-02T10:0${n}:00.000Z`, device_uid: 'uid-ws', device_name: 'WS-SIGMA',
    event_actor: { pid: 100, file: { path: 'C:\\Windows\\explorer.exe' } },
    process: { pid: 200 + n, cmd_line: 'powershell.exe -NoProfile -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA', file: { path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' } },
    ...extra,
  });
  const outcome = await pipeline.ingestPrepared([launch(1), launch(2, { sigma: [{ id: 'from-another-vigil' }] })]);
  assert.equal(outcome.incidents.created.length, 1, 'the encoded PowerShell rule matched');
  assertTextsAreTheEvents(commits, 2);
  const [first, second] = await Promise.all([store.getEvent('prepared-launch-1'), store.getEvent('prepared-launch-2')]);
  assert.ok(Array.isArray(first?.sigma) && first.sigma.length > 0, 'the match is stored');
  assert.deepEqual(second?.sigma, first?.sigma);
  assert.deepEqual(second?.source_sigma, [{ id: 'from-another-vigil' }]);
  assert.equal(first?.incident, outcome.incidents.created[0]);
});

test('a write that fails leaves the events as they were prepared, and their resend stores what detection found the first time', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const commits: CommitBatch[] = [];
  const failingOnce = withCommit(store, (batch, stored) => (commits.push(batch) === 1 ? Promise.reject(new Error('disk I/O error')) : stored(batch)));
  // A detector that records something on the first attempt only, as a stateful rule might.
  let attempts = 0;
  const detector = (events: EdrEvent[]) => {
    if (attempts++ === 0) for (const event of events) event.sigma = [{ id: 'first-attempt' }];
    return detect(events);
  };
  const pipeline = createPipeline({ store: failingOnce, incidentWindowMs: 3600_000, maxQueuedEvents: 100, detector });
  const event = prepared(ips(6));
  await assert.rejects(pipeline.ingestPrepared([event]), /disk I\/O error/);
  assert.deepEqual(VIGIL_EVENT_FIELDS.filter((field) => Object.hasOwn(event.event, field)), [], 'nothing the failed attempt set is left on the sender\'s event');
  const retried = await pipeline.ingestPrepared([event]);
  assert.equal(retried.accepted, 1);
  assert.equal(attempts, 1, 'the resend is not run through the rules again');
  const stored = await store.getEvent('prepared-6');
  assert.deepEqual(stored?.sigma, [{ id: 'first-attempt' }]);
  assert.equal(stored?.incident, retried.incidents.created[0]);
  assert.deepEqual(stored, JSON.parse(JSON.stringify(event.event)));
  assertTextsAreTheEvents(commits.slice(1), 1);
});
