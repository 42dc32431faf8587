// Plain-English explanation of an incident for the analyst. For network detections it answers
// the founding scenario's questions: which endpoint detected the traffic, who the other end is,
// who initiated the connection, how widespread it is, and what decides false positive versus
// a real attack.
import { PRIORITY_LEVEL, labelOf, renderConsoleTime, type Incident, type IncidentEndpoint, type IncidentEndpointSummary } from '../model/index.ts';

const INBOUND = 1;
const OUTBOUND = 2;
/** Endpoints named individually; the rest are counted. */
const LISTED_ENDPOINTS = 10;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function describeEndpoint({ device_ip, device_name, device_uid }: IncidentEndpoint): string {
  const address = device_ip ?? device_uid ?? 'an endpoint of unknown address';
  return device_name && device_name !== device_ip ? `${address} (${device_name})` : address;
}

function listEndpoints(incident: Incident, endpoints: IncidentEndpointSummary[]): string {
  const known: IncidentEndpoint[] = endpoints.length > 0 ? endpoints : incident.deviceUid.map((device_uid) => ({ device_uid }));
  const named = known.slice(0, LISTED_ENDPOINTS).map(describeEndpoint).join(', ');
  return known.length > LISTED_ENDPOINTS ? `${named} and ${known.length - LISTED_ENDPOINTS} more` : named;
}

function endpointCount(incident: Incident, endpoints: IncidentEndpointSummary[]): number {
  return Math.max(endpoints.length, incident.deviceUid.length, 1);
}

function describeDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes % 60 && `${minutes % 60} min`];
  return parts.filter(Boolean).join(' ');
}

function describePeriod(incident: Incident): string {
  const first = renderConsoleTime(incident.first_event_seen);
  if (incident.first_event_seen === incident.last_event_seen) return `at ${first}`;
  const span = Date.parse(incident.last_event_seen) - Date.parse(incident.first_event_seen);
  return `between ${first} and ${renderConsoleTime(incident.last_event_seen)} (${describeDuration(span)})`;
}

function describeDetection(incident: Incident): string {
  const priority = labelOf(PRIORITY_LEVEL, incident.priority_level) ?? String(incident.priority_level);
  const attack = incident.attack
    ? ` ATT&CK: ${incident.attack.tactic_name} (${incident.attack.tactic_uid}), ${incident.attack.technique_name} (${incident.attack.technique_uid}).`
    : '';
  return `${incident.description} — rule "${incident.rule_name}" (${incident.detection_type}), priority ${priority}.${attack}`;
}

function describeDirection(direction: number | undefined, theEndpoints: string): string {
  if (direction === OUTBOUND) return `The traffic is outbound: ${theEndpoints} initiated the connection to the remote party.`;
  if (direction === INBOUND) return `The traffic is inbound: the remote party initiated the connection to ${theEndpoints}.`;
  return 'The direction of the traffic is unknown: check the events for which side opened the connection.';
}

function describeRemote(incident: Incident, remoteIp: string): string {
  return incident.remote?.port === undefined ? remoteIp : `${remoteIp}:${incident.remote.port}`;
}

function explainSignatureTraffic(incident: Incident, endpoints: IncidentEndpointSummary[], remoteIp: string): string[] {
  const count = endpointCount(incident, endpoints);
  const theEndpoints = count === 1 ? 'the endpoint' : 'the endpoints';
  const detectors = count === 1
    ? `The endpoint that detected the traffic (device_ip, the client whose intrusion prevention saw it) is ${listEndpoints(incident, endpoints)}.`
    : `${count} endpoints detected the traffic (device_ip, the clients whose intrusion prevention saw it): ${listEndpoints(incident, endpoints)}.`;
  const extent = incident.traffic_direction === INBOUND
    ? `${remoteIp} reached ${plural(count, 'endpoint')}`
    : `${plural(count, 'endpoint')} reached ${remoteIp}`;
  const threat = incident.traffic_direction === INBOUND
    ? `an attack by ${remoteIp} on ${theEndpoints}`
    : `command-and-control traffic between ${theEndpoints} and ${remoteIp}`;
  return [
    describeDetection(incident),
    detectors,
    `The remote party is ${describeRemote(incident, remoteIp)} (external_ip: the other end of the connection).`,
    describeDirection(incident.traffic_direction, theEndpoints),
    `${extent} in ${plural(incident.event_count, 'event')} ${describePeriod(incident)}.`,
    `This is either a false positive (the signature matched legitimate traffic) or ${threat}; a SOC analyst needs to investigate.`
      + ` Check which process on each endpoint made the connection (app_name), whether ${remoteIp} belongs to a legitimate service`
      + ' (ownership, reputation, threat intelligence), and what else the endpoints did around that time.'
      + ` If it is confirmed, isolate ${theEndpoints}, clean them and add ${remoteIp} to the deny list;`
      + ' otherwise close the incident with resolution FALSE_POSITIVE.',
  ];
}

function explainOtherDetection(incident: Incident, endpoints: IncidentEndpointSummary[]): string[] {
  const count = endpointCount(incident, endpoints);
  return [
    describeDetection(incident),
    `${count === 1 ? 'Affected endpoint' : `${count} affected endpoints`}: ${listEndpoints(incident, endpoints)}.`,
    ...(incident.remote?.ip ? [`Remote party: ${describeRemote(incident, incident.remote.ip)}.`] : []),
    `${plural(incident.event_count, 'event')} ${describePeriod(incident)}.`,
    `Recommended action: ${incident.recommended_action}`,
  ];
}

export function explainIncident(incident: Incident, endpoints: IncidentEndpointSummary[]): string {
  const remoteIp = incident.remote?.ip;
  // IPS detections: a signature matched traffic between an endpoint and a remote party.
  const isSignatureTraffic = remoteIp !== undefined && (incident.signature_id !== undefined || incident.signature_name !== undefined);
  const paragraphs = isSignatureTraffic ? explainSignatureTraffic(incident, endpoints, remoteIp) : explainOtherDetection(incident, endpoints);
  return paragraphs.join('\n');
}
