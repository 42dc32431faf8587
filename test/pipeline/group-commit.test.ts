import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { combineDetectors, detect, startSigmaRules } from '../../src/detect/index.ts';
import type { EdrEvent } from '../../src/model/index.ts';
import { createPipeline } from '../../src/pipeline/index.ts';
import { openSqliteStore, type CommitBatch } from '../../src/store/index.ts';
import { withCommit } from '../helpers/store-commit.ts';

function ipsEvent(n: number, overrides: Record<string, unknown> = {}) {
  return {
    event_uuid: `group-${n}`, type_id: 4124, event_id: 206, severity: 3, device_time: `2024-03-01T10:00:${String(n).padStart(2, '0')}.000Z`,
    device_uid: `dev-${n}`, device_ip: `10.0.0.${n}`, external_ip: '203.0.113.9', traffic_direction: 2, network_protocol: 2,
    signature_id: 30001, signature_name: 'Attack: Test Signature', ...overrides,
  };
}

const records = (...values: unknown[]) => values.map((value, index) => ({ index, value }));

test('batches waiting together are committed together, each answered with its own outcome', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  let commits = 0;
  const counting = withCommit(store, (batch, stored) => { commits++; return stored(batch); });
  const pipeline = createPipeline({ store: counting, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [first, second] = await Promise.all([
    pipeline.ingest(records(ipsEvent(1), ipsEvent(2))),
    pipeline.ingest(records(ipsEvent(2), ipsEvent(3))),
  ]);
  assert.equal(commits, 1);
  assert.deepEqual([first.accepted, first.duplicates, first.incidents.created.length, first.incidents.updated.length], [2, 0, 1, 0]);
  assert.deepEqual([second.accepted, second.duplicates, second.incidents.created.length], [1, 1, 0]);
  assert.deepEqual(second.incidents.updated, first.incidents.created, 'the later batch joins the incident the earlier one opened');
  const incident = await store.getIncident(first.incidents.created[0]);
  assert.equal(incident?.event_count, 3);
  assert.equal(incident?.atp_incident_id, 100000);
});

test('a batch that fails in a group fails alone', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const failing = withCommit(store, (batch, stored) => (batch.events.some((event) => event.event_uuid === 'group-9') ? Promise.reject(new Error('disk full')) : stored(batch)));
  const pipeline = createPipeline({ store: failing, incidentWindowMs: 3600_000, maxQueuedEvents: 100 });
  const [good, bad] = await Promise.allSettled([pipeline.ingest(records(ipsEvent(8))), pipeline.ingest(records(ipsEvent(9)))]);
  assert.equal(good.status === 'fulfilled' && good.value.accepted, 1);
  assert.equal(bad.status === 'rejected' && (bad.reason as Error).message, 'disk full');
  assert.ok(await store.getEvent('group-8'));
});

test('a late event joins the older open incident of its time, also when a newer one of the same key is open and in the same group', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  const pipeline = createPipeline({ store, incidentWindowMs: 24 * 3600_000, maxQueuedEvents: 100 });
  const at = (time: string, n: number) => ipsEvent(n, { event_uuid: `late-${n}`, device_time: time });
  const older = await pipeline.ingest(records(at('2021-06-08T00:00:00.000Z', 1), at('2021-06-08T01:00:00.000Z', 2)));
  const newer = await pipeline.ingest(records(at('2021-06-10T00:00:00.000Z', 3)));
  assert.notDeepEqual(newer.incidents.created, older.incidents.created, '47 h later: a new incident');
  // Two batches committed together: the second sees the first's changes to both incidents.
  const [late, later] = await Promise.all([
    pipeline.ingest(records(at('2021-06-08T02:00:00.000Z', 4))),
    pipeline.ingest(records(at('2021-06-08T03:00:00.000Z', 5), at('2021-06-10T01:00:00.000Z', 6))),
  ]);
  assert.deepEqual([late.incidents.created, late.incidents.updated], [[], older.incidents.created]);
  assert.deepEqual(later.incidents.created, []);
  assert.deepEqual(new Set(later.incidents.updated), new Set([...older.incidents.created, ...newer.incidents.created]));
  const incident = await store.getIncident(older.incidents.created[0]);
  assert.deepEqual([incident?.event_count, incident?.last_event_seen], [4, '2021-06-08T03:00:00.000Z']);
  assert.equal((await store.listIncidents({}, { offset: 0, limit: 10 })).total, 2);
});

