// How incidents look on a terminal: the list table and the detail view of `vigil incidents show`.
// Coded values are rendered as the EDR console shows them ("2: TCP", "3: HIGH").
import {
  INCIDENT_STATE, NETWORK_PROTOCOL, PRIORITY_LEVEL, RESOLUTION, SEP_EVENT_ID, SYMC_DEVICE_ACTION, TRAFFIC_DIRECTION,
  labelOf, renderCoded, renderConsoleTime, type Catalog, type EdrEvent, type Incident, type IncidentEndpointSummary,
} from '../model/index.ts';
import { renderTable } from './table.ts';

/** GET /api/v1/incidents/:id answers the incident with what an analyst needs next to it. */
export interface IncidentDetail extends Incident {
  endpoints: IncidentEndpointSummary[];
  /** Why this is an incident and what to look at, in plain sentences. */
  explanation: string;
  /** Known groups and software the detection points to (needs an imported ATT&CK catalog). */
  attribution?: { id: string; name: string; kind: string; technique: string }[];
  events: EdrEvent[];
  events_total: number;
}

export const EVENTS_SHOWN = 10;

const label = (catalog: Catalog, code: number | undefined) => (code === undefined ? '' : labelOf(catalog, code) ?? String(code));
const coded = (catalog: Catalog, code: number | null | undefined) => renderCoded(catalog, code) ?? '-';
const time = (iso: string | undefined) => (iso ? renderConsoleTime(iso) : '-');

export function incidentTable(incidents: Incident[], width: number): string {
  return renderTable(
    [{ header: 'ID' }, { header: 'PRIORITY' }, { header: 'STATE' }, { header: 'DESCRIPTION', flex: true }, { header: 'TACTIC' },
      { header: 'ENDPOINTS', align: 'right' }, { header: 'EVENTS', align: 'right' }, { header: 'LAST SEEN' }],
    incidents.map((incident) => [
      String(incident.atp_incident_id),
      label(PRIORITY_LEVEL, incident.priority_level),
      label(INCIDENT_STATE, incident.state),
      incident.description,
      incident.attack?.tactic_name ?? '',
      String(incident.deviceUid.length),
      String(incident.event_count),
      time(incident.last_event_seen),
    ]),
    width,
  );
}

function header(incident: IncidentDetail): string[] {
  const attack = incident.attack;
  const remote = incident.remote?.ip ? `${incident.remote.ip}${incident.remote.port !== undefined ? `:${incident.remote.port}` : ''}` : undefined;
  const rows: [string, string | undefined][] = [
    ['uuid', incident.uuid],
    ['priority', coded(PRIORITY_LEVEL, incident.priority_level)],
    ['state', coded(INCIDENT_STATE, incident.state)],
    ['resolution', coded(RESOLUTION, incident.resolution)],
    ['assignee', incident.assignee ?? undefined],
    ['rule', `${incident.rule_name} (${incident.atp_rule_id})`],
    ['tactic', attack && `${attack.tactic_name} (${attack.tactic_uid})`],
    ['technique', attack && `${attack.technique_name} (${attack.technique_uid})`],
    ['known as', incident.attribution?.length ? incident.attribution.map((actor) => `${actor.name} (${actor.id}, ${actor.kind} known to use ${actor.technique})`).join('; ') : undefined],
    ['remote', remote && `${remote}${incident.traffic_direction !== undefined ? `, ${coded(TRAFFIC_DIRECTION, incident.traffic_direction)}` : ''}`],
    ['first seen', time(incident.first_event_seen)],
    ['last seen', time(incident.last_event_seen)],
    ['events', String(incident.event_count)],
    ['endpoints', String(incident.deviceUid.length)],
  ];
  return [
    `Incident ${incident.atp_incident_id}: ${incident.description}`,
    ...rows.filter(([, value]) => value !== undefined).map(([name, value]) => `  ${name.padEnd(11)}${value}`),
  ];
}

function endpointTable(endpoints: IncidentEndpointSummary[], width: number): string {
  return renderTable(
    [{ header: 'DEVICE NAME' }, { header: 'DEVICE IP' }, { header: 'DEVICE UID', flex: true }, { header: 'EVENTS', align: 'right' }, { header: 'FIRST SEEN' }, { header: 'LAST SEEN' }],
    endpoints.map((endpoint) => [
      endpoint.device_name ?? '-', endpoint.device_ip ?? '-', endpoint.device_uid ?? '-', String(endpoint.event_count), time(endpoint.first_seen), time(endpoint.last_seen),
    ]),
    width,
  );
}

function connection(event: EdrEvent): string {
  const remote = event.external_ip ? `${event.external_ip}${event.external_port !== undefined ? `:${event.external_port}` : ''}` : '-';
  return `${event.device_ip ?? '-'} → ${remote}`;
}

/** The first events in the seed's display form, one compact row each. */
export function eventTable(events: EdrEvent[], width: number): string {
  return renderTable(
    [{ header: 'TIME' }, { header: 'DEVICE IP → EXTERNAL' }, { header: 'PROTOCOL' }, { header: 'DIRECTION' }, { header: 'EVENT' }, { header: 'ACTION' }, { header: 'SIGNATURE', flex: true }],
    events.map((event) => [
      time(event.device_time),
      connection(event),
      coded(NETWORK_PROTOCOL, event.network_protocol),
      coded(TRAFFIC_DIRECTION, event.traffic_direction),
      coded(SEP_EVENT_ID, event.event_id),
      coded(SYMC_DEVICE_ACTION, event.symc_device_action),
      event.signature_name ?? event.description ?? '',
    ]),
    width,
  );
}

export function incidentDetailText(incident: IncidentDetail, width: number): string {
  const shown = incident.events.slice(0, EVENTS_SHOWN);
  return [
    ...header(incident),
    '',
    ...(incident.explanation ? [incident.explanation, ''] : []),
    `Endpoints (${incident.endpoints.length}):`,
    endpointTable(incident.endpoints, width),
    `Events (first ${shown.length} of ${incident.events_total}):`,
    eventTable(shown, width),
  ].join('\n');
}
