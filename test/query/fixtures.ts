// Records for the query tests: the founding scenario's IPS detection, the same remote party seen
// from other endpoints, process/network/AV events, missing fields, IPv6, unicode, odd JSON types,
// arrays of objects (Sigma matches, ATT&CK techniques, hashes) nested, mixed with scalars or absent.
// Column fields are always well typed, as the store's canonical events are; the rest varies freely.
import Database from 'better-sqlite3';
import { columnsOrDocument, compileMatcher, compileToSql, parseQuery, registerQueryFunctions, type QuerySchema, type SqlField, type SqlFieldResolver } from '../../src/query/index.ts';

export const NOW = new Date('2021-06-10T00:00:00.000Z');

type Doc = Record<string, unknown>;

const SEED_IPS_EVENT: Doc = {
  event_uuid: 'e01', type_id: 4124, event_id: 206, severity: 3, severity_id: 5,
  device_time: '2021-06-08T20:08:00.000Z', log_time: '2021-06-08T20:12:19.000Z',
  device_uid: '9a52620b-7e80-4e78-bf32-db901c24643c', device_name: 'WIN-TOMCAT01', device_ip: '192.0.2.10',
  external_ip: '192.0.2.100', external_port: 18878, internal_ip: '192.0.2.10', internal_port: 443,
  traffic_direction: 2, network_protocol: 2, signature_id: 32350, sid: 32350,
  signature_name: 'System Infected: Trojan.Trickybot Activity 15',
  description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15',
  app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE', categories: ['Attack', 'Malcode', 'Trojan'],
  mitre: { tactic: 'Command and Control', technique_id: 'T1071', technique_name: 'Standard Application Layer Protocol' },
  event_actor: { pid: 620 }, symc_device_action: 2, infected: true, on_premises: true, event_source: 1,
  incident: '32db1930-c884-11eb-c293-000000000273', intrusion_url: 'https://www.example.com:443/intrusion_URL',
};

/** The same remote party reached from other endpoints, at other times and directions. */
const SAME_REMOTE: Doc[] = [
  { ...SEED_IPS_EVENT, event_uuid: 'e02', device_ip: '192.0.2.11', device_name: 'WIN-APP02', device_uid: 'b1', device_time: '2021-06-08T21:00:00.000Z', event_actor: { pid: 4 } },
  { ...SEED_IPS_EVENT, event_uuid: 'e03', device_ip: '192.0.2.12', device_name: 'win-db03', device_uid: 'B2', device_time: '2021-06-09T08:30:15.250Z', traffic_direction: 1 },
  { ...SEED_IPS_EVENT, event_uuid: 'e04', device_ip: '198.51.100.20', device_name: 'LAPTOP-04', device_uid: 'c3', device_time: '2021-06-07T23:59:59.999Z', severity: 0, signature_id: 32351, signature_name: 'System Infected: Trojan.Trickybot Activity 16' },
  { ...SEED_IPS_EVENT, event_uuid: 'e05', device_ip: '192.0.2.10', device_time: '2021-06-09T00:00:00.000Z', traffic_direction: 0, network_protocol: 3, severity: 7, mitre: { tactic: 'Exfiltration', technique_id: 'T1041' } },
];