test('events go through detection once, also when their group\'s commit fails and when a refused batch is sent again', async (t) => {
  const store = await openSqliteStore(':memory:');
  t.after(() => store.close());
  // The group's commit fails, and so does every commit that holds group-21 while the disk is full.
  let diskFull = true;
  const failing = withCommit(store, (batch, stored) => {
    const uuids = batch.events.map((event) => event.event_uuid);
    return diskFull && (uuids.includes('group-21') || uuids.length > 2) ? Promise.reject(new Error('disk full')) : stored(batch);
  });
  const detectedUuids: string[] = [];
  const detector = (events: EdrEvent[]) => {
    for (const event of events) {
      detectedUuids.push(event.event_uuid);
      event.sigma = [{ id: `seen-${event.event_uuid}` }];
    }
    return detect(events);
  };
  const pipeline = createPipeline({ store: failing, incidentWindowMs: 3600_000, maxQueuedEvents: 100, detector });
  // group-20 is in both batches: detected once, as the first batch's copy; stored as the second's.
  const [refusedBatch, kept] = await Promise.allSettled([
    pipeline.ingest(records(ipsEvent(20), ipsEvent(21))),
    pipeline.ingest(records(ipsEvent(20), ipsEvent(22))),
  ]);
  assert.equal(refusedBatch.status === 'rejected' && (refusedBatch.reason as Error).message, 'disk full');
  assert.ok(kept.status === 'fulfilled');
  assert.deepEqual([kept.value.accepted, kept.value.duplicates, kept.value.incidents.created.length], [2, 0, 1]);
  assert.deepEqual([...detectedUuids].sort(), ['group-20', 'group-21', 'group-22'], 'each event went through detection once');
  const stored = await store.getEvent('group-20');
  assert.deepEqual(stored?.sigma, [{ id: 'seen-group-20' }], 'the copy that was stored carries what detection found on the other');
  assert.equal(stored?.incident, kept.value.incidents.created[0]);
  assert.equal(await store.getEvent('group-21'), undefined);

  diskFull = false;
  const resent = await pipeline.ingest(records(ipsEvent(20), ipsEvent(21)));
  assert.deepEqual([resent.accepted, resent.duplicates], [1, 1]);
  assert.equal(detectedUuids.length, 3, 'the resent event was not run through the rules again');
  assert.deepEqual((await store.getEvent('group-21'))?.sigma, [{ id: 'seen-group-21' }], 'it is stored with what detection found the first time');
  assert.deepEqual(resent.incidents.updated, kept.value.incidents.created, 'and its alert joins the incident');
  assert.equal((await store.getIncident(kept.value.incidents.created[0]))?.event_count, 3);
});

const PROBE_RULE = `title: Probe
id: 5a0c4d1e-0d4f-4c2a-9a11-0c9d1e2f3a01
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    Image|endswith: '\\\\retryprobe.exe'
  condition: selection
level: low
`;

const PROBE_RULES = `${PROBE_RULE}---
title: Three probes on one host
id: 5a0c4d1e-0d4f-4c2a-9a11-0c9d1e2f3a02
correlation:
  type: event_count
  rules:
    - 5a0c4d1e-0d4f-4c2a-9a11-0c9d1e2f3a01
  group-by:
    - Computer
  timespan: 10m
  condition:
    gte: 3
level: high
`;

const probe = (n: number) => ({
  event_uuid: `retry-probe-${n}`, type_id: 8001, operation: 1, device_time: `2026-03-02T10:0${n}:00.000Z`,
  device_name: 'WS-RETRY', device_uid: 'uid-ws-retry', device_ip: '192.0.2.41',
  process: { pid: 400 + n, cmd_line: 'retryprobe', file: { path: 'C:\\Tools\\retryprobe.exe' } },
});

/** A pipeline running the "three probes on one host" correlation over a store whose commits fail while `fails(batch)` says so. */
async function probePipeline(t: TestContext, fails: (batch: CommitBatch) => boolean, extraRules = '') {
  const store = await openSqliteStore(':memory:');
  const dir = mkdtempSync(join(tmpdir(), 'vigil-retry-correlation-'));
  t.after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'probe.yml'), PROBE_RULES + extraRules);
  const { ruleSet } = await startSigmaRules(store, [dir]);
  assert.equal(ruleSet.runningCorrelations.length, 1);
  const flaky = withCommit(store, (batch, stored) => (fails(batch) ? Promise.reject(new Error('disk I/O error')) : stored(batch)));
  const pipeline = createPipeline({ store: flaky, incidentWindowMs: 3600_000, maxQueuedEvents: 100, detector: combineDetectors(detect, ruleSet.detect) });
  const correlationIncidents = async () => (await store.listIncidents({}, { offset: 0, limit: 10 })).result.filter((incident) => incident.detection_type === 'Sigma correlation');
  return { store, pipeline, correlationIncidents };
}

const holds = (batch: CommitBatch, uuid: string) => batch.events.some((event) => event.event_uuid === uuid);

