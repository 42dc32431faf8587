// The console's entity pages (/api/v1/entities/…): an endpoint, and a remote party (an address or
// a domain) with the endpoints that reached it, its signatures and its incidents.
import type { SharedSchema } from './shared-schema.ts';
import { ref } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

export const INCIDENT_BRIEF = {
  $id: 'IncidentBrief',
  type: 'object',
  required: ['uuid', 'atp_incident_id', 'summary', 'priority_level', 'state', 'first_event_seen', 'last_event_seen'],
  properties: {
    uuid: { type: 'string' },
    atp_incident_id: { type: 'integer' },
    summary: { type: 'string' },
    priority_level: { type: 'integer', description: '1 low, 2 medium, 3 high.' },
    state: { type: 'integer', description: '1 open, 2 waiting, 3 in progress, 4 closed.' },
    first_event_seen: TIME,
    last_event_seen: TIME,
  },
} as const satisfies SharedSchema;

const INCIDENTS = {
  incidents: { type: 'array', description: 'Most recently active first, at most 100.', items: ref(INCIDENT_BRIEF) },
  incidents_total: COUNT,
} as const;

export const ENDPOINT_PAGE = {
  $id: 'EndpointPage',
  type: 'object',
  required: ['device_uid', 'device_ips', 'first_seen', 'last_seen', 'events', 'incidents', 'incidents_total'],
  properties: {
    device_uid: { type: 'string' },
    device_name: { type: 'string' },
    device_ips: { type: 'array', items: { type: 'string' }, description: 'The addresses its events carried, most recently seen first.' },
    first_seen: TIME,
    last_seen: TIME,
    events: { ...COUNT, description: 'All its events.' },
    ...INCIDENTS,
  },
} as const satisfies SharedSchema;

export const REMOTE_PARTY_PAGE = {
  $id: 'RemotePartyPage',
  type: 'object',
  description: 'Counts over the events of the window (all time without one) that name the party.',
  required: ['first_seen', 'last_seen', 'events', 'endpoints', 'endpoints_total', 'signatures', 'incidents', 'incidents_total'],
  properties: {
    ip: { type: 'string', description: 'The external_ip (GET /api/v1/entities/ips/{ip}).' },
    domain: { type: 'string', description: 'The domain, lower case (GET /api/v1/entities/domains/{domain}).' },
    first_seen: TIME,
    last_seen: TIME,
    events: COUNT,
    endpoints: {
      type: 'array',
      description: 'Most events first, at most 200. device_uid is empty for the events that name none.',
      items: {
        type: 'object',
        required: ['device_uid', 'events', 'first_seen', 'last_seen'],
        properties: { device_uid: { type: 'string' }, device_name: { type: 'string' }, device_ip: { type: 'string' }, events: COUNT, first_seen: TIME, last_seen: TIME },
      },
    },
    endpoints_total: COUNT,
    signatures: {
      type: 'array',
      description: 'Most events first, at most 200.',
      items: {
        type: 'object',
        required: ['signature_id', 'events'],
        properties: { signature_id: { type: 'integer' }, signature_name: { type: 'string' }, events: COUNT },
      },
    },
    ...INCIDENTS,
  },
} as const satisfies SharedSchema;
