// The founding scenario as data: the seed's IPS detection exactly as the EDR's detail view shows
// it, five more endpoints beaconing to the same remote party, and benign noise that must not
// open incidents. Deterministic, so a second `vigil demo` is recognized as duplicates.
import { createHash } from 'node:crypto';

/**
 * The event of shared/seed, field for field and string for string as the EDR's detail view shows
 * it; only the placeholders <DEVICE_NAME> and <HOSTNAME> are given real names.
 */
export function seedEvent(): Record<string, string> {
  return {
    app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE',
    categories: 'Attack, Malcode, Trojan',
    data_source_url_domain: 'https://source.url.example.com',
    data_type: 'event',
    deepsight_domain: 'notavailable',
    description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15',
    device_ip: '192.0.2.10',
    device_name: 'TOMCAT-PROD-01',
    device_time: '2021-06-08 20:08:00 UTC',
    device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c',
    domain_name: 'null',
    'event_actor.pid': '620',
    event_id: '206: Intrusion detected',
    event_log_name: 'epmp_events-2021-06-08/event',
    event_source: '1',
    event_uuid: '39887aa0-c895-11eb-dcee-0000181b4915',
    external_ip: '192.0.2.100',
    external_port: '18,878',
    host_name: 'tomcat-prod-01',
    incident: '32db1930-c884-11eb-c293-000000000273',
    incident_priority_level: 'HIGH',
    infected: 'true',
    internal_ip: '192.0.2.10',
    internal_port: '443',
    intrusion_url: 'https://www.example.com:443/intrusion_URL',
    local_host_mac: '000000000000',
    log_time: '2021-06-08 20:12:19 UTC',
    'mitre.tactic': 'Command and Control',
    'mitre.technique_id': 'T1071',
    'mitre.technique_name': 'Standard Application Layer Protocol',
    network_protocol: '2: TCP',
    on_premises: 'true',
    remote_host_mac: '000000000000',
    severity: '3: Critical',
    sid: '32350',
    signature_id: '32350',
    signature_name: 'System Infected: Trojan.Trickybot Activity 15',
    symc_device_action: '2: Detected',
    time: '2021-06-08 20:08:00 UTC',
    timezone: 'UTC',
    traffic_direction: '2: Outbound',
    type_id: '4124: Endpoint Detection',
    user_name: 'none',
  };
}

function stableUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface DemoEndpoint { device_uid: string; device_ip: string; device_name: string; app_name: string }

/** Five more endpoints of the same estate that reach the same outside party. */
export const BEACONING_ENDPOINTS: DemoEndpoint[] = [11, 12, 13, 14, 15].map((host, index) => ({
  device_uid: stableUuid(`vigil-demo-endpoint-${host}`),
  device_ip: `192.0.2.${host}`,
  device_name: `WS-FIN-${String(index + 1).padStart(2, '0')}`,
  app_name: 'C:/USERS/PUBLIC/LIBRARIES/SVCHOST.EXE',
}));

const SEED_TIME = Date.parse('2021-06-08T20:08:00Z');
const MINUTE = 60_000;

/**
 * Each endpoint beacons every 15 minutes (±30 s of jitter) for three hours, starting a few
 * minutes after the seed's detection: regular enough to show as a pattern on a timeline.
 */
export function beaconingEvents(beacons = 12): Record<string, unknown>[] {
  const seed = seedEvent();
  return BEACONING_ENDPOINTS.flatMap((endpoint, endpointIndex) =>
    Array.from({ length: beacons }, (_, beacon) => {
      const jitterSeconds = ((endpointIndex * 7 + beacon * 13) % 61) - 30;
      const time = new Date(SEED_TIME + (endpointIndex + 1) * 3 * MINUTE + beacon * 15 * MINUTE + jitterSeconds * 1000).toISOString();
      return {
        ...seed,
        ...endpoint,
        internal_ip: endpoint.device_ip,
        host_name: endpoint.device_name.toLowerCase(),
        internal_port: 49152 + endpointIndex * 100 + beacon,
        external_port: 18878,
        'event_actor.pid': 4000 + endpointIndex,
        device_time: time,
        time,
        log_time: new Date(Date.parse(time) + 4 * MINUTE).toISOString(),
        event_uuid: stableUuid(`vigil-demo-beacon-${endpoint.device_ip}-${beacon}`),
        incident: undefined,
      };
    }));
}

/** Ordinary process and network activity on the same endpoints: recorded, never an incident. */
export function benignNoise(count = 40): Record<string, unknown>[] {
  const endpoints = BEACONING_ENDPOINTS;
  return Array.from({ length: count }, (_, index) => {
    const endpoint = endpoints[index % endpoints.length];
    const time = new Date(SEED_TIME + index * 4 * MINUTE).toISOString();
    const common = { device_uid: endpoint.device_uid, device_ip: endpoint.device_ip, device_name: endpoint.device_name, device_time: time, severity_id: 1, event_uuid: stableUuid(`vigil-demo-noise-${index}`) };
    return index % 2 === 0
      ? { ...common, type_id: 8007, operation: 1, external_ip: '198.51.100.20', external_port: 443, internal_ip: endpoint.device_ip, traffic_direction: 'Outbound', network_protocol: 'TCP', data_source_url_domain: 'updates.example.org' }
      : { ...common, type_id: 8001, operation: 1, process: { pid: 5000 + index, cmd_line: 'C:\\Windows\\System32\\notepad.exe', file: { name: 'notepad.exe' } } };
  });
}

/** Everything `vigil demo` sends, the seed's event first. */
export function demoEvents(): Record<string, unknown>[] {
  return [seedEvent(), ...beaconingEvents(), ...benignNoise()];
}
