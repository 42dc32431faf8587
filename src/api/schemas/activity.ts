// The audit log and the system activity log, natively and in Symantec EDR's /atpapi shapes, and the
// appliance list.
import { ref, type SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;

export const AUDIT_EVENT = {
  $id: 'AuditEvent',
  type: 'object',
  description: 'An audit log entry: type_id 20 sessions (id 1 Logon, 2 Logoff) or 21 entities (1 Create, 2 Update, 3 Delete).',
  required: ['uuid', 'type_id', 'id', 'feature_name', 'message', 'user_name', 'user_uid', 'user_agent_ip', 'status_id', 'status_detail', 'device_time', 'log_time'],
  additionalProperties: true,
  properties: {
    uuid: { type: 'string' },
    type_id: { type: 'integer', enum: [20, 21] },
    id: { type: 'integer' },
    feature_name: { type: 'string', examples: ['Incident'] },
    message: { type: 'string', examples: ['Incident Closed Successfully.'] },
    user_name: { type: 'string' },
    user_uid: { type: 'string' },
    user_agent_ip: { type: 'string' },
    status_id: { type: 'integer', description: '1 Success, 2 Failure.' },
    status_detail: { type: 'string' },
    device_time: TIME,
    log_time: TIME,
    entity_result: {
      type: 'object',
      additionalProperties: true,
      properties: { type: { type: 'string' }, uid: { type: 'string' }, name: { type: 'string' }, data: {} },
    },
  },
} as const satisfies SharedSchema;

/** The appliance's constant fields that /atpapi adds to its log records. */
const APPLIANCE_FIELDS = {
  device_uid: { type: 'string', description: 'The appliance id.' },
  device_name: { type: 'string', description: 'The host name.' },
  device_ip: { type: 'string' },
  atp_node_role: { type: 'integer', description: '5, an all-in-one appliance.' },
  timezone: { type: 'integer' },
  product_name: { type: 'string' },
  log_name: { type: 'string' },
} as const;

export const ATP_AUDIT_EVENT = {
  $id: 'AtpAuditEvent',
  description: "An audit log entry in Symantec EDR's shape: the native fields and the appliance's constant fields.",
  allOf: [
    ref(AUDIT_EVENT),
    {
      type: 'object',
      properties: {
        ...APPLIANCE_FIELDS,
        category_id: { type: 'integer' },
        count: { type: 'integer' },
        severity_id: { type: 'integer' },
        device_cap: { type: 'string' },
        product_ver: { type: 'string' },
        device_end_time: TIME,
      },
    },
  ],
} as const satisfies SharedSchema;

export const ATP_SYSTEM_ACTIVITY = {
  $id: 'AtpSystemActivity',
  type: 'object',
  description: 'What the server itself did, such as starting (type_id 1 Application Activity).',
  required: ['uuid', 'type_id', 'feature_name', 'message', 'status_id', 'device_time', 'log_time', 'product_ver'],
  additionalProperties: true,
  properties: {
    uuid: { type: 'string' },
    type_id: { type: 'integer' },
    feature_name: { type: 'string' },
    message: { type: 'string' },
    status_id: { type: 'integer', description: '1 Success, 2 Failure.' },
    device_time: TIME,
    log_time: TIME,
    product_ver: { type: 'string', description: 'The Vigil version that recorded it.' },
    process: { type: 'object', properties: { pid: { type: 'integer' } } },
    severity_id: { type: 'integer' },
    ...APPLIANCE_FIELDS,
  },
} as const satisfies SharedSchema;

export const APPLIANCE_LIST = {
  $id: 'ApplianceList',
  type: 'object',
  description: 'The ATP v1 appliance list, which clients use as a connectivity test.',
  required: ['appliance_list'],
  properties: {
    appliance_list: {
      type: 'array',
      items: {
        type: 'object',
        required: ['appliance_id', 'appliance_name', 'software_version', 'appliance_time', 'role'],
        properties: {
          appliance_id: { type: 'string', description: 'Made on first use and kept in the database.' },
          appliance_name: { type: 'string' },
          software_version: { type: 'string' },
          appliance_time: TIME,
          role: { type: 'string', examples: ['endpoint, network scanner, management'] },
        },
      },
    },
  },
} as const satisfies SharedSchema;