test('a Sigma correlation counts each event once through a failed group commit and a refused batch sent again', async (t) => {
  let commits = 0;
  let failing = true;
  // Fails the first commit, and every commit while `failing` after the first three.
  const { store, pipeline, correlationIncidents } = await probePipeline(t, () => commits++ === 0 || (commits > 3 && failing));
  // Two probes and an unrelated event, in two batches committed as one group whose commit fails.
  const outcomes = await Promise.all([pipeline.ingest(records(probe(1), probe(2))), pipeline.ingest(records(ipsEvent(30)))]);
  assert.equal(commits, 3, 'the group failed, then each batch was committed alone');
  assert.deepEqual(outcomes.map((outcome) => outcome.accepted), [2, 1]);
  assert.deepEqual(await correlationIncidents(), [], 'two probes are not three');
  await assert.rejects(pipeline.ingest(records(probe(3))), /disk I\/O error/, 'the third probe is refused once');
  failing = false;
  const third = await pipeline.ingest(records(probe(3)));
  const [incident] = await correlationIncidents();
  assert.deepEqual(third.incidents.created, [incident?.uuid], 'the third probe, sent again, completes the correlation');
  assert.equal(incident?.event_count, 3);
  assert.deepEqual(((await store.getEvent('retry-probe-1'))?.sigma as { title: string }[]).map(({ title }) => title), ['Probe'], 'the retried batch kept its Sigma match');
});

test('a hit\'s alerts stay with the batch that raised them when a refused event is resent in the same group', async (t) => {
  // Probe 1 is refused once; the group that resends it after probe 3 completes the correlation.
  let failing = true;
  const { pipeline, correlationIncidents } = await probePipeline(t, (batch) => failing && holds(batch, 'retry-probe-1'));
  await assert.rejects(pipeline.ingest(records(probe(1))));
  failing = false;
  await pipeline.ingest(records(probe(2)));
  await Promise.all([pipeline.ingest(records(probe(3))), pipeline.ingest(records(probe(1)))]);
  const [incident] = await correlationIncidents();
  assert.equal(incident?.event_count, 3, 'the hit\'s alert about probe 1 is raised once');
});

test('a hit raised beside a resent event keeps its alerts about the events of an earlier batch of the group', async (t) => {
  let failing = true;
  const { pipeline, correlationIncidents } = await probePipeline(t, (batch) => failing && holds(batch, 'group-31'));
  await assert.rejects(pipeline.ingest(records(ipsEvent(31))), /disk I\/O error/);
  failing = false;
  await Promise.all([pipeline.ingest(records(probe(1), probe(2))), pipeline.ingest(records(ipsEvent(31), probe(3)))]);
  const [incident] = await correlationIncidents();
  assert.equal(incident?.event_count, 3, 'the three probes');
});

test('a hit completed in a later batch of a group links the events of the earlier batches too', async (t) => {
  const { store, pipeline, correlationIncidents } = await probePipeline(t, () => false);
  await Promise.all([pipeline.ingest(records(probe(1), probe(2))), pipeline.ingest(records(probe(3)))]);
  const [incident] = await correlationIncidents();
  assert.equal(incident?.event_count, 3);
  for (const n of [1, 2, 3]) {
    const event = await store.getEvent(`retry-probe-${n}`);
    assert.deepEqual([event?.incident, event?.event_source], [incident?.uuid, 1], `probe ${n} names the incident`);
  }
});

test('in a group, an event takes its own batch\'s incident first, as when the batches are committed one by one', async (t) => {
  // A second rule on the probes opens an incident of its own, beside the correlation's.
  const probeSeen = `---\n${PROBE_RULE.replace('title: Probe', 'title: Probe seen').replace('2f3a01', '2f3a03')}`;
  const linked = async (grouped: boolean) => {
    let failing = true;
    const { store, pipeline } = await probePipeline(t, (batch) => failing && holds(batch, 'retry-probe-1'), probeSeen);
    await assert.rejects(pipeline.ingest(records(probe(1))));
    failing = false;
    await pipeline.ingest(records(probe(2)));
    // Probe 3 completes the correlation, which names the refused probe 1; then probe 1 is resent.
    if (grouped) await Promise.all([pipeline.ingest(records(probe(3))), pipeline.ingest(records(probe(1)))]);
    else for (const n of [3, 1]) await pipeline.ingest(records(probe(n)));
    const names = [];
    for (const n of [1, 2, 3]) {
      const incident = await store.getIncident((await store.getEvent(`retry-probe-${n}`))?.incident ?? '');
      names.push(incident?.detection_type);
    }
    return names;
  };
  const oneByOne = await linked(false);
  assert.deepEqual(oneByOne, ['Sigma', 'Sigma', 'Sigma correlation']);
  assert.deepEqual(await linked(true), oneByOne);
});
