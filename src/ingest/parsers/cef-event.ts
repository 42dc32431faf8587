// The canonical event of a CEF or LEEF record. Both formats name the same things (addresses, ports,
// users, times, files) with their own keys: each format's table turns its keys into the roles
// below, and this file maps the roles to canonical fields, so that the two formats agree.
import { isIP } from 'node:net';
import { setOwnValue } from '../json-object.ts';
import {
  chooseSides, connectionFields, detectionSideFields, ENDPOINT_DETECTION, INTRUSION_DETECTED, NETWORK_EVENT, networkSideFields, portOf, protocolCode, put,
  type Fields, type Peer, type Role, type Sides,
} from './network-event.ts';

export type FieldRole =
  | 'sourceIp' | 'targetIp' | 'sourcePort' | 'targetPort' | 'protocol' | 'action' | 'direction'
  | 'startTime' | 'endTime' | 'receiptTime' | 'sourceHost' | 'targetHost' | 'sourceUser' | 'targetUser'
  | 'sourceMac' | 'targetMac' | 'sourceProcess' | 'targetProcess' | 'sourcePid' | 'targetPid'
  | 'category' | 'message' | 'url' | 'userAgent' | 'httpMethod' | 'fileName' | 'filePath' | 'fileHash' | 'fileSize'
  | 'count' | 'deviceIp' | 'deviceHost' | 'sourceBytes' | 'targetBytes'
  /** A user not tied to either side (LEEF's usrName). */
  | 'user';

/**
 * The fields a record keeps as sent, under the format's name. A name already taken (a repeated key,
 * or an extension named like a header field) gets the next free "#2", "#3"…, so nothing is overwritten.
 */
export class KeptFields {
  readonly fields: Fields = {};
  private readonly repeats = new Map<string, number>();

  constructor(initial: Fields = {}) {
    for (const [key, value] of Object.entries(initial)) this.add(key, value);
  }

  add(key: string, value: unknown): void {
    let name = key;
    if (Object.hasOwn(this.fields, key)) {
      let repeat = this.repeats.get(key) ?? 1;
      do {
        repeat += 1;
        name = `${key}#${repeat}`;
      } while (Object.hasOwn(this.fields, name));
      this.repeats.set(key, repeat);
    }
    setOwnValue(this.fields, name, value);
  }
}

const FILE_EVENTS = 8003;
const MONITORED_SOURCE_EVENTS = 8015;

/** A record as a format read it: the header, and its key/value fields sorted into roles and the rest. */
export interface KeyValueRecord {
  /** `cef` or `leef`: the name of the sub-object that keeps what is not mapped. */
  format: string;
  vendor: string;
  product: string;
  version: string;
  /** CEF's Device Event Class ID (its signature id), LEEF's EventID. */
  eventClass: string;
  /** CEF's Name; LEEF has none. */
  name?: string;
  /** The record's severity as written (0–10), if any. */
  severity?: string;
  /** The format's key and value for each role it sent. */
  roles: Map<FieldRole, { key: string; value: string }>;
  /** Every field that is not mapped, under its own key. */
  kept: KeptFields;
  /** Reads one of the record's times; undefined when it cannot. */
  readTime(text: string): string | undefined;
  receivedAt: string;
}

/** CEF severity 0–10 to severity_id: the inverse of ICD's severity_id → CEF table (1→1, 2→3, 3→6, 4→8, 5→9, 6→10). */
export function severityIdOfCef(severity: string | undefined): number | undefined {
  const text = severity?.trim().toLowerCase();
  if (text === undefined || text === '') return undefined;
  const byLabel: Record<string, number> = { unknown: 0, low: 2, medium: 3, high: 4, 'very-high': 5, 'very high': 5 };
  if (Object.hasOwn(byLabel, text)) return byLabel[text];
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const level = Number(text);
  if (level > 10) return undefined;
  if (level <= 1) return 1;
  if (level <= 3) return 2;
  if (level <= 6) return 3;
  if (level <= 8) return 4;
  return level === 9 ? 5 : 6;
}

/** A sender that says it is an intrusion detection or prevention system, in its product name or event category. */
const INTRUSION_SYSTEM = /\b(?:ids|ips|intrusion|snort|suricata)\b/i;
/** A signature id: a whole number, or Snort's gid:sid:rev whose middle part is the signature. */
const SIGNATURE_ID = /^(?:\d{1,10}:)?(\d{1,10})(?::\d{1,10})?$/;

