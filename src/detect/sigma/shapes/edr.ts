// Vigil's canonical events (the Symantec EDR schema) as Sigma rules see them. An EDR event is no
// Windows event-log record: it meets rules through the log source its type and operation stand for
// (8001 launch → process_creation, 8007 → network_connection, …), never through a channel, and its
// fields get the names Sigma rules use, with the values Sysmon would have written (docs/RULES.md).
import { isIP } from 'node:net';
import { dottedPath, EventFieldView } from '../field-view.ts';
import { isRecord, type JsonRecord } from '../json.ts';
import type { LogSource } from '../logsource.ts';

/** An EDR event's field view and the log sources that can describe it. */
export interface EdrSigmaEvent {
  readonly view: EventFieldView;
  readonly logsources: readonly LogSource[];
}

/** What the extractors read: the event, its acting process, and its operation code. */
interface Parts {
  readonly event: JsonRecord;
  readonly typeId: number;
  /** The process that acted: `event_actor` on premises, `actor` in the cloud schema. */
  readonly actor: JsonRecord | undefined;
  /** The process acted on (8001's launched or ended process). */
  readonly target: JsonRecord | undefined;
  readonly operation: number | undefined;
}

type FieldTable = Readonly<Record<string, (parts: Parts) => unknown>>;

interface EdrSource {
  /** The Sigma categories of an event with this operation; none when the operation has no Sigma meaning. */
  categories(parts: Parts): readonly string[];
  readonly fields: FieldTable;
}

const LAUNCH = 1;
const TERMINATE = 2;
const CREATE = 1;
const DELETE = 2;
const INBOUND = 1;
const OUTBOUND = 2;

