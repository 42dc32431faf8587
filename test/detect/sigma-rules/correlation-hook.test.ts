// The hook for Sigma correlation rules: a hit becomes one incident linking every event behind it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { correlationAlerts, type CorrelationHit } from '../../../src/detect/index.ts';
import { correlate } from '../../../src/incidents/index.ts';
import type { EdrEvent } from '../../../src/model/index.ts';

const logon = (uuid: string, host: string, second: number): EdrEvent => ({
  event_uuid: uuid, type_id: 8001, device_time: `2026-05-01T09:00:${String(second).padStart(2, '0')}.000Z`, log_time: '2026-05-01T09:01:00.000Z',
  device_uid: `uid-${host}`, device_name: host,
});

const rule: CorrelationHit['rule'] = {
  id: 'c0ffee00-0000-4000-8000-000000000001', title: 'Many failed logons then a success', level: 'high',
  tags: ['attack.credential-access', 'attack.t1110'], description: undefined, falsepositives: [],
};

test('a correlation hit opens one incident that links the events behind it, across endpoints', () => {
  const events = [logon('e1', 'WS-1', 1), logon('e2', 'WS-1', 2), logon('e3', 'WS-2', 3)];
  const alerts = correlationAlerts({ rule, events });
  assert.equal(alerts.length, 3);
  assert.equal(new Set(alerts.map((alert) => alert.grouping_key)).size, 1);
  const { createdIncidents, assignments } = correlate(alerts, new Map(), { windowMs: 3600_000, now: '2026-05-01T09:05:00.000Z' });
  assert.equal(createdIncidents.length, 1);
  const [incident] = createdIncidents;
  assert.deepEqual([...assignments.entries()], [['e1', incident.uuid], ['e2', incident.uuid], ['e3', incident.uuid]]);
  assert.deepEqual([incident.detection_type, incident.priority_level, incident.event_count], ['Sigma correlation', 3, 3]);
  assert.equal(incident.summary, '2 endpoints: Brute Force');
  // Another hit of the same rule is another incident.
  const again = correlationAlerts({ rule, events: [logon('e4', 'WS-1', 9)] });
  assert.notEqual(again[0].grouping_key, alerts[0].grouping_key);
});

test('an informational correlation rule raises no alert', () => {
  assert.deepEqual(correlationAlerts({ rule: { ...rule, level: 'informational' }, events: [logon('e1', 'WS-1', 1)] }), []);
});
