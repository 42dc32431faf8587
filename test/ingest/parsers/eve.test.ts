import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { detect } from '../../../src/detect/index.ts';
import type { EdrEvent } from '../../../src/model/index.ts';
import { wireFormat } from '../../../src/ingest/parsers/index.ts';
import { seedEvent } from '../../detect/seed-event.ts';
import { SHARED_DATA, skipWithout } from '../../helpers/shared-data.ts';
import { assertContract, CONTEXT, failureOf, fill, MEGABYTE, onlyEvent } from './wire-format-checks.ts';

const parse = wireFormat('eve')!.createParser();
const SAMPLE = join(SHARED_DATA, 'suricata/eve.json');

/** The canonical event without its `suricata` fields, and the names of those. */
function split(event: Record<string, unknown>): [Record<string, unknown>, string[]] {
  const { suricata, ...rest } = event;
  return [rest, Object.keys(suricata as object).sort()];
}

function sampleLine(eventType: string): string {
  const line = readFileSync(SAMPLE, 'utf8').split('\n').find((candidate) => candidate.includes(`"event_type":"${eventType}"`) || candidate.includes(`"event_type": "${eventType}"`));
  assert.ok(line, `no ${eventType} line in the sample`);
  return line;
}

describe('Suricata EVE: the real sample (tenzir), one golden line per event type', { skip: skipWithout(SAMPLE) }, () => {
  test('every line parses and normalizes', () => {
    const lines = readFileSync(SAMPLE, 'utf8').split('\n').filter((line) => line.trim() !== '');
    assert.equal(lines.length, 8);
    for (const line of lines) onlyEvent(parse, line);
  });

  test('alert: an intrusion detection; both addresses public, neither port well-known, so the source (the client) is the endpoint', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('alert')));
    assert.deepEqual(event, {
      device_time: '2011-08-12T12:52:57.716Z',
      product_name: 'Suricata',
      type_id: 4124,
      event_id: 206,
      signature_id: 2017318,
      sid: 2017318,
      signature_name: 'ET CURRENT_EVENTS SUSPICIOUS IRC - PRIVMSG *.(exe|tar|tgz|zip)  download command',
      categories: ['Potentially Bad Traffic'],
      severity: 7,
      severity_id: 4,
      device_ip: '147.32.84.165',
      internal_ip: '147.32.84.165',
      internal_port: 1181,
      external_ip: '78.40.125.4',
      external_port: 6667,
      traffic_direction: 2,
      symc_device_action: 2,
      network_protocol: 2,
      connection: { uid: '1031464864740687', bytes_upload: 2302, bytes_download: 4520 },
    });
    assert.deepEqual(kept, ['alert', 'event_type', 'flow', 'packet', 'packet_info', 'payload', 'payload_printable', 'pcap_cnt', 'stream']);
  });

  test('dns: a Network Event with the query', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('dns')));
    assert.deepEqual(event, {
      device_time: '2011-08-12T12:55:22.154Z',
      product_name: 'Suricata',
      type_id: 8007,
      source_ip: '147.32.84.165',
      source_port: [1141],
      target_ip: '147.32.80.9',
      target_port: [53],
      device_ip: '147.32.84.165',
      internal_ip: '147.32.84.165',
      internal_port: 1141,
      external_ip: '147.32.80.9',
      external_port: 53,
      data_direction: 2,
      network_protocol: 3,
      edr_data_protocols: ['DNS'],
      dns: { query: 'irc.freenode.net', query_type: 'A' },
      connection: { uid: '2247896271051770' },
    });
    assert.deepEqual(kept, ['dns', 'event_type', 'pcap_cnt']);
  });

  test('fileinfo: logged from the server\'s side (port 80 to 1046): the client is the destination; the file and its HTTP transaction', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('fileinfo')));
    assert.deepEqual(event, {
      device_time: '2011-08-12T14:59:22.181Z',
      product_name: 'Suricata',
      type_id: 8007,
      source_ip: '147.32.84.165',
      source_port: [1046],
      target_ip: '74.207.254.18',
      target_port: [80],
      device_ip: '147.32.84.165',
      internal_ip: '147.32.84.165',
      internal_port: 1046,
      external_ip: '74.207.254.18',
      external_port: 80,
      data_direction: 2,
      network_protocol: 2,
      edr_data_protocols: ['HTTP'],
      http: { host: 'www.nmap.org', uri: '/', method: 'GET', user_agent: 'Mozilla/4.0 (compatible)', status_code: 301 },
      data_source_url: 'http://www.nmap.org/',
      data_source_url_domain: 'www.nmap.org',
      file: {
        name: '/',
        md5: '70041821acf87389e40ddcb092004184',
        sha1: '10395ab3566395ca050232d2c1a0dbad69eb5fd2',
        sha2: '2e4c462b3424afcc04f43429d5f001e4ef9a28143bfeefb9af2254b4df3a7c1a',
        size: 301,
      },
      connection: { uid: '472067367468746' },
    });
    // The packet's own addresses were the other way round: they stay as logged.
    assert.deepEqual(kept, ['app_proto', 'dest_ip', 'dest_port', 'event_type', 'fileinfo', 'http', 'pcap_cnt', 'src_ip', 'src_port']);
  });

  test('flow: connection statistics from the flow\'s start to its end; the logging time is kept', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('flow')));
    assert.deepEqual(event, {
      device_time: '2011-08-12T12:53:47.928Z',
      device_end_time: '2011-08-12T12:53:47.928Z',
      product_name: 'Suricata',
      type_id: 8007,
      operation: 3,
      source_ip: '147.32.84.165',
      source_port: [138],
      target_ip: '147.32.84.255',
      target_port: [138],
      device_ip: '147.32.84.165',
      internal_ip: '147.32.84.165',
      internal_port: 138,
      external_ip: '147.32.84.255',
      external_port: 138,
      data_direction: 2,
      network_protocol: 3,
      connection: { uid: '929669869939483', bytes_upload: 486, bytes_download: 0 },
    });
    assert.deepEqual(kept, ['app_proto', 'event_type', 'flow', 'timestamp']);
  });

  test('http: the URL, host, method and user agent', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('http')));
    const url = '/service/check2?appid=%7B430FD4D0-B729-4F61-AA34-91526481799D%7D&appversion=1.3.21.65&applang=&machine=0&version=1.3.21.65&osversion=5.1&servicepack=Service%20Pack%202';
    assert.deepEqual(event, {
      device_time: '2011-08-12T13:00:36.378Z',
      product_name: 'Suricata',
      type_id: 8007,
      source_ip: '147.32.84.165',
      source_port: [1027],
      target_ip: '74.125.232.202',
      target_port: [80],
      device_ip: '147.32.84.165',
      internal_ip: '147.32.84.165',
      internal_port: 1027,
      external_ip: '74.125.232.202',
      external_port: 80,
      data_direction: 2,
      network_protocol: 2,
      edr_data_protocols: ['HTTP'],
      http: { host: 'cr-tools.clients.google.com', uri: url, method: 'GET', user_agent: 'Google Update/1.3.21.65;winhttp' },
      data_source_url: `http://cr-tools.clients.google.com${url}`,
      data_source_url_domain: 'cr-tools.clients.google.com',
      connection: { uid: '269421754201300' },
    });
    assert.deepEqual(kept, ['event_type', 'http', 'pcap_cnt', 'tx_id']);
  });

  test('netflow: one direction\'s bytes, sent by the source', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('netflow')));
    assert.deepEqual([event.type_id, event.operation, event.device_time, event.device_end_time, event.connection, event.device_ip, event.external_ip], [
      8007, 3, '2011-08-12T12:53:47.928Z', '2011-08-12T12:53:47.928Z', { uid: '929669869939483', bytes_upload: 486 }, '147.32.84.165', '147.32.84.255',
    ]);
    assert.deepEqual(kept, ['app_proto', 'event_type', 'netflow', 'timestamp']);
  });

  test('stats: no addresses, the sensor reporting on itself (System Health)', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('stats')));
    assert.deepEqual(event, { device_time: '2019-05-02T13:56:53.843Z', product_name: 'Suricata', type_id: 1000 });
    assert.deepEqual(kept, ['event_type', 'stats']);
  });

  test('quic: the private source is the endpoint; the SNI is the TLS server name', () => {
    const [event, kept] = split(onlyEvent(parse, sampleLine('quic')));
    assert.deepEqual(event, {
      device_time: '2018-03-02T15:20:26.274Z',
      product_name: 'Suricata',
      type_id: 8007,
      source_ip: '172.31.65.77',
      source_port: [57549],
      target_ip: '209.85.202.155',
      target_port: [443],
      device_ip: '172.31.65.77',
      internal_ip: '172.31.65.77',
      internal_port: 57549,
      external_ip: '209.85.202.155',
      external_port: 443,
      data_direction: 2,
      network_protocol: 3,
      edr_data_protocols: ['QUIC'],
      tls: { server_name: 'stats.g.doubleclick.net' },
      connection: { uid: '377203059543418' },
    });
    assert.deepEqual(kept, ['event_type', 'pcap_cnt', 'pkt_src', 'quic']);
  });
});

