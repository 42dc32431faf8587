// The pipeline's memory of what detection raised on events not stored yet (src/pipeline/detections.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert, EdrEvent } from '../../src/model/index.ts';
import { Detections } from '../../src/pipeline/detections.ts';

const event = (uuid: string) => ({ event_uuid: uuid, type_id: 8001, device_time: '2026-03-02T10:00:00.000Z', log_time: '2026-03-02T10:00:00.000Z' }) as EdrEvent;
const alertAbout = (uuid: string, key = `key-${uuid}`) => ({ event_uuid: uuid, grouping_key: key }) as Alert;

/** A detector that alerts once per event and records every event it was given. */
function countingDetector() {
  const seen: string[] = [];
  const detector = (events: EdrEvent[]) => events.map((one) => {
    seen.push(one.event_uuid);
    one.sigma = [{ id: `match-${one.event_uuid}` }];
    return alertAbout(one.event_uuid);
  });
  return { seen, detector };
}

test('a settled group leaves nothing behind: a later failure keeps only its own events', () => {
  const detections = new Detections();
  const { seen, detector } = countingDetector();
  const stored = [event('a'), event('b')];
  assert.deepEqual(detections.detect(stored, detector).map((alert) => alert.event_uuid), ['a', 'b']);
  detections.settled([stored]);
  detections.detect([event('c')], detector);
  detections.attemptFailed();
  detections.settled([]);
  assert.deepEqual(detections.detect([event('a'), event('c')], detector).map((alert) => alert.event_uuid), ['a', 'c']);
  assert.deepEqual(seen, ['a', 'b', 'c', 'a'], 'a was stored (a copy is the deduplication\'s business), c was refused');
});

test('after a failed attempt, another copy of an event gets its alerts and Sigma matches without the detector', () => {
  const detections = new Detections();
  const { seen, detector } = countingDetector();
  detections.detect([event('a'), event('b')], detector);
  detections.attemptFailed();
  detections.settled([]);
  const resent = [event('b'), event('c')];
  assert.deepEqual(detections.detect(resent, detector).map((alert) => alert.event_uuid), ['b', 'c']);
  assert.deepEqual(seen, ['a', 'b', 'c']);
  assert.deepEqual(resent.map((one) => one.sigma), [[{ id: 'match-b' }], [{ id: 'match-c' }]]);
});

test('an alert about an event stored earlier stays with the event of the run that the same hit names', () => {
  const detections = new Detections();
  // A correlation hit completed by 'x' names 'stored-1' too; 'y' raised an alert of its own.
  const detector = () => [alertAbout('y'), alertAbout('stored-1', 'hit'), alertAbout('x', 'hit')];
  detections.detect([event('x'), event('y')], detector);
  detections.attemptFailed();
  detections.settled([]);
  const never = () => assert.fail('the detector runs again');
  assert.deepEqual(detections.detect([event('y')], never).map((alert) => alert.event_uuid), ['y']);
  assert.deepEqual(detections.detect([event('x')], never).map((alert) => alert.event_uuid), ['stored-1', 'x']);
});

test('refused events are kept up to the limit, the oldest forgotten first, and stored ones are forgotten', () => {
  const detections = new Detections(2);
  const { seen, detector } = countingDetector();
  detections.detect([event('a'), event('b'), event('c'), event('d')], detector);
  detections.attemptFailed();
  detections.settled([[event('d')]]);
  assert.deepEqual(detections.detect([event('a'), event('b'), event('c'), event('d')], detector).map((alert) => alert.event_uuid), ['a', 'b', 'c', 'd']);
  assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'a', 'd'], 'a was the oldest of the three refused, and d was stored');
});