const PROCESS_EVENTS: Doc[] = [
  { event_uuid: 'e06', type_id: 8001, device_time: '2021-06-08T10:00:00.000Z', device_name: 'WIN-APP02', device_ip: '192.0.2.11', operation: 1, severity_id: 1,
    event_actor: { pid: 620, file: { name: 'services.exe', path: 'C:\\Windows\\System32\\services.exe' } },
    process: { pid: 1234, cmd_line: 'svchost.exe -k netsvcs', file: { name: 'svchost.exe', sha2: 'AB12CD' } } },
  { event_uuid: 'e07', type_id: 8001, device_time: '2021-06-08T10:05:00.000Z', device_name: 'WIN-APP02', operation: 2, severity_id: 1,
    event_actor: { pid: 1234, file: { name: 'svchost.exe' } }, process: { pid: 4321, file: { name: 'svc_helper.exe' } } },
  { event_uuid: 'e08', type_id: 8001, device_time: '2021-06-09T12:00:00.000Z', device_name: 'LAPTOP-04', severity_id: 4,
    event_actor: { pid: 900, file: { name: 'powershell.exe' } }, process: { pid: 901, cmd_line: "powershell -enc 'SQBFAFgA'; --rm /* x */", file: { name: 'mimikatz.exe' } },
    enriched_data: { rule_name: 'eGenericProcessLaunch', suspicion_score: 88 } },
  { event_uuid: 'e09', type_id: 8001, device_time: '2021-06-09T12:00:01.000Z', event_actor: { pid: '620' }, process: { pid: 1, file: { name: 'Überwachung.exe' } } },
  { event_uuid: 'e10', type_id: 8001, device_time: '2021-06-09T12:00:02.000Z', process: { file: { name: 'naïve-Ñandú.exe' } }, user_name: 'ÉCOLE\\admin' },
  { event_uuid: 'e11', type_id: 8001, device_time: '2021-06-09T12:00:03.000Z', process: { file: { name: '日本語.exe' } }, user_name: 'école\\ADMIN' },
];

const NETWORK_EVENTS: Doc[] = [
  { event_uuid: 'e12', type_id: 8007, device_time: '2021-06-08T11:00:00.000Z', device_ip: '192.0.2.10', external_ip: '2001:db8::10', external_port: 443, traffic_direction: 2, network_protocol: 2 },
  { event_uuid: 'e13', type_id: 8007, device_time: '2021-06-08T11:00:01.000Z', device_ip: '192.0.2.11', external_ip: '2001:DB8:0:0::20', external_port: '8080', traffic_direction: 2 },
  { event_uuid: 'e14', type_id: 8007, device_time: '2021-06-08T11:00:02.000Z', device_ip: '192.0.2.12', external_ip: '2001:db9::1', traffic_direction: 1 },
  { event_uuid: 'e15', type_id: 8007, device_time: '2021-06-08T11:00:03.000Z', device_ip: '203.0.113.5', external_ip: '198.51.100.7', external_port: 53, network_protocol: 3, traffic_direction: 2 },
  { event_uuid: 'e16', type_id: 8007, device_time: '2021-06-08T11:00:04.000Z', device_ip: 'fe80::1', external_ip: '::ffff:192.0.2.100', source_port: [49152, 49153], target_ip: '10.0.0.1' },
  { event_uuid: 'e17', type_id: 8007, device_time: '2021-06-08T11:00:05.000Z', device_ip: '10.1.2.3', external_ip: 'not-an-ip', data_source_url_domain: 'https://source.url.example.com' },
  { event_uuid: 'e18', type_id: 8007, device_time: '2021-06-08T11:00:06.000Z', device_ip: '192.0.2.255', external_ip: '192.0.3.1', connection: { bytes_download: 1024, bytes_upload: 0 } },
];

const ANTIVIRUS_EVENTS: Doc[] = [
  { event_uuid: 'e19', type_id: 4102, device_time: '2021-06-09T09:00:00.000Z', severity: 11, severity_id: 3, device_name: 'WIN-APP02', device_ip: '192.0.2.11',
    file: { name: 'mimikatz.exe', sha2: '3559378C0000', folder: 'C:\\Users\\Admin\\Downloads' }, virus_name: 'Hacktool.Mimikatz', actual_action: 'Quarantined', infected: false, symc_device_action: 1 },
  { event_uuid: 'e20', type_id: 4102, device_time: '2021-06-09T09:30:00.000Z', severity: 15, severity_id: 2, file: { name: 'eicar_com.zip' }, virus_name: 'EICAR Test String', infected: 'true' },
  { event_uuid: 'e21', type_id: 4102, device_time: '2021-06-09T10:00:00.000Z', severity: 12, severity_id: 6, file: 'mimikatz.exe', app_name: 'C:/Tools/100%_sure_file.exe' },
  { event_uuid: 'e22', type_id: 4123, device_time: '2021-06-09T10:30:00.000Z', severity_id: 5, file: { name: "o'brien.exe" }, description: 'quote " and apostrophe \' and -- and ; and /* */ and %_ and \\ backslash' },
];

