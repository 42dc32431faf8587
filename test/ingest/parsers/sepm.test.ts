// SEPM external logging: every line of the composed sample file parses and normalizes, and one
// line of each log type gives the canonical fields written here by hand from
// sepm-syslog-format.md (its field tables and the worked example of §4.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { normalizeEvent, wireFormat } from '../../../src/ingest/index.ts';
import { parseSyslogMessage } from '../../../src/ingest/parsers/syslog-message.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';

const SAMPLES = join(SHARED_DATA, 'sep/sepm-syslog-samples.log');
const CONTEXT = { receivedAt: '2021-06-10T00:00:00.000Z', source: 'test' };

function sampleLines(): string[] {
  return readFileSync(SAMPLES, 'utf8').split('\n').filter((line) => line.trim() !== '');
}

/** The single event of a line read by the `sepm` format. */
function sepmEvent(line: string, context = CONTEXT): Record<string, any> {
  const result = wireFormat('sepm')!.createParser()(line, context);
  assert.ok(result.ok, `not parsed: ${JSON.stringify(result)}`);
  assert.equal(result.events.length, 1);
  return result.events[0];
}

/** The fields named in `expected`, and absent ones as undefined, so that one deepEqual shows every difference. */
function assertFields(event: Record<string, any>, expected: Record<string, unknown>): void {
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, event[key]]));
  assert.deepEqual(picked, expected);
}

