// Incidents in their two shapes (native with Vigil's additions, /atpapi with exactly the Symantec
// EDR fields), the native detail view, changes and comments.
import { MAX_COMMENT_LENGTH } from '../incident-changes.ts';
import { EVENT } from './events.ts';
import { orNull, ref, type SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;

/** The fields both shapes share: Symantec EDR's incident. */
const EDR_INCIDENT_FIELDS = {
  atp_incident_id: { type: 'integer', description: 'Sequential from 100000.' },
  uuid: { type: 'string' },
  priority_level: { type: 'integer', description: '1 LOW, 2 MEDIUM, 3 HIGH.' },
  state: { type: 'integer', description: '1 Open, 2 Waiting, 3 In-Progress, 4 Closed.' },
  resolution: { type: 'integer', description: '0 INSUFFICIENT_DATA, 1 SECURITY_RISK, 2 FALSE_POSITIVE, 3 MANAGED_EXTERNALLY, 4 NOT_SET, 5 BENIGN, 6 TEST.' },
  rule_name: { type: 'string' },
  atp_rule_id: { type: 'string' },
  detection_type: { type: 'string' },
  summary: { type: 'string' },
  recommended_action: { type: 'string' },
  log_name: { type: 'string' },
  device_time: { ...TIME, description: 'Equals `time`.' },
  time: { ...TIME, description: 'Creation time.' },
  updated: TIME,
  first_event_seen: TIME,
  last_event_seen: TIME,
  event_count: { type: 'integer' },
  deviceUid: { type: 'array', items: { type: 'string' }, description: 'Device uids of the affected endpoints.' },
} as const;

const EDR_INCIDENT_REQUIRED = Object.keys(EDR_INCIDENT_FIELDS);

export const INCIDENT = {
  $id: 'Incident',
  type: 'object',
  description: "An incident: Symantec EDR's fields and Vigil's additions.",
  required: [...EDR_INCIDENT_REQUIRED, 'description', 'grouping_key'],
  additionalProperties: true,
  properties: {
    ...EDR_INCIDENT_FIELDS,
    description: { type: 'string' },
    grouping_key: { type: 'string', description: 'Alerts with the same key join the same open incident.' },
    attack: {
      type: 'object',
      properties: { tactic_uid: { type: 'string' }, tactic_name: { type: 'string' }, technique_uid: { type: 'string' }, technique_name: { type: 'string' } },
    },
    remote: { type: 'object', description: 'The remote party of a network detection.', properties: { ip: { type: 'string' }, port: { type: 'integer' }, domain: { type: 'string' } } },
    traffic_direction: { type: 'integer' },
    signature_id: { type: 'integer' },
    signature_name: { type: 'string' },
    assignee: orNull({ type: 'string' }),
  },
} as const satisfies SharedSchema;

export const ATP_INCIDENT = {
  $id: 'AtpIncident',
  type: 'object',
  description: 'An incident with exactly the Symantec EDR fields; Vigil\'s additions are in /api/v1 only.',
  required: EDR_INCIDENT_REQUIRED,
  additionalProperties: false,
  properties: EDR_INCIDENT_FIELDS,
} as const satisfies SharedSchema;

export const INCIDENT_DETAIL = {
  $id: 'IncidentDetail',
  description: 'An incident with what an analyst needs to decide on it.',
  allOf: [
    ref(INCIDENT),
    {
      type: 'object',
      required: ['endpoints', 'explanation', 'attribution', 'events', 'events_total'],
      properties: {
        endpoints: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              device_uid: { type: 'string' }, device_ip: { type: 'string' }, device_name: { type: 'string' },
              event_count: { type: 'integer' }, first_seen: TIME, last_seen: TIME,
            },
          },
        },
        explanation: { type: 'string', description: 'Plain words: what was detected, where, and what to decide.' },
        attribution: {
          type: 'array',
          description: 'Groups and software of the imported ATT&CK catalog that use the incident\'s technique and that the detection names '
            + '(SEP\'s "Trojan.Trickybot" names TrickBot, S0266). A hint, not a verdict; empty without an imported catalog.',
          items: {
            type: 'object',
            required: ['id', 'name', 'kind', 'technique'],
            properties: {
              id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['group', 'malware', 'tool'] },
              url: { type: 'string' }, technique: { type: 'string' },
            },
          },
        },
        events: { type: 'array', items: ref(EVENT), description: 'The first 100 events, oldest first.' },
        events_total: { type: 'integer' },
      },
    },
  ],
} as const satisfies SharedSchema;

const CODE_OR_LABEL = { type: ['integer', 'string'] } as const;

export const INCIDENT_CHANGE = {
  $id: 'IncidentChange',
  type: 'object',
  description: 'At least one field. A resolution applies to a closed incident: send `"state": 4` with it.',
  properties: {
    state: { ...CODE_OR_LABEL, description: 'Code 1–4 or label (open, waiting, in-progress, closed).' },
    resolution: { ...CODE_OR_LABEL, description: 'Code 0–6 or label (e.g. FALSE_POSITIVE).' },
    assignee: { ...orNull({ type: 'string' }), description: 'A username, or null to unassign.' },
  },
} as const satisfies SharedSchema;

export const COMMENT = {
  $id: 'Comment',
  type: 'object',
  required: ['comment', 'time', 'user_id', 'incident_responder_name'],
  properties: {
    comment: { type: 'string', maxLength: MAX_COMMENT_LENGTH },
    time: TIME,
    user_id: { type: 'integer' },
    incident_responder_name: { type: 'string' },
  },
} as const satisfies SharedSchema;

export const INCIDENT_PATCH_OPS = {
  $id: 'AtpIncidentPatch',
  type: 'array',
  minItems: 1,
  description: 'JSON-Patch-like ops, several per request and per incident; all are checked before any is applied.',
  items: {
    type: 'object',
    required: ['op', 'path', 'value'],
    properties: {
      op: { type: 'string', enum: ['replace', 'add'], description: '"replace" for state and resolution, "add" for comments.' },
      path: { type: 'string', pattern: '^/[^/]+/(state|resolution|comments)$', examples: ['/9d6f2100-7158-11ed-da26-000000000001/state'] },
      value: { description: `A state or resolution code, or the comment text (at most ${MAX_COMMENT_LENGTH} characters).` },
    },
  },
} as const satisfies SharedSchema;
