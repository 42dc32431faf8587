// The founding scenario's event (shared/seed), written two ways: every value as the EDR console's
// detail view shows it, and as a JSON sender would write it (codes, ISO times, sub-objects).
import { seedEvent } from '../../src/cli/demo-data.ts';

/** The seed's rows, name for name and string for string, placeholders included. */
export const SEED_AS_SHOWN: Readonly<Record<string, string>> = { ...seedEvent(), device_name: '<DEVICE_NAME>', host_name: '<HOSTNAME>' };

/** The same event as the canonical event stores it. */
export const SEED_CANONICAL: Readonly<Record<string, unknown>> = {
  app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE',
  categories: ['Attack', 'Malcode', 'Trojan'],
  data_source_url_domain: 'https://source.url.example.com',
  data_type: 'event',
  deepsight_domain: 'notavailable',
  description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15',
  device_ip: '192.0.2.10',
  device_name: '<DEVICE_NAME>',
  device_time: '2021-06-08T20:08:00.000Z',
  device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c',
  domain_name: 'null',
  event_actor: { pid: 620 },
  event_id: 206,
  event_log_name: 'epmp_events-2021-06-08/event',
  source_event_source: 1,
  event_uuid: '39887aa0-c895-11eb-dcee-0000181b4915',
  external_ip: '192.0.2.100',
  external_port: 18878,
  host_name: '<HOSTNAME>',
  source_incident: '32db1930-c884-11eb-c293-000000000273',
  incident_priority_level: 'HIGH',
  infected: true,
  internal_ip: '192.0.2.10',
  internal_port: 443,
  intrusion_url: 'https://www.example.com:443/intrusion_URL',
  local_host_mac: '000000000000',
  log_time: '2021-06-08T20:12:19.000Z',
  mitre: { tactic: 'Command and Control', technique_id: 'T1071', technique_name: 'Standard Application Layer Protocol' },
  network_protocol: 2,
  on_premises: true,
  remote_host_mac: '000000000000',
  severity: 3,
  sid: 32350,
  signature_id: 32350,
  signature_name: 'System Infected: Trojan.Trickybot Activity 15',
  symc_device_action: 2,
  time: '2021-06-08T20:08:00.000Z',
  timezone: 'UTC',
  traffic_direction: 2,
  type_id: 4124,
  user_name: 'none',
};

/** As a JSON sender writes it: already canonical except the times, which carry no milliseconds. */
export const SEED_AS_CODES: Readonly<Record<string, unknown>> = {
  ...SEED_CANONICAL,
  device_time: '2021-06-08T20:08:00Z',
  log_time: '2021-06-08T20:12:19Z',
  time: '2021-06-08T20:08:00Z',
};