describe('the sample file', { skip: skipWithout(SAMPLES) }, () => {
  test('every line parses, as `sepm` and as `syslog` alike, and normalizes', () => {
    const lines = sampleLines();
    assert.equal(lines.length, 40);
    const logTypes = new Set<string>();
    for (const [index, line] of lines.entries()) {
      const event = sepmEvent(line);
      const viaSyslog = parseSyslogMessage(line, CONTEXT);
      assert.deepEqual(viaSyslog, { ok: true, events: [event] }, `line ${index + 1}: the syslog dispatcher reads it as SEPM`);
      const normalized = normalizeEvent(event, CONTEXT.receivedAt);
      assert.ok(normalized.ok, `line ${index + 1}: ${JSON.stringify(!normalized.ok && normalized.errors)}`);
      assert.equal(event.sepm.unplaced, undefined, `line ${index + 1}: every field found its place`);
      logTypes.add(event.sepm.log_type);
    }
    assert.deepEqual([...logTypes].sort(), [
      'administrative', 'agent_activity', 'application_device_control', 'client_activity', 'packet', 'policy',
      'proactive', 'risk', 'scan', 'security', 'system', 'traffic',
    ]);
  });

  const line = (number: number) => sampleLines()[number - 1];

  test('security, line 1: the worked example of §4.3 (the founding scenario)', () => {
    const event = sepmEvent(line(1));
    assertFields(event, {
      type_id: 4124,
      event_id: 206,
      device_name: 'SRV-WEB-01',
      device_ip: '192.0.2.10',
      internal_ip: '192.0.2.10',
      internal_port: 443,
      external_ip: '192.0.2.100',
      external_port: 18878,
      traffic_direction: 2,
      network_protocol: 2,
      signature_id: 32350,
      sid: 32350,
      signature_name: 'System Infected: Trojan.Trickybot Activity 15',
      intrusion_url: 'https://www.example.com:443/intrusion_URL',
      app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE',
      user_name: 'none',
      domain_name: undefined,
      local_host_mac: '000000000000',
      remote_host_mac: '000000000000',
      device_time: '2021-06-08T20:08:00.000Z',
      device_end_time: '2021-06-08T20:08:00.000Z',
      count: 1,
      // <50>: facility 6, severity 2 (crit) → SEP Critical, as the seed's "3: Critical".
      severity: 3,
      // The seed's log_time is the header's time.
      log_time: '2021-06-08T20:12:19.000Z',
      symc_device_action: 1,
      product_name: 'Symantec Endpoint Protection',
      event_uuid: undefined,
    });
    assert.match(event.description, /^\[SID: 32350\] System Infected: Trojan\.Trickybot Activity 15 attack blocked\./);
    assert.deepEqual(event.event_actor, { file: { sha2: '0c8956c37c54b0b9cbc53ba17fbc88f596e5d6dd984675ea86cef6bd80ad68f0' } });
    assert.deepEqual(event.sepm, { log_type: 'security', intrusion_id: '0', location: 'Default', cids_signature_subid: '76342' });
    assert.deepEqual(event.syslog, { form: 'rfc3164', facility: 6, severity: 2, hostname: 'SEPM01', app_name: 'SymantecServer' });
  });

  test('security, line 5: "detected but not blocked", <51> is Major, the quoted Intrusion URL keeps its commas', () => {
    assertFields(sepmEvent(line(5)), {
      traffic_direction: 1,
      symc_device_action: 2,
      severity: 7,
      intrusion_url: 'srv-web-01.example.com/search?fields=id,name,owner&q=nessus',
      external_ip: '203.0.113.45',
      internal_port: 8443,
      external_port: 61022,
      count: 4,
      log_time: '2021-06-08T20:25:44.000Z',
    });
  });

  test('security, line 8: the 14.3-era layout (Event Type, an empty Intrusion ID place, URL fields at the end)', () => {
    const event = sepmEvent(line(8));
    assertFields(event, {
      signature_id: 30105, external_ip: '203.0.113.77', external_port: 40112, internal_port: 443, traffic_direction: 1, network_protocol: 2,
      device_time: '2021-06-08T20:33:02.000Z', app_name: 'SYSTEM', event_actor: undefined,
    });
    assert.deepEqual(event.sepm, {
      log_type: 'security', location: 'Default', cids_signature_subid: '71544', intensive_protection_level: 'N/A', url_risk: 'N/A', url_category: 'N/A',
    });
  });

  test('security, line 9: the legacy layout (hashes first, description without label, Local:/Remote:, ports without colon)', () => {
    assertFields(sepmEvent(line(9)), {
      device_name: 'WS-LEGACY-07', device_ip: '192.0.2.70', local_host_mac: '000000000000', remote_host_mac: '000000000000',
      external_ip: '203.0.113.45', internal_port: 445, external_port: 50991, signature_id: 23179, event_id: 206,
      signature_name: 'OS Attack: Microsoft Windows SMB Remote Code Execution 3', user_name: 'none', domain_name: 'EXAMPLE',
      device_end_time: '2021-06-08T20:35:59.000Z', event_actor: undefined,
    });
  });

  test('security without a signature: port scan 202, active response 207, ARP cache poison 208 (0.0.0.0 is not an address)', () => {
    const portScan = sepmEvent(line(10));
    assertFields(portScan, { event_id: 202, signature_id: undefined, signature_name: undefined, internal_port: undefined, external_port: undefined, app_name: undefined });
    assert.match(portScan.description, /TCP ports: 21, 22, 23, 80, 135 and 445 have been scanned/);
    assertFields(sepmEvent(line(11)), { event_id: 207, network_protocol: 1, device_end_time: '2021-06-08T20:47:44.000Z', severity: 11 });
    assertFields(sepmEvent(line(12)), { event_id: 208, device_ip: undefined, external_ip: undefined, traffic_direction: 0, remote_host_mac: '02005E10AB77' });
  });

  test('traffic, line 13: IP, port, MAC per side, protocol before direction', () => {
    const event = sepmEvent(line(13));
    assertFields(event, {
      type_id: 8007, device_name: 'SRV-FILE-02', device_ip: '192.0.2.40', internal_port: 3389, local_host_mac: '00155D4A0B12',
      external_ip: '203.0.113.45', external_port: 51544, remote_host_mac: '00000C9FF001', network_protocol: 2, traffic_direction: 1,
      device_time: '2021-06-08T20:15:01.000Z', device_end_time: '2021-06-08T20:15:09.000Z', count: 3,
      app_name: 'C:/WINDOWS/SYSTEM32/SVCHOST.EXE', user_name: 'none', symc_device_action: 1, severity: 7,
    });
    assert.deepEqual(event.sepm, { log_type: 'traffic', rule: 'Block RDP from untrusted networks', location: 'Default' });
  });

  test('packet, line 19: no time in the body, so the header time; the remote name kept', () => {
    const event = sepmEvent(line(19));
    assertFields(event, {
      type_id: 8007, device_ip: '192.0.2.10', internal_port: 443, external_ip: '203.0.113.45', external_port: 61022, traffic_direction: 2,
      app_name: 'E:/TOMCAT/BIN/TOMCAT7.EXE', symc_device_action: 3, device_time: '2021-06-08T20:26:03.000Z', network_protocol: undefined,
    });
    assert.equal(event.sepm.remote_host_name, 'scan-01.example.com');
  });

  test('risk, line 20: an antivirus detection the built-in antivirus rule reads (virus_name)', () => {
    const event = sepmEvent(line(20));
    assertFields(event, {
      type_id: 4102, alert: 'Virus found', device_ip: '192.0.2.23', device_name: 'WS-FIN-0142', virus_name: 'Trojan.Gen.2', count: 1,
      actual_action: 'Quarantined', symc_device_action: 1, device_time: '2021-06-08T19:55:41.000Z', user_name: 'jdoe',
      data_source_url: 'http://files.example.com/dl/invoice_0608.exe', data_source_url_domain: 'files.example.com', severity: 3,
    });
    assert.deepEqual(event.file, {
      path: 'c:\\users\\jdoe\\downloads\\invoice_0608.exe', name: 'invoice_0608.exe', sha2: 'a3e98c244c605314b34371e900d717a4435d33f270e204b3f4979c80c7394e6c',
    });
    assert.equal(event.sepm.group, 'My Company\\Workstations\\Finance');
    assert.equal(event.sepm.requested_action, 'Quarantined');
  });

  test('risk, lines 21 and 22: 14.3-era labels, quoted positional fields and quoted keyed fields with commas', () => {
    const modern = sepmEvent(line(21));
    assertFields(modern, { virus_name: 'PUA.Toolbar', actual_action: 'Left alone', symc_device_action: 2, user_name: 'asmith', count: 2 });
    assert.equal(modern.file.path, 'C:\\Users\\asmith\\AppData\\Local\\Temp\\toolbar_setup.exe');
    assert.equal(modern.sepm.company_name, 'Example Widgets, Inc.');
    assert.equal(modern.sepm.permitted_application_reason, 'Not on the allow list');
    assert.equal(modern.sepm.server, 'SEPM01');
    const quoted = sepmEvent(line(22));
    assert.equal(quoted.file.path, 'c:\\users\\jdoe\\documents\\q2 report, final.docm');
    assert.equal(quoted.description, 'Cleaned by deletion, restart not required');
    assert.equal(quoted.sepm.application_name, 'q2 report, final.docm');
    assert.equal(quoted.sepm.source_ip, '192.0.2.40');
  });

  test('scan, line 23: the summary that looks keyed stays whole', () => {
    const event = sepmEvent(line(23));
    assertFields(event, {
      type_id: 4102, virus_name: undefined, device_name: 'WS-FIN-0142', device_ip: '192.0.2.23',
      device_time: '2021-06-08T12:00:03.000Z', device_end_time: '2021-06-08T12:14:51.000Z',
      description: 'Scan started on all drives and all extensions.',
      message: 'Scan Complete:  Risks: 1   Scanned: 48211   Files/Folders/Drives Omitted: 12 Trusted Files Skipped: 30544',
    });
    assert.equal(event.sepm.status, 'Completed');
    assert.equal(event.sepm.scan_id, '1623153603');
  });

  test('proactive (SONAR), line 26: IP Address after the name, a quoted version with commas, Detection Submissions without colon', () => {
    const event = sepmEvent(line(26));
    assertFields(event, {
      type_id: 4100, device_name: 'LT-DEV-0311', device_ip: '192.0.2.55', virus_name: 'SONAR.SuspLaunch!g12', actual_action: 'Left alone',
      device_time: '2021-06-08T22:38:09.000Z',
    });
    assert.equal(event.file.name, 'devsync.exe');
    assert.equal(event.sepm.application_version, '4,2,0,17');
    assert.equal(event.sepm.detection_submissions, 'Yes');
    assert.equal(event.sepm.risk_type, '3');
  });

  test('application control, line 27, and device control, line 28', () => {
    const application = sepmEvent(line(27));
    assertFields(application, { type_id: 502, device_ip: '192.0.2.23', symc_device_action: 1, user_name: 'jdoe', domain_name: 'EXAMPLE' });
    assert.deepEqual(application.event_actor, { pid: 6120, file: { path: 'C:/USERS/JDOE/APPDATA/ROAMING/WINAPPS/UPDATER.EXE', md5: '42cf11e94f72bd034f221d78955fcf9c' } });
    assert.equal(application.sepm.operation, 'Registry Write');
    assert.match(application.sepm.target, /^\/REGISTRY\/USER\/.*\/Run\/updater$/);
    const device = sepmEvent(line(28));
    assertFields(device, { type_id: 238, device_name: 'LT-DEV-0311', symc_device_action: 1 });
    assert.equal(device.sepm.device_id, 'USBSTOR\\DISK&VEN_EXAMPLE&PROD_FLASH_DRIVE&REV_1.00\\0123456789ABCDEF&0');
  });

  test('system (line 31), administrative (lines 32, 33), policy (line 35)', () => {
    assertFields(sepmEvent(line(31)), { type_id: 1000, device_name: 'SEPM01', message: 'Database backup finished successfully.', device_time: '2021-06-09T02:00:14.000Z' });
    assertFields(sepmEvent(line(32)), { type_id: 20, user_name: 'secops.jane', message: 'Administrator log on succeeded', status_id: 1 });
    assertFields(sepmEvent(line(33)), { type_id: 20, user_name: 'admin', status_id: 2, severity: 11 });
    const policy = sepmEvent(line(35));
    assertFields(policy, { type_id: 21, user_name: 'admin', message: 'Policy has been edited: Added exceptions C:\\Build, D:\\Cache to Exceptions policy [Workstations]' });
    assert.equal(policy.sepm.policy_name, 'Workstations Exceptions Policy');
  });

  test('agent activity (line 36) and client activity (line 40)', () => {
    const agent = sepmEvent(line(36));
    assertFields(agent, { type_id: 1, device_name: 'SRV-WEB-01', user_name: 'none', message: 'The management server received the client log successfully' });
    assert.equal(agent.sepm.client_domain, 'example.com');
    const client = sepmEvent(line(40));
    assertFields(client, {
      type_id: 1, device_name: 'WS-HR-0077', device_time: '2021-06-08T07:30:58.000Z',
      message: 'Symantec Endpoint Protection services startup was successful, Auto-Protect is enabled.',
    });
    assert.deepEqual(client.sepm, { log_type: 'client_activity', category: '1', event_source: 'Symantec AntiVirus', group: 'My Company\\Workstations\\HR' });
  });
});

