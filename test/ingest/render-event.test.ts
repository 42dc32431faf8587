import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeEvent, renderEventForDisplay } from '../../src/ingest/index.ts';
import type { EdrEvent } from '../../src/model/index.ts';
import { SEED_AS_SHOWN, SEED_CANONICAL } from './seed-event.ts';

const BASE: EdrEvent = { event_uuid: 'e-1', type_id: 4124, device_time: '2021-06-08T20:08:00.000Z', log_time: '2021-06-08T20:12:19.000Z' };

describe('renderEventForDisplay', () => {
  test('renders the canonical seed event exactly as the seed shows it, row for row and in its order', () => {
    // The sender's incident link is kept as source_incident/source_event_source; Vigil sets its own
    // `incident` and `event_source` when it links the event, which is what the seed's view shows.
    const linked = { ...SEED_CANONICAL, incident: SEED_CANONICAL.source_incident, event_source: SEED_CANONICAL.source_event_source } as unknown as EdrEvent;
    const view = renderEventForDisplay(linked);
    delete view.source_incident;
    delete view.source_event_source;
    assert.deepEqual(Object.keys(view), Object.keys(SEED_AS_SHOWN));
    assert.deepEqual(Object.fromEntries(Object.entries(view).map(([field, value]) => [field, String(value)])), SEED_AS_SHOWN);
  });

  test('round-trips: what it shows normalizes back to the same event', () => {
    const view = renderEventForDisplay(SEED_CANONICAL as EdrEvent);
    const again = normalizeEvent(view, '2030-01-01T00:00:00.000Z');
    assert.ok(again.ok);
    assert.deepEqual(again.event, SEED_CANONICAL);
  });

  test('codes render as "code: label" and unknown codes as the bare code', () => {
    const view = renderEventForDisplay({ ...BASE, severity_id: 5, severity: 9, network_protocol: 9, event_id: 999 });
    assert.deepEqual([view.severity_id, view.severity, view.network_protocol, view.event_id], ['5: Critical', '9: Minor', '9', '999']);
  });

  test('sub-objects flatten to dotted names at every depth; other lists and values stay as they are', () => {
    const view = renderEventForDisplay({ ...BASE, event_actor: { pid: 620, file: { path: 'c:/x.exe' } }, source_port: [80, 443], attacks: [{ technique_uid: 'T1059' }], count: 1234 });
    assert.equal(view['event_actor.pid'], 620);
    assert.equal(view['event_actor.file.path'], 'c:/x.exe');
    assert.deepEqual(view.source_port, [80, 443]);
    assert.deepEqual(view.attacks, [{ technique_uid: 'T1059' }]);
    assert.equal(view.count, 1234);
    assert.equal('event_actor' in view, false);
  });
});
