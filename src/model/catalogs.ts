// Enum catalogs of the Symantec EDR event and incident schema (docs: symantec-edr-reference.md).
// Events are stored with numeric codes; labels are only for input parsing and display.

export interface Catalog {
  /** The field this catalog describes, used in error messages. */
  readonly name: string;
  readonly labels: ReadonlyMap<number, string>;
  /** Extra accepted spellings of labels (lower-case) mapped to codes. */
  readonly aliases?: ReadonlyMap<string, number>;
  /** Labels for codes not in `labels` (for ranged scales such as SEP severity). */
  readonly labelOf?: (code: number) => string | undefined;
}

function catalog(name: string, entries: Record<number, string>, aliases: Record<string, number> = {}, labelOf?: (code: number) => string | undefined): Catalog {
  return {
    name,
    labels: new Map(Object.entries(entries).map(([code, label]) => [Number(code), label])),
    aliases: new Map(Object.entries(aliases)),
    labelOf,
  };
}

/** `type_id`: the event's type (reference §5.1). Names as the EDR console shows them. */
export const TYPE_ID = catalog('type_id', {
  1: 'Application Activity',
  20: 'Session Audit',
  21: 'Entity Audit',
  238: 'Device Control',
  239: 'Buffer Overflow',
  240: 'Software Protection Exception',
  502: 'Application Control',
  1000: 'System Health',
  4096: 'Reputation Request',
  4098: 'Intrusion Prevention',
  4099: 'Suspicious File',
  4100: 'SONAR',
  4102: 'Antivirus',
  4112: 'Blacklist (IP/URL/Domain)',
  4113: 'Vantage Detection',
  4115: 'Insight',
  4116: 'Mobile Insight',
  4117: 'Sandbox',
  4118: 'Blacklist (File)',
  4123: 'Endpoint File Detection',
  4124: 'Endpoint Detection',
  4125: 'Email',
  4353: 'Antivirus / Network Detection',
  8000: 'Session Events',
  8001: 'Process Events',
  8002: 'Module Event',
  8003: 'File Events',
  8004: 'Directory Events',
  8005: 'Registry Key Events',
  8006: 'Registry Value Events',
  8007: 'Network Events',
  8009: 'Kernel Events',
  8015: 'Monitored Source Events',
  8016: 'Startup Application Configuration Change',
  8018: 'AMSI Activity',
  8080: 'EOC Session Query Result',
  8081: 'EOC Process Query Result',
  8082: 'EOC Module Query Result',
  8083: 'EOC File Query Result',
  8084: 'EOC Directory Query Result',
  8085: 'EOC Registry Key Query Result',
  8086: 'EOC Registry Value Query Result',
  8089: 'EOC Kernel Query Result',
  8090: 'EOC Service Query Result',
}, { 'user session audit': 20, 'antivirus (endpoint detection)': 4102, vantage: 4113 });

/**
 * SEP security-log `event_id`s (reference §5.3, SEPparser). The seed renders 206 as
 * "206: Intrusion detected"; the long form is accepted as input.
 */
export const SEP_EVENT_ID = catalog('event_id', {
  201: 'Invalid traffic by rule',
  202: 'Port scan',
  203: 'Denial-of-service attack',
  204: 'Trojan horse',
  205: 'Executable file changed',
  206: 'Intrusion detected',
  207: 'Active Response',
  208: 'MAC spoofing',
  209: 'Host Integrity failed',
  210: 'Host Integrity passed',
  211: 'Active Response disengaged',
  216: 'Executable file change detected',
  217: 'Executable file change accepted',
  218: 'Executable file change denied',
  219: 'Active Response cancelled',
  220: 'Application hijacking',
  221: 'Host Integrity failed but reported as pass',
  237: 'Host Integrity custom log entry',
  238: 'Device control',
  239: 'Buffer overflow',
  240: 'Software protection exception',
  241: 'Not used',
  242: 'Device control allowed',
  249: 'Browser Protection',
  250: 'Memory Exploit Mitigation blocked',
  251: 'Memory Exploit Mitigation allowed',
}, {
  'intrusion prevention system intrusion was detected': 206,
  'denial of service attack': 203,
  'trojan': 204,
});

/** `network_protocol` (SEP: 1 OTHERS). */
export const NETWORK_PROTOCOL = catalog('network_protocol', { 1: 'Other', 2: 'TCP', 3: 'UDP', 4: 'ICMP' }, { others: 1 });

/** `traffic_direction` (SEP: "Incoming"/"Outgoing"). */
export const TRAFFIC_DIRECTION = catalog('traffic_direction', { 0: 'Unknown', 1: 'Inbound', 2: 'Outbound' }, { incoming: 1, outgoing: 2 });

/** Label of a SEP severity code: 0–3 Critical, 4–7 Major, 8–11 Minor, 12–15 Info. */
function sepSeverityLabel(code: number): string | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 15) return undefined;
  return ['Critical', 'Major', 'Minor', 'Info'][Math.floor(code / 4)];
}

/**
 * The source's `severity` on SEP's 0–15 scale, 0 most serious. Not to be confused with
 * `severity_id`: SEP severity 3 is Critical, severity_id 3 is Minor.
 * A bare label maps to the least serious code of its band, so that "Critical" and the seed's
 * "3: Critical" agree.
 */
export const SEP_SEVERITY = catalog('severity', {}, { critical: 3, major: 7, minor: 11, info: 15, information: 15, informational: 15 }, sepSeverityLabel);

/** Normalized `severity_id` (ICD scale). */
export const SEVERITY_ID = catalog('severity_id', { 0: 'Unknown', 1: 'Info', 2: 'Warning', 3: 'Minor', 4: 'Major', 5: 'Critical', 6: 'Fatal' }, { informational: 1, information: 1 });

/**
 * `symc_device_action`: what the agent did with the detection. The reference has no table;
 * the seed shows "2: Detected". Vigil's codes: 0 Unknown, 1 Blocked, 2 Detected, 3 Allowed.
 */
export const SYMC_DEVICE_ACTION = catalog('symc_device_action', { 0: 'Unknown', 1: 'Blocked', 2: 'Detected', 3: 'Allowed' });

/** Incident `priority_level`. */
export const PRIORITY_LEVEL = catalog('priority_level', { 1: 'LOW', 2: 'MEDIUM', 3: 'HIGH' });

/** Incident `state` (v1 called 3 IN_WORK). */
export const INCIDENT_STATE = catalog('state', { 1: 'Open', 2: 'Waiting', 3: 'In-Progress', 4: 'Closed' }, { in_work: 3, 'in progress': 3, inprogress: 3 });

/** Incident `resolution`. */
export const RESOLUTION = catalog('resolution', {
  0: 'INSUFFICIENT_DATA',
  1: 'SECURITY_RISK',
  2: 'FALSE_POSITIVE',
  3: 'MANAGED_EXTERNALLY',
  4: 'NOT_SET',
  5: 'BENIGN',
  6: 'TEST',
}, { 'insufficient data': 0, 'security risk': 1, 'false positive': 2, 'managed externally': 3, 'not set': 4 });

/** `event_source` of an incident's events. */
export const EVENT_SOURCE = catalog('event_source', { 1: 'Triggered the incident', 2: 'Process lineage', 3: 'Likely related' });
