// The fields of the canonical event that Vigil normalizes, and how. Every other field is kept
// exactly as sent.
import {
  CODED_FIELDS, NETWORK_PROTOCOL, SEP_EVENT_ID, SEP_SEVERITY, SEVERITY_ID, SYMC_DEVICE_ACTION, TRAFFIC_DIRECTION, TYPE_ID, type Catalog,
} from '../model/index.ts';
import { jsonPath } from './error-text.ts';
import {
  codedConverter, toBoolean, toCount, toDeviceName, toDeviceUid, toIpAddress, toPort, toPortUnlessList, toStringList, toTime, type Converter,
} from './field-values.ts';

type CodedField = (typeof CODED_FIELDS)[number];

/** `severity` is the source's SEP scale (3 = Critical); `severity_id` the normalized one (5 = Critical). */
export const CODED_FIELD_CATALOGS: Readonly<Record<CodedField, Catalog>> = {
  type_id: TYPE_ID,
  event_id: SEP_EVENT_ID,
  severity: SEP_SEVERITY,
  severity_id: SEVERITY_ID,
  network_protocol: NETWORK_PROTOCOL,
  traffic_direction: TRAFFIC_DIRECTION,
  symc_device_action: SYMC_DEVICE_ACTION,
};

export const TIME_FIELDS = ['device_time', 'log_time', 'time', 'device_end_time'] as const;

const SCALAR_PORT_FIELDS = ['external_port', 'internal_port', 'local_port', 'remote_port'];
/** Lists in Network Events (8007), scalars elsewhere. */
const PORT_LIST_FIELDS = ['source_port', 'target_port'];
export const PORT_FIELDS = [...SCALAR_PORT_FIELDS, ...PORT_LIST_FIELDS];

const IP_FIELDS = ['device_ip', 'external_ip', 'internal_ip', 'source_ip', 'target_ip'];

export const LIST_FIELDS = ['categories'];

export interface FieldRule {
  /** The sub-object holding the field, as for event_actor.pid; undefined for a top-level field. */
  parent?: string;
  field: string;
  path: string;
  convert: Converter;
}

/** Rules for fields named "field" or "parent.field". */
function rules(names: readonly string[], convert: Converter): FieldRule[] {
  return names.map((name) => {
    const keys = name.split('.');
    return keys.length === 1 ? { field: name, path: jsonPath(keys), convert } : { parent: keys[0], field: keys[1], path: jsonPath(keys), convert };
  });
}

/** How each normalized field is converted; event_uuid is handled apart, since its default is a hash. */
export const FIELD_RULES: readonly FieldRule[] = [
  ...Object.entries(CODED_FIELD_CATALOGS).flatMap(([field, catalog]) => rules([field], codedConverter(catalog))),
  ...rules(TIME_FIELDS, toTime),
  ...rules(SCALAR_PORT_FIELDS, toPort),
  ...rules(PORT_LIST_FIELDS, toPortUnlessList),
  ...rules(IP_FIELDS, toIpAddress),
  ...rules(['device_uid'], toDeviceUid),
  ...rules(['device_name'], toDeviceName),
  // source_event_source: a sender's event_source (1 triggered the incident, 2 lineage, 3 related).
  ...rules(['signature_id', 'sid', 'source_event_source', 'event_actor.pid', 'process.pid'], toCount),
  ...rules(['infected', 'on_premises'], toBoolean),
  ...rules(LIST_FIELDS, toStringList),
];