/** A Suricata 7 alert for the seed's connection: the endpoint 192.0.2.10:443 talking to 192.0.2.100:18878. */
function trickbotAlert(overrides: Record<string, unknown> = {}, alertOverrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: '2021-06-08T20:08:00.000000+0000',
    flow_id: 1620000000000001,
    in_iface: 'eth0',
    event_type: 'alert',
    src_ip: '192.0.2.10',
    src_port: 443,
    dest_ip: '192.0.2.100',
    dest_port: 18878,
    proto: 'TCP',
    community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
    direction: 'to_server',
    alert: {
      action: 'allowed', gid: 1, signature_id: 2035595, rev: 2, signature: 'ET MALWARE Trickbot CnC Checkin', category: 'A Network Trojan was detected', severity: 1,
      metadata: {
        mitre_tactic_id: ['TA0011'], mitre_tactic_name: ['Command_And_Control'], mitre_technique_id: ['T1071'], mitre_technique_name: ['Application_Layer_Protocol'],
      },
      ...alertOverrides,
    },
    flow: { pkts_toserver: 5, pkts_toclient: 4, bytes_toserver: 940, bytes_toclient: 610, start: '2021-06-08T20:07:58.120000+0000', src_ip: '192.0.2.10', dest_ip: '192.0.2.100', src_port: 443, dest_port: 18878 },
    ...overrides,
  });
}

