// What the browser tests (and the screenshots) look at: the founding scenario — the seed's IPS
// detection and five more endpoints beaconing to the same party — with benign noise and two other
// incidents, so the queue and the dashboard show the seed among others.
import { beaconingEvents, benignNoise, seedEvent } from '../../src/cli/demo-data.ts';

const OTHER_DETECTIONS: Record<string, unknown>[] = [
  {
    type_id: 4124, event_id: 206, device_time: '2021-06-09T08:14:00Z', device_uid: 'e2e-web-dmz-02', device_name: 'WEB-DMZ-02', device_ip: '192.0.2.40',
    external_ip: '203.0.113.45', external_port: 51544, internal_ip: '192.0.2.40', internal_port: 8080, traffic_direction: 'Inbound', network_protocol: 'TCP',
    severity: 7, signature_id: 30903, signature_name: 'Web Attack: Apache Struts CVE-2017-5638', event_uuid: 'e2e-struts-1',
  },
  {
    type_id: 4102, device_time: '2021-06-09T10:02:00Z', device_uid: 'e2e-ws-hr-07', device_name: 'WS-HR-07', device_ip: '192.0.2.77',
    virus_name: 'W97M.Downloader', file: { name: 'invoice_0609.doc', path: 'C:/Users/jdoe/Downloads' }, severity_id: 4, event_uuid: 'e2e-ave-1',
  },
];

/** The events posted before the tests start: three incidents, the seed's among them. */
export function sceneryEvents(): Record<string, unknown>[] {
  return [seedEvent(), ...beaconingEvents(), ...benignNoise(), ...OTHER_DETECTIONS];
}

/** A detection posted while the queue is open: it must appear without a reload. */
export const LATE_DETECTION = {
  type_id: 4124, event_id: 206, device_time: '2021-06-10T07:45:00Z', device_uid: 'e2e-ws-ops-03', device_name: 'WS-OPS-03', device_ip: '192.0.2.93',
  external_ip: '198.51.100.77', external_port: 4444, traffic_direction: 'Outbound', network_protocol: 'TCP', severity: 3,
  signature_id: 33412, signature_name: 'System Infected: Meterpreter Reverse TCP', event_uuid: 'e2e-late-1',
};
