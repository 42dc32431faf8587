// The firewall's traffic log (Agent Traffic) and packet log (Agent Packet) as Network Events.
// Their field order differs from the security log's: IP, port, MAC on each side, the remote IP
// before its name, protocol before direction. Reference: sepm-syslog-format.md §3.2, §3.3.
import { connectionFields } from './connection.ts';
import { layout, type RecordReader } from './layout.ts';
import type { SepmLogType } from './log-type.ts';
import { controlAction, DIRECTION, PROTOCOL } from './values.ts';

/** type_id 8007 "Network Events": a connection between the endpoint and another host. */
const NETWORK_EVENTS = 8007;

const TRAFFIC_LAYOUT = layout([
  '#device_name',
  'Local Host IP|Local Host|Local', 'Local Port|Local', 'Local Host MAC|Local',
  'Remote Host IP|Remote', 'Remote Host Name|Remote', 'Remote Port|Remote', 'Remote Host MAC|Remote',
  PROTOCOL, DIRECTION,
  'Begin', 'End Time|End', 'Occurrences', 'Application', 'Rule', 'Location', 'User Name|User', 'Domain Name|Domain', 'Action',
  'SHA-256', 'MD-5',
]);

const PACKET_LAYOUT = layout([
  '#device_name', 'Local Host IP|Local Host', 'Local Port', 'Remote Host IP', 'Remote Host Name', 'Remote Port', DIRECTION, 'Application', 'Action',
]);

function networkEvent(read: RecordReader): Record<string, unknown> {
  return { type_id: NETWORK_EVENTS, ...connectionFields(read), symc_device_action: read.convert('action', controlAction) };
}

export const trafficLog: SepmLogType = { name: 'traffic', layout: TRAFFIC_LAYOUT, toEvent: networkEvent };
export const packetLog: SepmLogType = { name: 'packet', layout: PACKET_LAYOUT, toEvent: networkEvent };
