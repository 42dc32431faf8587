// Builders of events, incidents and batches for the store tests, shaped after the seed's
// Trickybot detection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EdrEvent, Incident } from '../../src/model/index.ts';
import type { CommitBatch } from '../../src/store/index.ts';

export function detection(overrides: Partial<EdrEvent> & { event_uuid: string }): EdrEvent {
  return {
    type_id: 4124,
    device_time: '2021-06-08T20:08:00.000Z',
    log_time: '2021-06-08T20:12:19.000Z',
    event_id: 206,
    severity: 3,
    severity_id: 5,
    device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c',
    device_name: 'TOMCAT-01',
    device_ip: '192.0.2.10',
    external_ip: '192.0.2.100',
    external_port: 18878,
    network_protocol: 2,
    traffic_direction: 2,
    signature_id: 32350,
    signature_name: 'System Infected: Trojan.Trickybot Activity 15',
    mitre: { tactic: 'Command and Control', technique_id: 'T1071' },
    ...overrides,
  };
}

export function incident(overrides: Partial<Incident> & { uuid: string }): Incident {
  return {
    atp_incident_id: 0,
    priority_level: 3,
    state: 1,
    resolution: 4,
    time: '2021-06-08T20:08:00.000Z',
    device_time: '2021-06-08T20:08:00.000Z',
    updated: '2021-06-08T20:08:00.000Z',
    first_event_seen: '2021-06-08T20:08:00.000Z',
    last_event_seen: '2021-06-08T20:08:00.000Z',
    atp_rule_id: 'MaliciousTrafficIncident',
    rule_name: 'Malicious Traffic',
    detection_type: 'Network Detection',
    description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15',
    summary: 'Outbound traffic to 192.0.2.100',
    recommended_action: 'Investigate the endpoint.',
    log_name: 'epmp_incident-2021-06-08',
    event_count: 1,
    deviceUid: ['9a52620b-7e80-4e78-bf32-db901c24643c'],
    grouping_key: 'MaliciousTrafficIncident|32350|192.0.2.100',
    ...overrides,
  };
}

export function batch(parts: Partial<CommitBatch>): CommitBatch {
  return { events: [], createdIncidents: [], updatedIncidents: [], endpointHits: [], ...parts };
}

/** A fresh directory for a database file, removed by the returned cleanup. */
export function tempDatabasePath(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
  return { path: join(dir, 'vigil.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const ALL = { offset: 0, limit: 100 };
