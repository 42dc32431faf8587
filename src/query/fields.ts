// What the query language knows about fields: their kind decides how a value is read (a label of
// an enum, a time span, a CIDR network, …). Fields not listed are still searchable; their values
// are then compared by shape (see docs/QUERY.md).
import {
  EVENT_SOURCE, INCIDENT_STATE, NETWORK_PROTOCOL, PRIORITY_LEVEL, RESOLUTION, SEP_EVENT_ID, SEP_SEVERITY, SEVERITY_ID,
  SYMC_DEVICE_ACTION, TRAFFIC_DIRECTION, TYPE_ID, type Catalog,
} from '../model/index.ts';

export type FieldKind =
  | { kind: 'text' }
  | { kind: 'integer' }
  | { kind: 'time' }
  | { kind: 'ip' }
  | { kind: 'boolean' }
  | { kind: 'enum'; catalog: Catalog }
  | { kind: 'unknown' };

export interface QuerySchema {
  kindOf(path: string): FieldKind;
  /** The fields a bare term (no `field:`) searches, each as a case-insensitive substring. */
  readonly freeTextFields: readonly string[];
}

export interface QuerySchemaSpec {
  fields: Readonly<Record<string, FieldKind>>;
  /** Kinds for fields not listed, by the end of their path (`_ip`, `_port`). */
  suffixes?: Readonly<Record<string, FieldKind>>;
  freeTextFields: readonly string[];
}

const TEXT: FieldKind = { kind: 'text' };
const INTEGER: FieldKind = { kind: 'integer' };
const TIME: FieldKind = { kind: 'time' };
const IP: FieldKind = { kind: 'ip' };
const BOOLEAN: FieldKind = { kind: 'boolean' };
const UNKNOWN: FieldKind = { kind: 'unknown' };
const enumOf = (catalog: Catalog): FieldKind => ({ kind: 'enum', catalog });

export function defineQuerySchema(spec: QuerySchemaSpec): QuerySchema {
  const suffixes = Object.entries(spec.suffixes ?? {});
  return {
    kindOf(path) {
      if (Object.hasOwn(spec.fields, path)) return spec.fields[path];
      return suffixes.find(([suffix]) => path.endsWith(suffix))?.[1] ?? UNKNOWN;
    },
    freeTextFields: spec.freeTextFields,
  };
}

const ADDRESS_SUFFIXES = { _ip: IP, _ipv6: IP, _port: INTEGER };

/** Events: the Symantec EDR event schema (reference §5). */
export const EVENT_QUERY_SCHEMA = defineQuerySchema({
  fields: {
    type_id: enumOf(TYPE_ID),
    event_id: enumOf(SEP_EVENT_ID),
    severity: enumOf(SEP_SEVERITY),
    severity_id: enumOf(SEVERITY_ID),
    network_protocol: enumOf(NETWORK_PROTOCOL),
    traffic_direction: enumOf(TRAFFIC_DIRECTION),
    symc_device_action: enumOf(SYMC_DEVICE_ACTION),
    event_source: enumOf(EVENT_SOURCE),
    device_time: TIME,
    device_end_time: TIME,
    log_time: TIME,
    time: TIME,
    signature_id: INTEGER,
    sid: INTEGER,
    count: INTEGER,
    status_id: INTEGER,
    category_id: INTEGER,
    operation: INTEGER,
    timezone: INTEGER,
    'event_actor.pid': INTEGER,
    'process.pid': INTEGER,
    infected: BOOLEAN,
    on_premises: BOOLEAN,
    sep_installed: BOOLEAN,
    event_uuid: TEXT,
    uuid: TEXT,
    incident: TEXT,
    device_uid: TEXT,
    device_name: TEXT,
    signature_name: TEXT,
    description: TEXT,
    app_name: TEXT,
    categories: TEXT,
    'file.name': TEXT,
    'file.sha2': TEXT,
    'file.md5': TEXT,
    'event_actor.file.name': TEXT,
    'process.file.name': TEXT,
    'mitre.tactic': TEXT,
    'mitre.technique_id': TEXT,
    'mitre.technique_name': TEXT,
    user_name: TEXT,
  },
  suffixes: ADDRESS_SUFFIXES,
  freeTextFields: [
    'description', 'signature_name', 'device_name', 'device_ip', 'external_ip', 'app_name',
    'file.name', 'event_actor.file.name', 'process.file.name', 'user_name',
  ],
});

/** Incidents (reference §4) with Vigil's additions (event_count, deviceUid, remote, attack). */
export const INCIDENT_QUERY_SCHEMA = defineQuerySchema({
  fields: {
    atp_incident_id: INTEGER,
    event_count: INTEGER,
    signature_id: INTEGER,
    'remote.port': INTEGER,
    priority_level: enumOf(PRIORITY_LEVEL),
    state: enumOf(INCIDENT_STATE),
    resolution: enumOf(RESOLUTION),
    traffic_direction: enumOf(TRAFFIC_DIRECTION),
    time: TIME,
    updated: TIME,
    first_event_seen: TIME,
    last_event_seen: TIME,
    device_time: TIME,
    'remote.ip': IP,
    uuid: TEXT,
    rule_name: TEXT,
    atp_rule_id: TEXT,
    detection_type: TEXT,
    description: TEXT,
    summary: TEXT,
    recommended_action: TEXT,
    deviceUid: TEXT,
    signature_name: TEXT,
    grouping_key: TEXT,
    assignee: TEXT,
    'remote.domain': TEXT,
    'attack.tactic_name': TEXT,
    'attack.tactic_uid': TEXT,
    'attack.technique_name': TEXT,
    'attack.technique_uid': TEXT,
  },
  suffixes: ADDRESS_SUFFIXES,
  freeTextFields: ['description', 'summary', 'rule_name', 'signature_name', 'deviceUid', 'remote.ip', 'remote.domain'],
});

/** Audit events and system activities (reference §5.4): the server's own records. */
export const ACTIVITY_QUERY_SCHEMA = defineQuerySchema({
  fields: {
    type_id: INTEGER,
    id: INTEGER,
    status_id: INTEGER,
    severity_id: INTEGER,
    category_id: INTEGER,
    atp_node_role: INTEGER,
    'process.pid': INTEGER,
    device_time: TIME,
    device_end_time: TIME,
    log_time: TIME,
    uuid: TEXT,
    feature_name: TEXT,
    message: TEXT,
    status_detail: TEXT,
    user_name: TEXT,
    user_uid: TEXT,
    log_name: TEXT,
    device_uid: TEXT,
    device_name: TEXT,
    'entity_result.type': TEXT,
    'entity_result.uid': TEXT,
    'entity_result.name': TEXT,
  },
  suffixes: ADDRESS_SUFFIXES,
  freeTextFields: ['message', 'feature_name', 'user_name'],
});