const ODD_EVENTS: Doc[] = [
  { event_uuid: 'e23', type_id: 4124, device_time: '2021-06-01T00:00:00.000Z',
    sigma: [
      { id: 'r-enc', title: 'PowerShell Runs an Encoded Command', level: 'high', score: 8, tags: ['attack.execution', 'attack.t1059.001'] },
      { id: 'r-who', title: 'Whoami Execution', level: 'medium', score: 3, tags: ['attack.discovery', 'attack.t1033'] },
    ],
    attacks: [{ technique_uid: 'T1059.001', tactic_uids: ['TA0002'] }, { technique_uid: 'T1027', tactic_uids: ['TA0005', 'TA0002'] }] },
  { event_uuid: 'e24', type_id: 4098, device_time: '2021-06-02T00:00:00.000Z', categories: [1, 'attack', null, true, ['nested'], { name: 'object' }], severity_id: null,
    sigma: { title: 'Single Object Match', level: 'low' }, attacks: [{ technique_uid: 'T1071' }], connections: [{ remote_ip: '198.51.100.1' }, { remote_ip: 'not-an-ip' }] },
  { event_uuid: 'e25', type_id: 4096, device_time: '2021-06-03T00:00:00.000Z', categories: [], mitre: [{ tactic: 'Execution' }], score: 2.5, timezone: -300 },
  { event_uuid: 'e26', type_id: 4123, device_time: '2021-06-04T00:00:00.000Z', categories: [null], mitre: null, score: 7, note: 'a\u0000b',
    sigma: [{ level: null }, [{ level: 'critical' }]], matrix: [[{ v: 1 }]],
    process_tree: [{ children: [{ file: { name: 'cmd.exe' } }, { file: { name: 'whoami.exe' } }] }, { children: [] }] },
  { event_uuid: 'e27', type_id: 1000, device_time: '2021-06-05T00:00:00.000Z', status_id: 1, message: 'Successfully sent 0 incident(s)', note: 'a',
    sigma: [{ title: 'Whoami Execution', level: 'high', score: '9' }, { level: null }, 'loose text', ['nested', { level: 'high' }]],
    connections: [{ remote_ip: '192.0.2.200', port: 443 }, { remote_ip: '2001:db8::99' }] },
  { event_uuid: 'e28', type_id: 20, device_time: '2021-06-06T00:00:00.000Z', status_id: 2, severity_id: 1, user_name: 'SEDR API', user_agent_ip: '127.0.0.1', id: 1 },
  { event_uuid: 'e29', type_id: 21, device_time: '2021-06-06T12:00:00.000Z', status_id: 1, severity_id: 1, message: 'Incident Closed Successfully.', entity_result: { type: 'Incident' } },
  { event_uuid: 'e30', type_id: 8015, device_time: '2021-06-09T23:59:59.999Z', monitor_data: '{"a": 1}', ref_event: 4798, log_level: 'INFO', description: 'line one\nline two' },
  { event_uuid: 'e31', type_id: 4124, device_time: '2021-06-09T18:00:00.000Z', description: 'Malicious traffic detected: System Infected: Emotet', signature_name: 'System Infected: Emotet Activity', severity: 1, traffic_direction: 2, external_ip: '192.0.2.100', device_ip: '192.0.2.77', signature_id: 28000, mitre: { tactic: 'command and control' } },
  { event_uuid: 'e32', type_id: 4124, device_time: '2021-06-09T18:00:00.001Z', description: 'Audit: system infected? no', signature_name: 'system infected', severity: 4, traffic_direction: 1, external_ip: '192.0.2.101', signature_id: 0 },
  { event_uuid: 'e33', type_id: 8003, device_time: '2021-06-09T19:00:00.000Z', file: { name: 'report_2021.pdf', path: '/home/alice/report_2021.pdf', hashes: [{ type: 'sha256', value: 'ABCDEF01' }, { type: 'md5', value: '0123' }] }, operation: 3 },
  { event_uuid: 'e34', type_id: 8003, device_time: '2021-06-09T19:00:01.000Z', file: { name: 'report%2021.pdf' }, operation: 3, 'dotted.key': 'x' },
  { event_uuid: 'e35', type_id: 8003, device_time: '2021-06-09T19:00:02.000Z', file: { name: 'REPORT-2021.PDF' }, operation: 4, on_premises: false },
  { event_uuid: 'e36', type_id: 8018, device_time: '2021-06-09T20:00:00.000Z', amsi: { content: 'Invoke-Mimikatz' }, severity_id: 4, count: 3 },
  { event_uuid: 'e37', type_id: 4113, device_time: '2021-06-09T21:00:00.000Z', event_id: 8031001, severity_id: 5, device_name: 'emoji-🛡️-host' },
  { event_uuid: 'e38', type_id: 4117, device_time: '2021-06-09T22:00:00.000Z', sandbox_service: 'cynic', sep_installed: true, internal_ip: '172.16.14.42', data_direction: 0,
    sigma: [], attacks: { technique_uid: 'T1059.001', tactic_uids: 'TA0002' }, hits: [{ time: '2021-06-01T10:00:00.000Z' }, { time: '2021-06-05T00:00:00.000Z' }] },
  { event_uuid: 'e39', type_id: 4112, device_time: '2021-06-09T22:30:00.000Z', reason: 1, external_ip: '203.0.113.9', traffic_direction: 2, severity: 3, description: 'Blacklist hit 203.0.113.9' },
  { event_uuid: 'e40', type_id: 4353, device_time: '2021-06-10T00:00:00.000Z', severity: 2, device_name: 'AT-NOW' },
];