const BLOCKED = /^(?:block(?:ed)?|drop(?:ped)?|den(?:y|ied)|reject(?:ed)?|reset|prevent(?:ed)?|quarantined?)$/i;
const DETECTED_ONLY = /^(?:alert(?:ed)?|allow(?:ed)?|detect(?:ed)?|pass(?:ed)?|permit(?:ted)?|accept(?:ed)?|log(?:ged)?|monitor(?:ed)?)$/i;

function deviceActionOf(action: string | undefined): number | undefined {
  if (action === undefined || action.length > 32) return undefined;
  if (BLOCKED.test(action.trim())) return 1;
  return DETECTED_ONLY.test(action.trim()) ? 2 : undefined;
}

/**
 * Reads the roles. A value that is not what its role needs (an address that is no address), a role
 * read but not mapped (the remote side's user) and a role never read all go back to the kept
 * fields under their own key, so that nothing the sender wrote is lost.
 */
class RoleReader {
  private readonly used = new Set<FieldRole>();
  private readonly kept = new Set<FieldRole>();

  constructor(private readonly record: KeyValueRecord) {}

  text(role: FieldRole): string | undefined {
    const entry = this.record.roles.get(role);
    if (entry === undefined || entry.value === '') return undefined;
    this.used.add(role);
    return entry.value;
  }

  /** The value when `accept` turns it into something, else it is kept as sent. */
  checked<T>(role: FieldRole, accept: (value: string) => T | undefined): T | undefined {
    const value = this.text(role);
    if (value === undefined) return undefined;
    const accepted = accept(value);
    if (accepted === undefined) this.keep(role);
    return accepted;
  }

  ip(role: FieldRole): string | undefined {
    return this.checked(role, (value) => (isIP(value.trim()) ? value.trim() : undefined));
  }

  whole(role: FieldRole): number | undefined {
    return this.checked(role, (value) => (/^\d{1,15}$/.test(value.trim()) ? Number(value) : undefined));
  }

  time(role: FieldRole): string | undefined {
    return this.checked(role, (value) => this.record.readTime(value));
  }

  /** The endpoint's value of a source/target pair; the remote side's is kept as sent. */
  endpointOnly(sourceRole: FieldRole, targetRole: FieldRole, endpointIsSource: boolean): string | undefined {
    this.keep(endpointIsSource ? targetRole : sourceRole);
    return this.text(endpointIsSource ? sourceRole : targetRole);
  }

  keep(role: FieldRole): void {
    const entry = this.record.roles.get(role);
    if (entry === undefined) return;
    if (this.kept.has(role)) return;
    this.used.add(role);
    this.kept.add(role);
    this.record.kept.add(entry.key, entry.value);
  }

  keepUnused(): void {
    for (const role of this.record.roles.keys()) if (!this.used.has(role)) this.keep(role);
  }
}

function namedRole(direction: string | undefined): Role | undefined {
  // CEF deviceDirection: 0 inbound (the destination is the endpoint), 1 outbound (the source is).
  if (direction?.trim() === '0') return 'server';
  return direction?.trim() === '1' ? 'client' : undefined;
}

function fileOf(roles: RoleReader): Fields | undefined {
  const file: Fields = {};
  put(file, 'name', roles.text('fileName'));
  put(file, 'path', roles.text('filePath'));
  const hash = roles.checked('fileHash', (value) => (/^[0-9a-f]{32}$|^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(value.trim()) ? value.trim().toLowerCase() : undefined));
  if (hash !== undefined) file[hash.length === 64 ? 'sha2' : hash.length === 40 ? 'sha1' : 'md5'] = hash;
  put(file, 'size', roles.whole('fileSize'));
  return Object.keys(file).length > 0 ? file : undefined;
}

/** What is the same for every kind of event: product, times, severity, texts, file. */
function commonFields(record: KeyValueRecord, roles: RoleReader): Fields {
  const event: Fields = {};
  event.product_name = `${record.vendor} ${record.product}`.trim();
  put(event, 'product_ver', record.version || undefined);
  event.device_time = roles.time('startTime') ?? roles.time('receiptTime') ?? record.receivedAt;
  put(event, 'device_end_time', roles.time('endTime'));
  put(event, 'severity_id', severityIdOfCef(record.severity));
  put(event, 'message', roles.text('message'));
  put(event, 'user_name', roles.text('user'));
  const category = roles.text('category');
  if (category !== undefined) event.categories = [category];
  put(event, 'actual_action', roles.text('action'));
  put(event, 'count', roles.whole('count'));
  put(event, 'data_source_url', roles.text('url'));
  const http: Fields = {};
  put(http, 'user_agent', roles.text('userAgent'));
  put(http, 'method', roles.text('httpMethod'));
  if (Object.keys(http).length > 0) event.http = http;
  put(event, 'file', fileOf(roles));
  return event;
}

