// The founding scenario's event (shared/seed) as a canonical EdrEvent, and variations of it.
import type { EdrEvent } from '../../src/model/index.ts';

export function seedEvent(overrides: Partial<EdrEvent> = {}): EdrEvent {
  return {
    event_uuid: '39887aa0-c895-11eb-dcee-0000181b4915',
    type_id: 4124,
    event_id: 206,
    device_time: '2021-06-08T20:08:00.000Z',
    log_time: '2021-06-08T20:12:19.000Z',
    severity: 3,
    device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c',
    device_name: 'TOMCAT-PROD-01',
    device_ip: '192.0.2.10',
    external_ip: '192.0.2.100',
    external_port: 18878,
    internal_ip: '192.0.2.10',
    internal_port: 443,
    network_protocol: 2,
    traffic_direction: 2,
    signature_id: 32350,
    signature_name: 'System Infected: Trojan.Trickybot Activity 15',
    symc_device_action: 2,
    app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE',
    categories: ['Attack', 'Malcode', 'Trojan'],
    mitre: { tactic: 'Command and Control', technique_id: 'T1071', technique_name: 'Standard Application Layer Protocol' },
    ...overrides,
  };
}

/** The seed's detection on endpoint `n` (1-based) of a fleet, `minutes` after the seed. */
export function fleetEvent(n: number, minutes = n, overrides: Partial<EdrEvent> = {}): EdrEvent {
  return seedEvent({
    event_uuid: `fleet-${n}-${minutes}`,
    device_uid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    device_name: `WEB-${n}`,
    device_ip: `192.0.2.${10 + n}`,
    device_time: new Date(Date.parse('2021-06-08T20:08:00.000Z') + minutes * 60_000).toISOString(),
    ...overrides,
  });
}
