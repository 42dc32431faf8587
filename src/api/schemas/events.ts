// Events as stored and answered, as sent, and as the console's detail view renders them; endpoints
// seen in events. Events are open: every field a sender sends is kept, so every schema here allows
// fields it does not list.
import type { SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time', description: 'ISO-8601 UTC with milliseconds.' } as const;

export const EVENT = {
  $id: 'Event',
  type: 'object',
  description: 'An event in the Symantec EDR event schema (type_id 8001 process, 8007 network, SEP detections…). '
    + 'The fields listed are the ones Vigil reads; any other field is kept exactly as the sender sent it.',
  required: ['event_uuid', 'type_id', 'device_time', 'log_time'],
  additionalProperties: true,
  properties: {
    event_uuid: { type: 'string', description: 'Unique identity; a content hash ("sha256:…") when the sender gave none.' },
    type_id: { type: 'integer', description: 'Event type, e.g. 8001 Process, 8007 Host Network.' },
    device_time: { ...TIME, description: 'When it happened on the endpoint (ISO-8601 UTC with milliseconds).' },
    log_time: { ...TIME, description: 'When it was logged (ISO-8601 UTC with milliseconds).' },
    event_id: { type: 'integer' },
    severity: { type: 'integer', description: "The source's own severity, SEP scale 0–15 (0 most serious)." },
    severity_id: { type: 'integer', description: 'Normalized severity: 1 Info, 2 Warning, 3 Minor, 4 Major, 5 Critical, 6 Fatal.' },
    device_uid: { type: 'string' },
    device_name: { type: 'string' },
    device_ip: { type: 'string' },
    external_ip: { type: 'string' },
    external_port: { type: 'integer' },
    internal_ip: { type: 'string' },
    internal_port: { type: 'integer' },
    network_protocol: { type: 'integer', description: '1 Other, 2 TCP, 3 UDP, 4 ICMP.' },
    traffic_direction: { type: 'integer', description: '0 Unknown, 1 Inbound, 2 Outbound.' },
    signature_id: { type: 'integer' },
    signature_name: { type: 'string' },
    symc_device_action: { type: 'integer', description: '0 Unknown, 1 Blocked, 2 Detected, 3 Allowed.' },
    description: { type: 'string' },
    mitre: { type: 'object', additionalProperties: true, properties: { tactic: { type: 'string' }, tactic_uid: { type: 'string' }, technique_id: { type: 'string' }, technique_name: { type: 'string' } } },
    incident: { type: 'string', description: 'The uuid of the incident the event belongs to.' },
    event_source: { type: 'integer', description: "The sender's value: 1 triggered the incident, 2 process lineage, 3 likely related." },
  },
} as const satisfies SharedSchema;

export const EVENT_DISPLAY = {
  $id: 'EventDisplay',
  type: 'object',
  description: 'An event as the EDR console\'s detail view shows it (`view=display`): fields sorted, sub-objects flattened '
    + 'to dotted names ("mitre.tactic"), coded fields as "2: TCP", times as "2021-06-08 20:08:00 UTC".',
  additionalProperties: true,
} as const satisfies SharedSchema;

export const INCOMING_EVENT = {
  $id: 'IncomingEvent',
  type: 'object',
  description: 'An event as a sender sends it (docs/INGEST.md): times as ISO-8601, "2021-06-08 20:08:00 UTC" or epoch; '
    + 'coded fields as codes, "code: label" or labels; `event_uuid` optional. Every field is kept.',
  required: ['type_id', 'device_time'],
  additionalProperties: true,
  properties: {
    event_uuid: { type: 'string' },
    type_id: { type: ['integer', 'string'] },
    device_time: { type: ['string', 'number'] },
  },
} as const satisfies SharedSchema;

export const ENDPOINT = {
  $id: 'Endpoint',
  type: 'object',
  description: 'An endpoint seen in events.',
  required: ['device_uid', 'first_seen', 'last_seen', 'event_count'],
  properties: {
    device_uid: { type: 'string' },
    device_name: { type: 'string' },
    device_ip: { type: 'string' },
    first_seen: TIME,
    last_seen: TIME,
    event_count: { type: 'integer' },
  },
} as const satisfies SharedSchema;

export const INGEST_OUTCOME = {
  $id: 'IngestOutcome',
  type: 'object',
  description: 'What became of a batch: the accepted events are committed.',
  required: ['accepted', 'duplicates', 'rejected', 'incidents'],
  properties: {
    accepted: { type: 'integer' },
    duplicates: { type: 'integer', description: 'Events whose event_uuid was already stored or repeated in the batch.' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'path', 'reason'],
        properties: {
          index: { type: 'integer', description: 'Position in the batch.' },
          line: { type: 'integer', description: 'NDJSON and ?format= only.' },
          column: { type: 'integer', description: 'NDJSON and ?format= only.' },
          path: { type: 'string', description: 'JSON path of the bad field, e.g. "$.network_protocol".' },
          reason: { type: 'string' },
        },
      },
    },
    incidents: {
      type: 'object',
      required: ['created', 'updated'],
      properties: { created: { type: 'array', items: { type: 'string' } }, updated: { type: 'array', items: { type: 'string' } } },
    },
    dead_lettered: { type: 'integer', description: '?format= only: the rejected lines kept in the dead letters (docs/CONNECTORS.md).' },
  },
} as const satisfies SharedSchema;