/** The endpoint's host, user, process and pid, and both sides' MACs; the remote side's others are kept. */
function sidedFields(roles: RoleReader, endpointIsSource: boolean): Fields {
  const fields: Fields = {};
  put(fields, 'device_name', roles.endpointOnly('sourceHost', 'targetHost', endpointIsSource));
  put(fields, 'user_name', roles.endpointOnly('sourceUser', 'targetUser', endpointIsSource));
  put(fields, 'app_name', roles.endpointOnly('sourceProcess', 'targetProcess', endpointIsSource));
  roles.keep(endpointIsSource ? 'targetPid' : 'sourcePid');
  const pid = roles.whole(endpointIsSource ? 'sourcePid' : 'targetPid');
  if (pid !== undefined) fields.event_actor = { pid };
  put(fields, 'local_host_mac', roles.text(endpointIsSource ? 'sourceMac' : 'targetMac'));
  put(fields, 'remote_host_mac', roles.text(endpointIsSource ? 'targetMac' : 'sourceMac'));
  return fields;
}

function signatureIdOf(eventClass: string): number | undefined {
  const match = eventClass.length <= 32 ? SIGNATURE_ID.exec(eventClass.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

function isIntrusionDetection(record: KeyValueRecord, roles: RoleReader, client: Peer, server: Peer): boolean {
  if (client.ip === undefined || server.ip === undefined || signatureIdOf(record.eventClass) === undefined) return false;
  return INTRUSION_SYSTEM.test(record.product) || INTRUSION_SYSTEM.test(roles.text('category') ?? '');
}

function detectionFields(record: KeyValueRecord, roles: RoleReader, sides: Sides): Fields {
  const signatureId = signatureIdOf(record.eventClass);
  const fields: Fields = { type_id: ENDPOINT_DETECTION, event_id: INTRUSION_DETECTED, signature_id: signatureId, sid: signatureId };
  put(fields, 'signature_name', record.name || roles.text('message'));
  Object.assign(fields, detectionSideFields(sides));
  put(fields, 'symc_device_action', deviceActionOf(roles.text('action')));
  return fields;
}

function networkFields(record: KeyValueRecord, roles: RoleReader, client: Peer, server: Peer, sides: Sides): Fields {
  const fields: Fields = { type_id: NETWORK_EVENT, ...networkSideFields(client, server, sides) };
  put(fields, 'description', record.name || undefined);
  put(fields, 'connection', connectionFields(undefined, sides, roles.whole('sourceBytes'), roles.whole('targetBytes')));
  return fields;
}

/** An event on the reporting device itself: a file event when it names a file, else a monitored-source event. */
function deviceFields(record: KeyValueRecord, roles: RoleReader, common: Fields): Fields {
  const fields: Fields = { type_id: common.file === undefined ? MONITORED_SOURCE_EVENTS : FILE_EVENTS };
  put(fields, 'description', record.name || undefined);
  put(fields, 'device_ip', roles.ip('deviceIp'));
  put(fields, 'device_name', roles.text('deviceHost'));
  return fields;
}

export function keyValueEvent(record: KeyValueRecord): Fields {
  const roles = new RoleReader(record);
  const common = commonFields(record, roles);
  const client: Peer = { ip: roles.ip('sourceIp'), port: roles.checked('sourcePort', portOf) };
  const server: Peer = { ip: roles.ip('targetIp'), port: roles.checked('targetPort', portOf) };
  let event: Fields;
  if (client.ip === undefined && server.ip === undefined) {
    // Without addresses the event is about the reporting device itself: its host, user and process are the "source" ones.
    event = { ...deviceFields(record, roles, common), ...common };
    roles.keep('sourcePort');
    roles.keep('targetPort');
    if (event.device_name === undefined) put(event, 'device_name', roles.text('sourceHost'));
    put(event, 'user_name', roles.text('sourceUser'));
    put(event, 'app_name', roles.text('sourceProcess'));
  } else {
    const sides = chooseSides(client, server, namedRole(roles.text('direction')));
    const specific = isIntrusionDetection(record, roles, client, server)
      ? detectionFields(record, roles, sides)
      : networkFields(record, roles, client, server, sides);
    event = { ...specific, ...common, ...sidedFields(roles, sides.endpointRole === 'client') };
    // The reporting device (a sensor or firewall) is not the endpoint: it is kept with the format's fields.
    roles.keep('deviceIp');
    roles.keep('deviceHost');
    put(event, 'network_protocol', protocolCode(roles.text('protocol')));
  }
  roles.keepUnused();
  if (Object.keys(record.kept.fields).length > 0) event[record.format] = record.kept.fields;
  return event;
}
