import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detect } from '../../src/detect/index.ts';
import { correlate } from '../../src/incidents/index.ts';
import type { Incident } from '../../src/model/index.ts';
import { fleetEvent, seedEvent } from '../detect/seed-event.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = '2021-06-08T21:00:00.000Z';
const options = { windowMs: DAY, now: NOW };
const noneOpen = () => new Map<string, Incident[]>();
/** The stored open incidents, each under its grouping key. */
const openOf = (...incidents: Incident[]) => new Map(incidents.map((incident) => [incident.grouping_key, [incident]]));

test('the seed opens one Open, NOT_SET incident that the store numbers later', () => {
  const { createdIncidents, updatedIncidents, endpointHits, assignments } = correlate(detect([seedEvent()]), noneOpen(), options);
  assert.equal(createdIncidents.length, 1);
  assert.deepEqual(updatedIncidents, []);
  const [incident] = createdIncidents;
  assert.equal(incident.atp_incident_id, 0);
  assert.equal(incident.state, 1);
  assert.equal(incident.resolution, 4);
  assert.equal(incident.priority_level, 3);
  assert.equal(incident.description, 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15');
  assert.equal(incident.atp_rule_id, 'MaliciousTrafficIncident');
  assert.deepEqual(incident.attack, { tactic_uid: 'TA0011', tactic_name: 'Command and Control', technique_uid: 'T1071', technique_name: 'Application Layer Protocol' });
  assert.equal(incident.time, NOW);
  assert.equal(incident.device_time, NOW);
  assert.equal(incident.updated, NOW);
  assert.equal(incident.log_name, 'epmp_incident-2021-06-08');
  assert.equal(incident.first_event_seen, '2021-06-08T20:08:00.000Z');
  assert.equal(incident.last_event_seen, '2021-06-08T20:08:00.000Z');
  assert.equal(incident.event_count, 1);
  assert.deepEqual(incident.deviceUid, ['9a52620b-7e80-4e78-bf32-db901c24643c']);
  assert.equal(incident.summary, 'TOMCAT-PROD-01: Application Layer Protocol');
  assert.deepEqual(incident.remote, { ip: '192.0.2.100', port: 18878 });
  assert.equal(incident.traffic_direction, 2);
  assert.equal(endpointHits.length, 1);
  assert.equal(assignments.get('39887aa0-c895-11eb-dcee-0000181b4915'), incident.uuid);
});

test('six endpoints reaching the same party with the same signature make one incident with six endpoint hits', () => {
  const events = [seedEvent(), ...[1, 2, 3, 4, 5].map((n) => fleetEvent(n))];
  const { createdIncidents, endpointHits, assignments } = correlate(detect(events), noneOpen(), options);
  assert.equal(createdIncidents.length, 1);
  const [incident] = createdIncidents;
  assert.equal(incident.event_count, 6);
  assert.equal(incident.deviceUid.length, 6);
  assert.equal(incident.summary, '6 endpoints: Application Layer Protocol');
  assert.equal(incident.first_event_seen, '2021-06-08T20:08:00.000Z');
  assert.equal(incident.last_event_seen, '2021-06-08T20:13:00.000Z');
  assert.equal(endpointHits.length, 6);
  assert.ok(endpointHits.every((hit) => hit.incident_uuid === incident.uuid && hit.event_count === 1));
  assert.deepEqual(new Set(assignments.values()), new Set([incident.uuid]));
  assert.equal(assignments.size, 6);
});

test('repeated detections on one endpoint add up in its endpoint hit', () => {
  const events = [fleetEvent(1, 1), fleetEvent(1, 30), fleetEvent(1, 10)];
  const { endpointHits: [hit] } = correlate(detect(events), noneOpen(), options);
  assert.deepEqual(
    { event_count: hit.event_count, first_seen: hit.first_seen, last_seen: hit.last_seen, device_ip: hit.device_ip },
    { event_count: 3, first_seen: '2021-06-08T20:09:00.000Z', last_seen: '2021-06-08T20:38:00.000Z', device_ip: '192.0.2.11' },
  );
});

test('a different remote party opens a separate incident', () => {
  const { createdIncidents } = correlate(detect([seedEvent(), fleetEvent(1, 1, { external_ip: '198.51.100.7' })]), noneOpen(), options);
  assert.equal(createdIncidents.length, 2);
  assert.deepEqual(createdIncidents.map((incident) => incident.remote?.ip), ['192.0.2.100', '198.51.100.7']);
});

test('an alert after the window opens a new incident, in the same batch or a later one', () => {
  const late = fleetEvent(1, 24 * 60 + 1);
  const sameBatch = correlate(detect([seedEvent(), late]), noneOpen(), options);
  assert.equal(sameBatch.createdIncidents.length, 2);

  const first = correlate(detect([seedEvent()]), noneOpen(), options).createdIncidents[0];
  const later = correlate(detect([late]), openOf(first), options);
  assert.equal(later.createdIncidents.length, 1);
  assert.deepEqual(later.updatedIncidents, []);
  assert.notEqual(later.createdIncidents[0].uuid, first.uuid);
});

test('an alert within the window joins the stored open incident: it is updated, not created, and the stored copy is untouched', () => {
  const first = correlate(detect([seedEvent()]), noneOpen(), options).createdIncidents[0];
  const stored = structuredClone(first);
  const later = '2021-06-09T08:00:00.000Z';
  const result = correlate(detect([fleetEvent(1, 600), fleetEvent(2, 601, { severity: 5 })]), openOf(stored), { ...options, now: later });
  assert.deepEqual(result.createdIncidents, []);
  assert.equal(result.updatedIncidents.length, 1);
  const [updated] = result.updatedIncidents;
  assert.equal(updated.uuid, first.uuid);
  assert.equal(updated.event_count, 3);
  assert.equal(updated.updated, later);
  assert.equal(updated.time, NOW);
  assert.equal(updated.priority_level, 3);
  assert.equal(updated.last_event_seen, '2021-06-09T06:09:00.000Z');
  assert.equal(updated.deviceUid.length, 3);
  assert.deepEqual(stored, first);
});

test('an alert more than the window before the incident\'s first event does not join it', () => {
  const recent = correlate(detect([fleetEvent(1, 3 * 24 * 60)]), noneOpen(), options).createdIncidents[0];
  const { createdIncidents } = correlate(detect([seedEvent()]), openOf(recent), options);
  assert.equal(createdIncidents.length, 1);
});

test('a closed incident is never reopened', () => {
  const closed = { ...correlate(detect([seedEvent()]), noneOpen(), options).createdIncidents[0], state: 4 };
  const { createdIncidents, updatedIncidents } = correlate(detect([fleetEvent(1)]), openOf(closed), options);
  assert.equal(createdIncidents.length, 1);
  assert.deepEqual(updatedIncidents, []);
});

test('priority is the highest of the incident\'s alerts', () => {
  const { createdIncidents: [incident] } = correlate(detect([fleetEvent(1, 1, { severity: 9 }), fleetEvent(2, 2, { severity: 1 })]), noneOpen(), options);
  assert.equal(incident.priority_level, 3);
});

test('a late alert joins the older open incident of its own time, not the newer one of the same key', () => {
  // A (08 Jun 20:08) and B (opened 47 h later, after A's window) are both open; an alert an hour
  // after A's last event belongs to A.
  const a = correlate(detect([seedEvent()]), noneOpen(), options).createdIncidents[0];
  const b = correlate(detect([fleetEvent(1, 47 * 60)]), openOf(a), options).createdIncidents[0];
  assert.notEqual(b.uuid, a.uuid, 'B is a new incident: it came after A\'s window');
  const open = new Map([[a.grouping_key, [a, b]]]);
  const late = correlate(detect([fleetEvent(2, 60)]), open, options);
  assert.deepEqual(late.createdIncidents, []);
  assert.deepEqual(late.updatedIncidents.map((incident) => incident.uuid), [a.uuid]);
  assert.equal(late.updatedIncidents[0].event_count, 2);
  // Where both windows take it (23 h to 24 h after A), the incident whose events are nearer does.
  const nearerA = correlate(detect([fleetEvent(3, 23 * 60 + 10)]), open, options);
  assert.deepEqual(nearerA.updatedIncidents.map((incident) => incident.uuid), [a.uuid]);
  const nearerB = correlate(detect([fleetEvent(3, 23 * 60 + 45)]), open, options);
  assert.deepEqual(nearerB.updatedIncidents.map((incident) => incident.uuid), [b.uuid]);
});
