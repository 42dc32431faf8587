// A Suricata `alert` as the intrusion detection a SEP IPS event is (the seed's shape): type_id 4124,
// event_id 206, the rule's signature id and message, severity on SEP's scale, the endpoint and the
// remote party by the rules in network-event.ts, and ATT&CK from the rule's metadata when it has it.
import { ownValue, type JsonObject } from '../json-object.ts';
import {
  detectionSideFields, ENDPOINT_DETECTION, INTRUSION_DETECTED, numberAt, objectAt, put, roleOfAddress, textAt, type Fields, type Peer, type Role, type Sides,
} from './network-event.ts';

/**
 * Suricata severity (1 high … 3 low; 4 and up are rare and informational) on SEP's scale (the least
 * serious code of each band, as "Critical" reads) and as severity_id.
 */
const SEVERITY_BY_PRIORITY: Readonly<Record<number, { severity: number; severity_id: number }>> = {
  1: { severity: 3, severity_id: 5 },
  2: { severity: 7, severity_id: 4 },
  3: { severity: 11, severity_id: 3 },
};
const INFORMATIONAL = { severity: 15, severity_id: 1 };

function severityOf(alert: JsonObject): Fields {
  const priority = numberAt(alert, 'severity');
  if (priority === undefined || !Number.isInteger(priority) || priority < 1) return {};
  return { ...(SEVERITY_BY_PRIORITY[priority] ?? INFORMATIONAL) };
}

const BLOCKED = 1;
const DETECTED = 2;

/** Suricata's action: "allowed" means it only alerted (SEP's Detected); "blocked" means the IPS dropped the traffic. */
function deviceActionOf(alert: JsonObject): number | undefined {
  const action = textAt(alert, 'action');
  if (action === 'blocked') return BLOCKED;
  return action === 'allowed' ? DETECTED : undefined;
}

function firstText(metadata: JsonObject | undefined, key: string): string | undefined {
  const values = metadata === undefined ? undefined : ownValue(metadata, key);
  const first: unknown = Array.isArray(values) ? values[0] : values;
  return typeof first === 'string' && first !== '' ? first.replaceAll('_', ' ') : undefined;
}

/** ET rules name their ATT&CK technique in metadata (mitre_technique_id: ["T1071"], …). */
function mitreOf(alert: JsonObject): Fields | undefined {
  const metadata = objectAt(alert, 'metadata');
  const techniqueId = firstText(metadata, 'mitre_technique_id');
  if (techniqueId === undefined) return undefined;
  const mitre: Fields = { technique_id: techniqueId };
  put(mitre, 'technique_name', firstText(metadata, 'mitre_technique_name'));
  put(mitre, 'tactic_uid', firstText(metadata, 'mitre_tactic_id'));
  put(mitre, 'tactic', firstText(metadata, 'mitre_tactic_name'));
  return mitre;
}

/** The rule's `target` keyword names the attacked side (alert.target.ip): that side is the endpoint. */
export function namedEndpoint(alert: JsonObject, client: Peer, server: Peer): Role | undefined {
  return roleOfAddress(textAt(objectAt(alert, 'target'), 'ip'), client, server);
}

/** The URL the alert's HTTP transaction asked for, as SEP's intrusion_url. */
function intrusionUrl(record: JsonObject): string | undefined {
  const http = objectAt(record, 'http');
  const host = textAt(http, 'hostname');
  return host === undefined ? undefined : `${host}${textAt(http, 'url') ?? ''}`;
}

export function alertFields(record: JsonObject, alert: JsonObject, sides: Sides): Fields {
  const signatureId = numberAt(alert, 'signature_id');
  const fields: Fields = { type_id: ENDPOINT_DETECTION, event_id: INTRUSION_DETECTED };
  if (signatureId !== undefined && Number.isSafeInteger(signatureId) && signatureId >= 0) {
    fields.signature_id = signatureId;
    fields.sid = signatureId;
  }
  put(fields, 'signature_name', textAt(alert, 'signature'));
  const category = textAt(alert, 'category');
  if (category !== undefined) fields.categories = [category];
  Object.assign(fields, severityOf(alert), detectionSideFields(sides));
  put(fields, 'symc_device_action', deviceActionOf(alert));
  put(fields, 'intrusion_url', intrusionUrl(record));
  put(fields, 'mitre', mitreOf(alert));
  return fields;
}