function record(value: unknown): JsonRecord | undefined {
  return isRecord(value) ? value : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A code as a number: 1, "1" or "1: Launch". */
function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const match = typeof value === 'string' ? /^\s*(\d+)/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/** A file's full path: `path`, or `folder` and `name` joined with the folder's own separator. */
function pathOf(file: JsonRecord | undefined): string | undefined {
  const path = text(file?.path);
  if (path) return path;
  const folder = text(file?.folder);
  const name = text(file?.name);
  if (!folder || !name) return name;
  const separator = folder.includes('\\') || !folder.includes('/') ? '\\' : '/';
  return `${folder.replace(/[\\/]+$/, '')}${separator}${name}`;
}

const imageOf = (process: JsonRecord | undefined) => pathOf(record(process?.file));

/** DOMAIN\name as Windows logs write users; `fallback` supplies the event's own user fields. */
function userOf(process: JsonRecord | undefined, fallback?: JsonRecord): string | undefined {
  const user = record(process?.user);
  const name = text(user?.name) ?? text(fallback?.user_name);
  if (!name) return undefined;
  const domain = text(user?.domain) ?? (text(user?.name) ? undefined : text(fallback?.user_domain));
  return domain && !name.includes('\\') ? `${domain}\\${name}` : name;
}

/** Sysmon's IntegrityLevel words for the EDR's integrity_id. */
const INTEGRITY_LEVELS: Readonly<Record<number, string>> = { 1: 'Untrusted', 2: 'Low', 3: 'Medium', 4: 'MediumPlus', 5: 'High', 6: 'System', 7: 'Protected' };

/** Sysmon's `Hashes` text ("MD5=…,SHA256=…") from what the EDR hashed. */
function hashesOf(file: JsonRecord | undefined): string | undefined {
  const parts = [['MD5', text(file?.md5)], ['SHA256', text(file?.sha2)]].filter(([, hash]) => hash).map(([kind, hash]) => `${kind}=${hash!.toUpperCase()}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}

const PROTOCOLS: Readonly<Record<number, string>> = { 2: 'tcp', 3: 'udp', 4: 'icmp' };

function directionOf(event: JsonRecord): number | undefined {
  return codeOf(event.traffic_direction) ?? codeOf(event.data_direction);
}

/** The two ends of a connection, the initiator first as Sysmon writes them; outbound when unknown. */
function ends(event: JsonRecord): { source: End; destination: End } {
  const local: End = { ip: text(event.internal_ip) ?? text(event.device_ip), port: event.internal_port, host: text(event.device_name) };
  const remote: End = { ip: text(event.external_ip), port: event.external_port, host: hostOf(text(event.data_source_url_domain) ?? text(event.data_source_url)) };
  return directionOf(event) === INBOUND ? { source: remote, destination: local } : { source: local, destination: remote };
}

interface End {
  readonly ip: string | undefined;
  readonly port: unknown;
  readonly host: string | undefined;
}

/** A host name from a domain or URL field ("https://a.example/x" → "a.example"). */
function hostOf(value: string | undefined): string | undefined {
  if (!value || !value.includes('/')) return value;
  try {
    return new URL(value).hostname || undefined;
  } catch {
    return undefined;
  }
}

const isIpv6 = (ip: string | undefined) => (ip === undefined ? undefined : String(isIP(ip) === 6));

const REGISTRY_ROOTS: readonly (readonly [RegExp, string])[] = [
  [/^(?:HKEY_LOCAL_MACHINE|\\REGISTRY\\MACHINE)(?=\\|$)/i, 'HKLM'],
  [/^(?:HKEY_USERS|\\REGISTRY\\USER)(?=\\|$)/i, 'HKU'],
  [/^HKEY_CLASSES_ROOT(?=\\|$)/i, 'HKCR'],
  [/^HKEY_CURRENT_USER(?=\\|$)/i, 'HKCU'],
];

/** A registry path with the short root Sysmon writes (HKLM\…, HKU\…). */
function registryPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  for (const [root, short] of REGISTRY_ROOTS) if (root.test(path)) return path.replace(root, short);
  return path;
}

function registryTarget({ event, typeId }: Parts): string | undefined {
  const value = record(event.reg_value);
  const key = text(record(event.reg_key)?.path);
  const valuePath = text(value?.path) ?? (key && text(value?.name) ? `${key}\\${text(value?.name)}` : undefined);
  return registryPath(typeId === REGISTRY_VALUE ? valuePath ?? key : key ?? valuePath);
}

/** The value data as Sysmon's Details shows it: numbers as `DWORD (0x…)`. */
function registryDetails({ event }: Parts): unknown {
  const data = record(event.reg_value_result)?.data ?? record(event.reg_value)?.data;
  if (typeof data === 'number' && Number.isInteger(data) && data >= 0 && data <= 0xffffffff) return `DWORD (0x${data.toString(16).padStart(8, '0')})`;
  return data;
}

const REGISTRY_KEY = 8005;
const REGISTRY_VALUE = 8006;

/** Sysmon's EventType for a registry event. */
function registryEventType({ typeId, operation }: Parts): string | undefined {
  if (typeId === REGISTRY_KEY) return operation === CREATE ? 'CreateKey' : operation === DELETE ? 'DeleteKey' : undefined;
  return operation === DELETE ? 'DeleteValue' : 'SetValue';
}

/** What the acting process did something to a file, a key or a connection: its process fields. */
const ACTOR_FIELDS: FieldTable = {
  Image: ({ actor, event }) => imageOf(actor) ?? text(event.app_name),
  ProcessId: ({ actor }) => actor?.pid,
  ProcessGuid: ({ actor }) => actor?.uid,
  User: ({ actor, event }) => userOf(actor, event),
  CommandLine: ({ actor }) => actor?.cmd_line,
};

const PROCESS_FIELDS: FieldTable = {
  Image: ({ target }) => imageOf(target),
  OriginalFileName: ({ target }) => record(target?.file)?.original_name,
  CommandLine: ({ target }) => target?.cmd_line,
  ProcessId: ({ target }) => target?.pid,
  ProcessGuid: ({ target }) => target?.uid,
  IntegrityLevel: ({ target }) => INTEGRITY_LEVELS[codeOf(target?.integrity_id) ?? 0],
  User: ({ target, event }) => userOf(target, event),
  Hashes: ({ target }) => hashesOf(record(target?.file)),
  ParentImage: ({ actor }) => imageOf(actor),
  ParentCommandLine: ({ actor }) => actor?.cmd_line,
  ParentProcessId: ({ actor }) => actor?.pid,
  ParentProcessGuid: ({ actor }) => actor?.uid,
  ParentUser: ({ actor }) => userOf(actor),
};

const EDR_SOURCES: ReadonlyMap<number, EdrSource> = new Map<number, EdrSource>([
  [8001, {
    categories: ({ operation, event }) => {
      if (operation === LAUNCH) return ['process_creation'];
      if (operation === TERMINATE) return ['process_termination'];
      if (operation !== undefined) return [];
      // Without an operation the enrichment names it; otherwise a process event is its launch.
      return text(record(event.enriched_data)?.rule_name) === 'eProcessClose' ? ['process_termination'] : ['process_creation'];
    },
    fields: PROCESS_FIELDS,
  }],
  [8003, {
    categories: ({ operation }) => (operation === CREATE || operation === undefined ? ['file_event'] : operation === DELETE ? ['file_delete'] : []),
    fields: { ...ACTOR_FIELDS, TargetFilename: ({ event }) => pathOf(record(event.file)) },
  }],
  [REGISTRY_KEY, {
    categories: ({ operation }) => (operation === CREATE ? ['registry_add', 'registry_event'] : operation === DELETE ? ['registry_delete', 'registry_event'] : []),
    fields: { ...ACTOR_FIELDS, TargetObject: registryTarget, EventType: registryEventType },
  }],
  [REGISTRY_VALUE, {
    categories: ({ operation }) => (operation === DELETE ? ['registry_delete', 'registry_event'] : operation === CREATE || operation === undefined ? ['registry_set', 'registry_event'] : []),
    fields: { ...ACTOR_FIELDS, TargetObject: registryTarget, Details: registryDetails, EventType: registryEventType },
  }],
  [8007, {
    categories: () => ['network_connection'],
    fields: {
      ...ACTOR_FIELDS,
      Initiated: ({ event }) => ({ [OUTBOUND]: 'true', [INBOUND]: 'false' })[directionOf(event) ?? 0],
      Protocol: ({ event }) => PROTOCOLS[codeOf(event.network_protocol) ?? 0],
      SourceIp: ({ event }) => ends(event).source.ip,
      SourcePort: ({ event }) => ends(event).source.port,
      SourceHostname: ({ event }) => ends(event).source.host,
      SourceIsIpv6: ({ event }) => isIpv6(ends(event).source.ip),
      DestinationIp: ({ event }) => ends(event).destination.ip,
      DestinationPort: ({ event }) => ends(event).destination.port,
      DestinationHostname: ({ event }) => ends(event).destination.host,
      DestinationIsIpv6: ({ event }) => isIpv6(ends(event).destination.ip),
    },
  }],
]);

/** The product an endpoint's OS makes it; Windows unless the event says Linux or macOS. */
function productOf(event: JsonRecord): string {
  const os = text(event.device_os_name)?.toLowerCase() ?? '';
  if (/linux|ubuntu|debian|centos|red ?hat|rhel|suse|amazon/.test(os)) return 'linux';
  if (/mac ?os|os ?x|darwin/.test(os)) return 'macos';
  return 'windows';
}

/** The operation code, or the low digits of an event_id such as 8001001 (launch). */
function operationOf(event: JsonRecord, typeId: number): number | undefined {
  const operation = codeOf(event.operation);
  if (operation !== undefined) return operation;
  const eventId = codeOf(event.event_id);
  return eventId !== undefined && Math.floor(eventId / 1000) === typeId ? eventId % 1000 : undefined;
}

/** Header fields a Windows event-log record has and an EDR event never has: no channel rule sees it. */
const NOT_AN_EVENT_LOG_RECORD = ['Channel', 'EventID', 'Provider_Name'];

/** EDR fields stay reachable under their own names and dotted paths (process.file.sha2). */
function edrName(event: unknown, field: string): unknown {
  const record = event as JsonRecord;
  return Object.hasOwn(record, field) ? record[field] : dottedPath(event, field);
}

/** The view and log sources of an EDR event; undefined when its type or operation has no Sigma log source. */
export function edrSigmaEvent(event: JsonRecord): EdrSigmaEvent | undefined {
  const typeId = codeOf(event.type_id);
  const source = typeId === undefined ? undefined : EDR_SOURCES.get(typeId);
  if (!source) return undefined;
  const parts: Parts = {
    event,
    typeId: typeId!,
    actor: record(event.event_actor) ?? record(event.actor),
    target: record(event.process),
    operation: operationOf(event, typeId!),
  };
  const categories = source.categories(parts);
  if (categories.length === 0) return undefined;
  // No prototype, so only the names set here are fields; the header names are present and empty.
  const fields: Record<string, unknown> = Object.create(null);
  for (const name of NOT_AN_EVENT_LOG_RECORD) fields[name] = undefined;
  const computer = text(event.device_name);
  if (computer) fields.Computer = computer;
  for (const [name, extract] of Object.entries(source.fields)) {
    const value = extract(parts);
    if (value !== undefined && value !== null) fields[name] = value;
  }
  const product = productOf(event);
  return { view: new EventFieldView(fields, edrName, event), logsources: categories.map((category) => ({ product, category })) };
}