// Lines composed here to the format reference, for cases the sample file does not cover.
const IPS_BODY = 'WS-01,Event Description: [SID: 32350] System Infected: Trojan.Trickybot Activity 15 attack blocked. Traffic has been blocked for this application: C:\\X.EXE,'
  + 'Local Host IP: 192.0.2.23,Local Host MAC: 000000000000,Remote Host Name: ,Remote Host IP: 192.0.2.100,Remote Host MAC: 000000000000,Outbound,TCP,'
  + 'Intrusion ID: 0,Begin: 2021-06-08 20:09:41,End Time: 2021-06-08 20:09:47,Occurrences: 3,Application: C:/X.EXE,Location: Default,User Name: jdoe,'
  + 'Domain Name: EXAMPLE,Local Port: 51233,Remote Port: 18878,CIDS Signature ID: 32350,CIDS Signature string: System Infected: Trojan.Trickybot Activity 15,'
  + 'CIDS Signature SubID: 76342,Intrusion URL: 192.0.2.100:18878/gate.php,Intrusion Payload URL: ,SHA-256: ,MD-5: ';

describe('composed lines', () => {
  test('a bare body (a collector stripped the header): no severity, no log_time; normalizing gives the receive time', () => {
    const event = sepmEvent(IPS_BODY);
    assertFields(event, { signature_id: 32350, device_ip: '192.0.2.23', severity: undefined, log_time: undefined, syslog: undefined });
    const normalized = normalizeEvent(event, CONTEXT.receivedAt);
    assert.ok(normalized.ok);
    assert.equal(normalized.event.log_time, CONTEXT.receivedAt);
  });

  test("a dump-file line: the severity word gives the severity; the prefix's time is log_time", () => {
    const event = sepmEvent(`2021-06-08 20:12:00,Major,${IPS_BODY}`);
    assertFields(event, { severity: 7, log_time: '2021-06-08T20:12:00.000Z', signature_id: 32350 });
    assert.deepEqual(event.syslog, { form: 'dump', severity: 3 });
  });

  test('the relay double header', () => {
    const event = sepmEvent(`Jun  8 20:12:21 [192.0.2.5] Jun  8 20:12:19 SymantecServer SEPM01: ,${IPS_BODY}`);
    assertFields(event, { device_name: 'WS-01', signature_id: 32350, log_time: '2021-06-08T20:12:19.000Z' });
    assert.equal(event.syslog.relay_address, '192.0.2.5');
    assert.equal(event.syslog.hostname, 'SEPM01');
  });

  test('a header without year takes the year that follows the body time, not the receive time (old logs replayed years later)', () => {
    const replayed = sepmEvent(`<50>Jun  8 20:12:19 SEPM01 SymantecServer: ${IPS_BODY}`, { receivedAt: '2026-11-28T12:00:00.000Z', source: 'file' });
    assert.equal(replayed.log_time, '2021-06-08T20:12:19.000Z');
    const newYear = sepmEvent(`<50>Jan  1 00:02:00 SEPM01 SymantecServer: ${IPS_BODY.replace('Begin: 2021-06-08 20:09:41', 'Begin: 2021-12-31 23:59:00')}`);
    assert.equal(newYear.device_time, '2021-12-31T23:59:00.000Z');
    assert.equal(newYear.log_time, '2022-01-01T00:02:00.000Z');
  });

  test('the same line resent later is the same content, so the same content hash (a duplicate)', () => {
    const line = `<50>Jun  8 20:12:19 SEPM01 SymantecServer: ${IPS_BODY}`;
    const first = normalizeEvent(sepmEvent(line, { receivedAt: '2021-06-08T20:12:20.000Z', source: 'udp:192.0.2.5:514' }), '2021-06-08T20:12:20.000Z');
    const later = normalizeEvent(sepmEvent(line, { receivedAt: '2022-03-01T00:00:00.000Z', source: 'tcp:192.0.2.6:514' }), '2022-03-01T00:00:00.000Z');
    assert.ok(first.ok && later.ok);
    assert.match(first.event.event_uuid, /^sha256:/);
    assert.equal(first.event.event_uuid, later.event.event_uuid);
  });

  test('a localised signature id: no CIDS Signature ID, `[SID : n]` with no-break spaces in the description', () => {
    const body = 'WS-02,Event Description: [SID\u00a0:\u00a032329] Attaque : Exemple attaque détectée mais pas bloquée,Local Host IP: 192.0.2.9,'
      + 'Remote Host IP: 203.0.113.4,Inbound,TCP,Intrusion ID: 0,Begin: 2021-06-08 20:00:00,CIDS Signature ID: 0';
    // Also: without the MAC and remote-name fields, the direction and protocol words still find their places.
    assertFields(sepmEvent(body), {
      signature_id: 32329, event_id: 206, device_ip: '192.0.2.9', external_ip: '203.0.113.4', traffic_direction: 1, network_protocol: 2,
    });
  });

  test('values quoted alone and unquoted commas rejoin their field; unknown labels are kept, snake_cased', () => {
    const body = 'Virus found,IP Address: 192.0.2.23,Computer name: WS-03,Source: Manual scan,Risk name: EICAR Test String,Occurrences: 1,c:\\eicar.com,,'
      + 'Actual action: Deleted,Event time: 2021-06-08 10:00:00,Company name: "Example, Inc.",Application name: A.,B,C,Application version: 1.0,'
      + 'Brand New Field (v15): something: with colon';
    const event = sepmEvent(body);
    assertFields(event, { virus_name: 'EICAR Test String', device_name: 'WS-03', symc_device_action: 1 });
    assert.equal(event.sepm.company_name, 'Example, Inc.');
    assert.equal(event.sepm.application_name, 'A.,B,C');
    assert.equal(event.sepm.application_version, '1.0');
    assert.equal(event.sepm.brand_new_field_v15, 'something: with colon');
  });

  test('values that cannot be read stay as sent under `sepm`; the event still normalizes', () => {
    const body = IPS_BODY.replace('Local Host IP: 192.0.2.23', 'Local Host IP: not-an-ip').replace('Local Port: 51233', 'Local Port: 99999')
      .replace('Begin: 2021-06-08 20:09:41', 'Begin: 06/08/2021 20:09');
    const event = sepmEvent(`<50>Jun  8 20:12:19 SEPM01 SymantecServer: ${body}`);
    assertFields(event, { device_ip: undefined, internal_port: undefined, device_time: '2021-06-08T20:12:19.000Z' });
    assert.equal(event.sepm.local_host_ip, 'not-an-ip');
    assert.equal(event.sepm.local_port, '99999');
    assert.equal(event.sepm.begin, '06/08/2021 20:09');
    assert.ok(normalizeEvent(event, CONTEXT.receivedAt).ok);
  });

  test('more positional fields than the layout has are kept under `sepm.unplaced`', () => {
    const event = sepmEvent('Site: S1,Server Name: SEPM01,Domain Name: Default,The client has downloaded the policy successfully,LT-1,devuser,example.com,extra one');
    assert.deepEqual(event.sepm.unplaced, ['extra one']);
  });

  test('a line that is no SEPM log is a failure with the reason, for the dead letters', () => {
    const result = wireFormat('sepm')!.createParser()('<13>Jun  8 20:12:19 fw01 kernel: DROP IN=eth0', CONTEXT);
    assert.ok(!result.ok);
    assert.match(result.reason, /not a SEPM log line: .*it begins "DROP IN=eth0"/);
    assert.equal(result.column, 34, 'where the body begins');
  });
});