export const EVENTS: readonly Doc[] = [SEED_IPS_EVENT, ...SAME_REMOTE, ...PROCESS_EVENTS, ...NETWORK_EVENTS, ...ANTIVIRUS_EVENTS, ...ODD_EVENTS];

export const INCIDENTS: readonly Doc[] = [
  { uuid: 'i00', atp_incident_id: 100000, priority_level: 3, state: 1, resolution: 4, time: '2020-06-01T10:00:00.000Z', last_event_seen: '2020-06-01T10:05:00.000Z', rule_name: 'Malicious Traffic', description: 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15', deviceUid: ['9a52620b', 'b1'], event_count: 12, mitre: { tactic: 'Command and Control' } },
  { uuid: 'i10', atp_incident_id: 100010, priority_level: 3, state: 4, resolution: 1, time: '2020-06-08T15:00:00.000Z', last_event_seen: '2020-06-08T15:39:55.616Z', rule_name: 'Advanced Attack Technique', summary: 'win-tfb8l7bi77h: Signed Binary Proxy Execution', event_count: 1 },
  { uuid: 'i21', atp_incident_id: 100021, priority_level: 2, state: 1, resolution: 4, time: '2020-06-09T00:00:00.000Z', last_event_seen: '2020-06-09T00:00:00.000Z', rule_name: 'Critical AVE detections', deviceUid: ['c3'], event_count: 2 },
  { uuid: 'i22', atp_incident_id: 100022, priority_level: 1, state: 2, resolution: 4, time: '2020-06-09T01:00:00.000Z', last_event_seen: '2020-06-10T12:00:00.000Z', rule_name: 'Critical Cynic Detections', event_count: 1 },
  { uuid: 'i23', atp_incident_id: 100023, priority_level: 2, state: 3, resolution: 2, time: '2020-06-09T02:00:00.000Z', last_event_seen: '2021-06-09T00:00:00.000Z', rule_name: 'Breach Detection', remote: { ip: '2001:db8::7', domain: 'c2.example.net' } },
  { uuid: 'i24', atp_incident_id: 100024, priority_level: 3, state: 3, resolution: 4, time: '2021-06-09T03:00:00.000Z', last_event_seen: '2021-06-09T03:00:00.000Z', rule_name: 'Malicious Traffic', remote: { ip: '192.0.2.100' } },
];

/** Event fields stored as columns in the test table, the rest only in `doc`: like the store. */
export const EVENT_COLUMNS: Readonly<Record<string, SqlField & { type: 'TEXT' | 'INTEGER' }>> = {
  event_uuid: { sql: 'event_uuid', storage: 'text', type: 'TEXT' },
  type_id: { sql: 'type_id', storage: 'integer', type: 'INTEGER' },
  device_time: { sql: 'device_time', storage: 'epoch-ms', type: 'INTEGER' },
  severity: { sql: 'severity', storage: 'integer', type: 'INTEGER' },
  device_uid: { sql: 'device_uid', storage: 'text', type: 'TEXT' },
  device_ip: { sql: 'device_ip', storage: 'text', type: 'TEXT' },
  external_ip: { sql: 'external_ip', storage: 'text', type: 'TEXT' },
  signature_id: { sql: 'signature_id', storage: 'integer', type: 'INTEGER' },
  traffic_direction: { sql: 'traffic_direction', storage: 'integer', type: 'INTEGER' },
};

/** Incidents keep their times as ISO text columns, the other storage the store may use. */
export const INCIDENT_COLUMNS: Readonly<Record<string, SqlField & { type: 'TEXT' | 'INTEGER' }>> = {
  uuid: { sql: 'uuid', storage: 'text', type: 'TEXT' },
  atp_incident_id: { sql: 'atp_incident_id', storage: 'integer', type: 'INTEGER' },
  priority_level: { sql: 'priority_level', storage: 'integer', type: 'INTEGER' },
  state: { sql: 'state', storage: 'integer', type: 'INTEGER' },
  time: { sql: 'time', storage: 'text', type: 'TEXT' },
  last_event_seen: { sql: 'last_event_seen', storage: 'text', type: 'TEXT' },
};

/** An in-memory table holding `records`, the column values copied as the store copies them. */
export class FixtureTable {
  readonly db = new Database(':memory:');
  readonly resolver: SqlFieldResolver;

  constructor(
    readonly records: readonly Doc[],
    private readonly columns: Readonly<Record<string, SqlField & { type: 'TEXT' | 'INTEGER' }>>,
    readonly schema: QuerySchema,
    private readonly idField: string,
  ) {
    registerQueryFunctions(this.db);
    const names = Object.keys(columns);
    this.db.exec(`CREATE TABLE records (${names.map((name) => `${name} ${columns[name].type}`).join(', ')}, doc TEXT NOT NULL)`);
    const insert = this.db.prepare(`INSERT INTO records VALUES (${names.map(() => '?').join(', ')}, ?)`);
    for (const record of records) insert.run(...names.map((name) => columnValue(columns[name], record[name])), JSON.stringify(record));
    this.resolver = columnsOrDocument(columns, 'doc');
  }

  /** Ids of the records the compiled SQL selects. */
  sqlIds(query: string): string[] {
    const { where, params } = compileToSql(parseQuery(query), this.schema, this.resolver, NOW);
    const rows = this.db.prepare(`SELECT doc FROM records WHERE ${where}`).all(...params) as { doc: string }[];
    return rows.map((row) => String((JSON.parse(row.doc) as Doc)[this.idField])).sort();
  }

  /** Ids of the records the in-memory matcher accepts. */
  memoryIds(query: string): string[] {
    const matcher = compileMatcher(parseQuery(query), this.schema, NOW);
    return this.records.filter(matcher).map((record) => String(record[this.idField])).sort();
  }
}

function columnValue(column: SqlField, value: unknown): string | number | null {
  if (column.storage === 'epoch-ms') return typeof value === 'string' ? Date.parse(value) : null;
  if (column.storage === 'integer') return Number.isInteger(value) ? (value as number) : null;
  return typeof value === 'string' ? value : null;
}