describe('Suricata EVE: an alert means what a SEP IPS detection means', () => {
  test('a Trickbot alert gives the seed\'s incident shape', () => {
    const event = onlyEvent(parse, trickbotAlert());
    const [fromEve] = detect([{ ...event, event_uuid: 'eve-1', log_time: CONTEXT.receivedAt } as EdrEvent]);
    const [fromSeed] = detect([seedEvent()]);
    assert.equal(fromEve.rule_id, fromSeed.rule_id);
    assert.equal(fromEve.description, 'Malicious traffic detected: ET MALWARE Trickbot CnC Checkin');
    for (const field of ['priority_level', 'attack', 'remote', 'traffic_direction'] as const) assert.deepEqual(fromEve[field], fromSeed[field], field);
    assert.equal(fromEve.endpoint.device_ip, fromSeed.endpoint.device_ip);
    for (const field of ['type_id', 'event_id', 'severity', 'device_ip', 'internal_ip', 'internal_port', 'external_ip', 'external_port', 'network_protocol', 'traffic_direction', 'symc_device_action']) {
      assert.deepEqual(event[field], (seedEvent() as Record<string, unknown>)[field], field);
    }
    assert.deepEqual(event.mitre, { technique_id: 'T1071', technique_name: 'Application Layer Protocol', tactic_uid: 'TA0011', tactic: 'Command And Control' });
    assert.equal(event.community_id, '1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });

  test('Suricata severity 1–3 (and beyond) on SEP\'s scale and as severity_id', () => {
    const severities = [1, 2, 3, 4].map((severity) => onlyEvent(parse, trickbotAlert({}, { severity })));
    assert.deepEqual(severities.map((event) => [event.severity, event.severity_id]), [[3, 5], [7, 4], [11, 3], [15, 1]]);
  });

  test('an IPS that blocked says Blocked; one that only alerted says Detected', () => {
    assert.equal(onlyEvent(parse, trickbotAlert({}, { action: 'blocked' })).symc_device_action, 1);
    assert.equal(onlyEvent(parse, trickbotAlert({}, { action: 'allowed' })).symc_device_action, 2);
  });
});

describe('Suricata EVE: which side is the endpoint', () => {
  const sidesOf = (record: Record<string, unknown>) => {
    const event = onlyEvent(parse, JSON.stringify({ timestamp: '2021-06-08T20:08:00Z', event_type: 'alert', proto: 'TCP', alert: { signature_id: 1, signature: 'x', severity: 2 }, ...record }));
    return [event.device_ip, event.internal_port, event.external_ip, event.external_port, event.traffic_direction];
  };
  const PACKET = { src_ip: '198.51.100.7', src_port: 80, dest_ip: '192.168.1.20', dest_port: 51000 };

  test('the flow\'s own addresses (Suricata 7) say who connected, whatever way the packet went', () => {
    const flow = { src_ip: '192.168.1.20', src_port: 51000, dest_ip: '198.51.100.7', dest_port: 80 };
    assert.deepEqual(sidesOf({ ...PACKET, flow }), ['192.168.1.20', 51000, '198.51.100.7', 80, 2]);
  });

  test('direction to_client: the packet went from the server to the client', () => {
    assert.deepEqual(sidesOf({ ...PACKET, direction: 'to_client' }), ['192.168.1.20', 51000, '198.51.100.7', 80, 2]);
    // to_server with the same addresses: the public host connected in.
    assert.deepEqual(sidesOf({ ...PACKET, direction: 'to_server' }), ['192.168.1.20', 51000, '198.51.100.7', 80, 1]);
  });

  test('the rule\'s target (alert.target) is the endpoint even when it is not the internal side', () => {
    const target = { ip: '198.51.100.7', port: 80 };
    assert.deepEqual(sidesOf({ ...PACKET, direction: 'to_client', alert: { signature_id: 1, severity: 2, target, source: { ip: '192.168.1.20', port: 51000 } } }), ['198.51.100.7', 80, '192.168.1.20', 51000, 1]);
  });

  test('both internal or both public: the client is the endpoint (outbound)', () => {
    const internal = { src_ip: '10.0.0.5', src_port: 50000, dest_ip: '10.0.0.9', dest_port: 445, direction: 'to_server' };
    assert.deepEqual(sidesOf(internal), ['10.0.0.5', 50000, '10.0.0.9', 445, 2]);
    assert.deepEqual(sidesOf({ ...internal, src_ip: '2001:db8::5', dest_ip: '2001:db8::9' }), ['2001:db8::5', 50000, '2001:db8::9', 445, 2]);
  });

  test('without flow or direction, a well-known port facing a higher one marks the server', () => {
    assert.deepEqual(sidesOf(PACKET), ['192.168.1.20', 51000, '198.51.100.7', 80, 2]);
    assert.deepEqual(sidesOf({ ...PACKET, src_port: 8080 }), ['192.168.1.20', 51000, '198.51.100.7', 8080, 1]);
  });
});

describe('Suricata EVE: protocol details', () => {
  const eventOf = (record: Record<string, unknown>) => onlyEvent(parse, JSON.stringify({
    timestamp: '2021-06-08T20:08:00Z', src_ip: '10.0.0.5', src_port: 53000, dest_ip: '192.0.2.53', dest_port: 53, proto: 'UDP', ...record,
  }));

  test('DNS answers in each layout: v1 one rdata, v2 answers[] or grouped, v3 queries[]', () => {
    assert.deepEqual(eventOf({ event_type: 'dns', dns: { type: 'answer', rrname: 'a.example', rrtype: 'A', rcode: 'NOERROR', rdata: '192.0.2.1' } }).dns,
      { query: 'a.example', query_type: 'A', response_code: 'NOERROR', answers: ['192.0.2.1'] });
    assert.deepEqual(eventOf({ event_type: 'dns', dns: { version: 2, type: 'answer', rrname: 'a.example', rrtype: 'A', rcode: 'NOERROR', answers: [{ rdata: '192.0.2.1' }, { rdata: '192.0.2.2' }] } }).dns,
      { query: 'a.example', query_type: 'A', response_code: 'NOERROR', answers: ['192.0.2.1', '192.0.2.2'] });
    assert.deepEqual(eventOf({ event_type: 'dns', dns: { version: 2, rrname: 'a.example', grouped: { A: ['192.0.2.1'], CNAME: ['b.example'] } } }).dns,
      { query: 'a.example', answers: ['192.0.2.1', 'b.example'] });
    assert.deepEqual(eventOf({ event_type: 'dns', dns: { version: 3, queries: [{ rrname: 'c.example', rrtype: 'AAAA' }] } }).dns, { query: 'c.example', query_type: 'AAAA' });
  });

  test('TLS: SNI, version, subject, issuer, JA3 and JA3S hashes', () => {
    const event = eventOf({
      event_type: 'tls', dest_port: 443, proto: 'TCP',
      tls: { sni: 'c2.example', version: 'TLS 1.2', subject: 'CN=c2.example', issuerdn: 'CN=Fake CA', ja3: { hash: 'e7d705a3286e19ea42f587b344ee6865', string: '771,…' }, ja3s: { hash: '623de93db17d313345d7ea481e7443cf' } },
    });
    assert.deepEqual(event.tls, { server_name: 'c2.example', version: 'TLS 1.2', subject: 'CN=c2.example', issuer: 'CN=Fake CA', ja3: 'e7d705a3286e19ea42f587b344ee6865', ja3s: '623de93db17d313345d7ea481e7443cf' });
    assert.deepEqual(event.edr_data_protocols, ['TLS']);
  });

  test('an alert with HTTP metadata carries the URL as SEP\'s intrusion_url', () => {
    const event = onlyEvent(parse, trickbotAlert({ http: { hostname: 'c2.example', url: '/gate.php' } }));
    assert.equal(event.intrusion_url, 'c2.example/gate.php');
    assert.equal(event.data_source_url, 'http://c2.example/gate.php');
  });

  test('a missing or unreadable timestamp: the receipt time, and the text kept', () => {
    const event = eventOf({ event_type: 'dns', timestamp: 'soon' });
    assert.equal(event.device_time, CONTEXT.receivedAt);
    assert.equal((event.suricata as Record<string, unknown>).timestamp, 'soon');
  });

  test('an address that is no address is kept as sent, never in an address field', () => {
    const event = eventOf({ event_type: 'flow', src_ip: 'not-an-ip' });
    assert.equal(event.source_ip, undefined);
    assert.equal((event.suricata as Record<string, unknown>).src_ip, 'not-an-ip');
    assert.equal(event.device_ip, '192.0.2.53');
  });
});

describe('Suricata EVE: malformed lines', () => {
  test('each refusal says what and where', () => {
    assert.deepEqual(failureOf(parse, '{"event_type":"alert",}'), { reason: 'not JSON: expected a double-quoted property name, found "}"', column: 23 });
    assert.deepEqual(failureOf(parse, '[1]'), { reason: 'an EVE record must be a JSON object', column: 1 });
    assert.deepEqual(failureOf(parse, '{"timestamp":"2021-06-08T20:08:00Z"}'), { reason: 'the EVE record has no event_type', column: 1 });
  });

  test('a blank line gives nothing', () => {
    assert.deepEqual(parse('\r\n', CONTEXT), { ok: true, events: [] });
  });
});

describe('Suricata EVE: any input', () => {
  const check = (line: string) => assertContract(line, parse(line, CONTEXT));

  test('arbitrary strings never throw and answer as the contract says', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1500 });
  });

  test('random EVE records (any event type, addresses valid or not, any protocol objects) give events that normalize', () => {
    const address = fc.constantFrom('10.0.0.1', '192.0.2.100', '::1', '2001:db8::1', 'fe80::1%eth0', '300.1.1.1', '', 'x');
    const port = fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.constantFrom('80', 'x', null));
    const anything = fc.jsonValue({ maxDepth: 3 });
    const record = fc.record({
      timestamp: fc.oneof(fc.constantFrom('2021-06-08T20:08:00.1+0200', '2021-13-01T00:00:00Z', 'x'), fc.double()),
      event_type: fc.constantFrom('alert', 'dns', 'http', 'tls', 'fileinfo', 'flow', 'netflow', 'stats', 'quic', 'anomaly', 'smb', ''),
      src_ip: address, dest_ip: address, src_port: port, dest_port: port,
      proto: fc.constantFrom('TCP', 'UDP', 'ICMP', 'IPv6-ICMP', 'SCTP', 6, 17, 'x'),
      direction: fc.constantFrom('to_server', 'to_client', 'x'),
      flow_id: fc.oneof(fc.integer(), fc.string()),
      community_id: anything,
      alert: fc.record({ signature_id: fc.oneof(fc.integer(), fc.double(), fc.string()), signature: anything, severity: fc.oneof(fc.integer({ min: -2, max: 9 }), fc.string()), action: fc.constantFrom('allowed', 'blocked', 'x'), target: fc.record({ ip: address }), metadata: anything }, { requiredKeys: [] }),
      flow: fc.record({ src_ip: address, dest_ip: address, bytes_toserver: anything, start: anything, end: anything }, { requiredKeys: [] }),
      netflow: fc.record({ bytes: anything, start: anything }, { requiredKeys: [] }),
      dns: fc.record({ rrname: anything, answers: anything, grouped: anything, queries: anything, rdata: anything }, { requiredKeys: [] }),
      http: fc.record({ hostname: anything, url: anything, status: anything, http_user_agent: anything }, { requiredKeys: [] }),
      tls: fc.record({ sni: anything, ja3: anything }, { requiredKeys: [] }),
      fileinfo: fc.record({ filename: anything, sha256: anything, size: anything }, { requiredKeys: [] }),
      extra: anything,
    }, { requiredKeys: ['event_type'] });
    fc.assert(fc.property(record, (fields) => check(JSON.stringify(fields))), { numRuns: 3000 });
  });

  test('megabyte lines of adversarial text are read in one pass', { timeout: 120_000 }, () => {
    const half = MEGABYTE / 2;
    const lines = [
      `{"event_type":"alert","alert":${'['.repeat(half)}${']'.repeat(half)}}`, `{"event_type":"alert","alert":${fill('[')}`, fill('{"a":'), fill(' '),
      `{"event_type":"http","http":{"hostname":"${fill('a')}","url":"${fill('/')}"}}`, `{"event_type":"${fill('x')}"}`, `{"event_type":"dns",${fill('"a":1,')}"b":1}`,
      `{"event_type":"dns","dns":{"answers":[${fill('{"rdata":"x"},')}{}]}}`, fill('\\u'),
    ];
    for (const line of lines) {
      assert.ok(line.length >= MEGABYTE);
      assertContract(line, parse(line, CONTEXT), () => true);
    }
  });
});
