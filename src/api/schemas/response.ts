// Deny/allow list entries and commands to endpoints, natively and in Symantec EDR's /atpapi shapes.
import { POLICY_TARGET_TYPES } from '../../model/index.ts';
import { type SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;
const TARGET_TYPE = { type: 'string', enum: [...POLICY_TARGET_TYPES] } as const;

export const ATP_POLICY = {
  $id: 'AtpPolicy',
  type: 'object',
  description: 'A deny or allow list entry as Symantec EDR lists it: `comment` only when there is one.',
  required: ['id', 'target_type', 'target_value'],
  properties: {
    id: { type: 'string', description: 'A string, although it counts up.', examples: ['5'] },
    target_type: TARGET_TYPE,
    target_value: { type: 'string', examples: ['https://facebook.com'] },
    comment: { type: 'string' },
  },
} as const satisfies SharedSchema;

export const POLICY = {
  $id: 'Policy',
  type: 'object',
  description: 'A deny or allow list entry with who added it and when.',
  required: ['id', 'list', 'target_type', 'target_value', 'created', 'created_by'],
  properties: {
    ...ATP_POLICY.properties,
    list: { type: 'string', enum: ['deny', 'allow'] },
    created: TIME,
    created_by: { type: 'string' },
  },
} as const satisfies SharedSchema;

export const NEW_POLICY = {
  $id: 'NewPolicy',
  type: 'object',
  description: 'An entry to add. ip: an IPv4/IPv6 address; domain: a host name; url: an absolute http(s)/ftp URL; '
    + 'sha256: 64 hex characters; incident_trigger_sig_id (deprecated): a signature id. Comment at most 1024 characters.',
  required: ['target_type', 'target_value'],
  properties: { target_type: TARGET_TYPE, target_value: { type: 'string' }, comment: { type: 'string', maxLength: 1024 } },
} as const satisfies SharedSchema;

export const POLICY_IDS = {
  $id: 'PolicyIds',
  type: 'object',
  description: 'The id of each entry, in the order sent (an entry already listed keeps its id).',
  required: ['ids'],
  properties: { ids: { type: 'array', items: { type: 'string' } } },
} as const satisfies SharedSchema;

export const COMMAND_REQUEST = {
  $id: 'CommandRequest',
  type: 'object',
  description: 'isolate_endpoint and rejoin_endpoint take device_uids, delete_endpoint_file {device_uid, hash (sha256)} objects, '
    + 'cancel_command command_ids; at most 1000 targets.',
  required: ['action', 'targets'],
  properties: {
    action: { type: 'string', enum: ['isolate_endpoint', 'rejoin_endpoint', 'delete_endpoint_file', 'cancel_command'] },
    targets: {
      type: 'array',
      minItems: 1,
      items: { anyOf: [{ type: 'string' }, { type: 'object', required: ['device_uid', 'hash'], properties: { device_uid: { type: 'string' }, hash: { type: 'string' } } }] },
    },
  },
} as const satisfies SharedSchema;

export const COMMAND_SUBMISSION = {
  $id: 'CommandSubmission',
  type: 'object',
  description: 'error_code: 0 requested; for cancel_command -1 not found, 1 not supported for the target command type, '
    + '2 target already in a terminal state, 3 a cancel already in progress (command_id then names the target).',
  required: ['message', 'command_id', 'error_code'],
  properties: {
    message: { type: 'string', examples: ['Command isolate_endpoint successfully requested'] },
    command_id: { type: 'string', pattern: '^[0-9a-f]{32}-\\d{4}-\\d{2}-\\d{2}$', examples: ['dae84e936b2244b79dc0748d086fd7b0-2023-01-21'] },
    error_code: { type: 'integer', enum: [-1, 0, 1, 2, 3] },
  },
} as const satisfies SharedSchema;

const COMMAND_STATE = { type: 'string', enum: ['completed', 'initializing', 'in_progress', 'error', 'cancel_requested', 'cancelled'] } as const;
const TARGET_STATUS_PROPERTIES = {
  target: { type: 'string', description: 'A device_uid, or for cancel_command the command_id it cancels.' },
  state: { type: 'integer', description: '0 Completed, 1 In progress, 2 Error, 3 Cancelled, 4 Cancel requested.' },
  error_code: { type: 'integer', description: '-1 Error, 1 In progress (waiting for delivery), 0 done.' },
  message: { type: 'string' },
} as const;

export const COMMAND_STATUS = {
  $id: 'CommandStatus',
  type: 'object',
  description: 'A command\'s status as Symantec EDR answers it. Vigil does not deliver commands yet: a target waits in state 1.',
  required: ['state', 'status', 'command_issuer_name', 'next', 'total'],
  properties: {
    state: COMMAND_STATE,
    status: { type: 'array', items: { type: 'object', required: ['target', 'state', 'error_code', 'message'], properties: TARGET_STATUS_PROPERTIES } },
    command_issuer_name: { type: 'string' },
    next: { type: ['string', 'null'] },
    total: { type: 'integer' },
  },
} as const satisfies SharedSchema;

export const COMMAND = {
  $id: 'Command',
  type: 'object',
  description: 'A command with the state of each target.',
  required: ['command_id', 'action', 'issuer_name', 'created', 'updated', 'state', 'targets'],
  properties: {
    command_id: COMMAND_SUBMISSION.properties.command_id,
    action: COMMAND_REQUEST.properties.action,
    issuer_name: { type: 'string' },
    created: TIME,
    updated: TIME,
    state: COMMAND_STATE,
    targets: {
      type: 'array',
      items: { type: 'object', required: ['target', 'state', 'error_code', 'message'], properties: { ...TARGET_STATUS_PROPERTIES, hash: { type: 'string' } } },
    },
  },
} as const satisfies SharedSchema;
