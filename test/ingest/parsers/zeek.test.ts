// Zeek samples written for these tests (no Zeek data is in ../shared/data): the header blocks are
// those Zeek 4–6 writes for each log, the values a Trickbot-like session of the founding scenario.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { wireFormat, type LineParser, type ParseResult } from '../../../src/ingest/parsers/index.ts';
import { assertContract, canonical, CONTEXT, fill, MEGABYTE } from './wire-format-checks.ts';

const newParser = (): LineParser => wireFormat('zeek')!.createParser();

/** The header lines Zeek writes before a log's records. */
function headerOf(path: string, fields: readonly (readonly [string, string])[], separator = '\t'): string[] {
  const escaped = `\\x${separator.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return [
    `#separator ${escaped}`,
    ['#set_separator', ','].join(separator),
    ['#empty_field', '(empty)'].join(separator),
    ['#unset_field', '-'].join(separator),
    ['#path', path].join(separator),
    ['#open', '2021-06-08-20-00-00'].join(separator),
    ['#fields', ...fields.map(([name]) => name)].join(separator),
    ['#types', ...fields.map(([, type]) => type)].join(separator),
  ];
}

const ID_FIELDS = [['ts', 'time'], ['uid', 'string'], ['id.orig_h', 'addr'], ['id.orig_p', 'port'], ['id.resp_h', 'addr'], ['id.resp_p', 'port']] as const;
const CONN_FIELDS = [
  ...ID_FIELDS, ['proto', 'enum'], ['service', 'string'], ['duration', 'interval'], ['orig_bytes', 'count'], ['resp_bytes', 'count'], ['conn_state', 'string'],
  ['local_orig', 'bool'], ['local_resp', 'bool'], ['missed_bytes', 'count'], ['history', 'string'], ['orig_pkts', 'count'], ['orig_ip_bytes', 'count'],
  ['resp_pkts', 'count'], ['resp_ip_bytes', 'count'], ['tunnel_parents', 'set[string]'],
] as const;
const DNS_FIELDS = [
  ...ID_FIELDS, ['proto', 'enum'], ['trans_id', 'count'], ['rtt', 'interval'], ['query', 'string'], ['qclass', 'count'], ['qclass_name', 'string'], ['qtype', 'count'],
  ['qtype_name', 'string'], ['rcode', 'count'], ['rcode_name', 'string'], ['AA', 'bool'], ['TC', 'bool'], ['RD', 'bool'], ['RA', 'bool'], ['Z', 'count'],
  ['answers', 'vector[string]'], ['TTLs', 'vector[interval]'], ['rejected', 'bool'],
] as const;
const HTTP_FIELDS = [
  ...ID_FIELDS, ['trans_depth', 'count'], ['method', 'string'], ['host', 'string'], ['uri', 'string'], ['referrer', 'string'], ['version', 'string'],
  ['user_agent', 'string'], ['request_body_len', 'count'], ['response_body_len', 'count'], ['status_code', 'count'], ['status_msg', 'string'],
  ['resp_fuids', 'vector[string]'], ['resp_mime_types', 'vector[string]'],
] as const;
const SSL_FIELDS = [
  ...ID_FIELDS, ['version', 'string'], ['cipher', 'string'], ['server_name', 'string'], ['established', 'bool'], ['ja3', 'string'], ['ja3s', 'string'],
  ['subject', 'string'], ['issuer', 'string'],
] as const;
const FILES_FIELDS = [
  ['ts', 'time'], ['fuid', 'string'], ['tx_hosts', 'set[addr]'], ['rx_hosts', 'set[addr]'], ['conn_uids', 'set[string]'], ['source', 'string'], ['depth', 'count'],
  ['analyzers', 'set[string]'], ['mime_type', 'string'], ['filename', 'string'], ['duration', 'interval'], ['is_orig', 'bool'], ['seen_bytes', 'count'],
  ['total_bytes', 'count'], ['md5', 'string'], ['sha1', 'string'], ['sha256', 'string'],
] as const;

const CONN_LINE = ['1623182880.123456', 'CwTLJM1NkRrGtWhwJ8', '10.0.0.23', '51233', '192.0.2.100', '18878', 'tcp', 'ssl,http', '6.25', '940', '610', 'SF', 'T', 'F', '0',
  'ShADadFf', '5', '1200', '4', '900', '(empty)'].join('\t');
const DNS_LINE = ['1623182879.5', 'CdnsQ1', '10.0.0.23', '53211', '10.0.0.1', '53', 'udp', '4711', '0.012', 'c2.example', '1', 'C_INTERNET', '1', 'A', '0', 'NOERROR',
  'F', 'F', 'T', 'T', '0', '192.0.2.100,192.0.2.101', '60.000000,60.000000', 'F'].join('\t');
const HTTP_LINE = ['1623182880.5', 'CwTLJM1NkRrGtWhwJ8', '10.0.0.23', '51233', '192.0.2.100', '18878', '1', 'POST', '192.0.2.100:18878', '/gate.php?id=42', '-', '1.1',
  'Mozilla/5.0\\x09(Trick\\\\bot)', '512', '128', '200', 'OK', 'FjKx3a1', 'text/plain'].join('\t');
const SSL_LINE = ['1623182880.2', 'CwTLJM1NkRrGtWhwJ8', '10.0.0.23', '51233', '192.0.2.100', '18878', 'TLSv12', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'c2.example', 'T',
  'e7d705a3286e19ea42f587b344ee6865', '623de93db17d313345d7ea481e7443cf', 'CN=c2.example,O=Evil', 'CN=c2.example,O=Evil'].join('\t');
const FILES_LINE = ['1623182881.0', 'FjKx3a1', '192.0.2.100', '10.0.0.23', 'CwTLJM1NkRrGtWhwJ8', 'HTTP', '0', 'MD5,SHA1,SHA256', 'application/x-dosexec', 'invoice.exe',
  '0.5', 'F', '2048', '2048', '8a2c7a2c1fa2c2a4e0a0a1d2e3f40506', 'a9993e364706816aba3e25717850c26c9cd0d89d',
  '2e4c462b3424afcc04f43429d5f001e4ef9a28143bfeefb9af2254b4df3a7c1a'].join('\t');

/** Reads lines with one parser, as one stream; returns the canonical events and every result. */
function readStream(lines: readonly string[], parse = newParser()): { events: Record<string, unknown>[]; results: ParseResult[] } {
  const results = lines.map((line) => parse(line, CONTEXT));
  const events = results.flatMap((result) => {
    assert.ok(result.ok, JSON.stringify(result));
    return result.events.map((event) => canonical(event));
  });
  return { events, results };
}

function onlyStreamEvent(lines: readonly string[]): Record<string, unknown> {
  const { events } = readStream(lines);
  assert.equal(events.length, 1);
  return events[0];
}

describe('Zeek TSV: golden records', () => {
  test('conn: header lines give no events; the record becomes connection statistics; local_orig names the endpoint', () => {
    const { events, results } = readStream([...headerOf('conn', CONN_FIELDS), CONN_LINE, '#close\t2021-06-08-21-00-00']);
    assert.ok(results.every((result, index) => result.ok && result.events.length === (index === 8 ? 1 : 0)));
    assert.deepEqual(events, [{
      type_id: 8007,
      device_time: '2021-06-08T20:08:00.123Z',
      device_end_time: '2021-06-08T20:08:06.373Z',
      product_name: 'Zeek',
      operation: 3,
      source_ip: '10.0.0.23',
      source_port: [51233],
      target_ip: '192.0.2.100',
      target_port: [18878],
      device_ip: '10.0.0.23',
      internal_ip: '10.0.0.23',
      internal_port: 51233,
      external_ip: '192.0.2.100',
      external_port: 18878,
      data_direction: 2,
      network_protocol: 2,
      edr_data_protocols: ['TLS', 'HTTP'],
      connection: { uid: 'CwTLJM1NkRrGtWhwJ8', bytes_upload: 940, bytes_download: 610 },
      zeek: {
        _path: 'conn', conn_state: 'SF', local_orig: true, local_resp: false, missed_bytes: 0, history: 'ShADadFf', orig_pkts: 5, orig_ip_bytes: 1200,
        resp_pkts: 4, resp_ip_bytes: 900, tunnel_parents: [],
      },
    }]);
  });

  test('dns: query, type, response code and answers; both sides internal, so the client is the endpoint', () => {
    const event = onlyStreamEvent([...headerOf('dns', DNS_FIELDS), DNS_LINE]);
    assert.deepEqual([event.device_ip, event.external_ip, event.network_protocol, event.edr_data_protocols], ['10.0.0.23', '10.0.0.1', 3, ['DNS']]);
    assert.deepEqual(event.dns, { query: 'c2.example', query_type: 'A', response_code: 'NOERROR', answers: ['192.0.2.100', '192.0.2.101'] });
    assert.deepEqual(event.zeek, {
      _path: 'dns', trans_id: 4711, rtt: 0.012, qclass: 1, qclass_name: 'C_INTERNET', qtype: 1, rcode: 0, AA: false, TC: false, RD: true, RA: true, Z: 0, TTLs: [60, 60], rejected: false,
    });
  });

  test('http: host, URI, method, user agent (\\x09 and \\\\ decoded), status; the unset referrer is absent', () => {
    const event = onlyStreamEvent([...headerOf('http', HTTP_FIELDS), HTTP_LINE]);
    assert.deepEqual(event.http, { host: '192.0.2.100:18878', uri: '/gate.php?id=42', method: 'POST', user_agent: 'Mozilla/5.0\t(Trick\\bot)', status_code: 200 });
    assert.deepEqual([event.data_source_url, event.data_source_url_domain, event.data_source_url_referer], ['http://192.0.2.100:18878/gate.php?id=42', '192.0.2.100:18878', undefined]);
    assert.deepEqual(event.zeek, {
      _path: 'http', trans_depth: 1, version: '1.1', request_body_len: 512, response_body_len: 128, status_msg: 'OK', resp_fuids: ['FjKx3a1'], resp_mime_types: ['text/plain'],
    });
  });

  test('ssl: server name, version, JA3/JA3S, subject and issuer as tls', () => {
    const event = onlyStreamEvent([...headerOf('ssl', SSL_FIELDS), SSL_LINE]);
    assert.deepEqual(event.tls, {
      server_name: 'c2.example', version: 'TLSv12', subject: 'CN=c2.example,O=Evil', issuer: 'CN=c2.example,O=Evil',
      ja3: 'e7d705a3286e19ea42f587b344ee6865', ja3s: '623de93db17d313345d7ea481e7443cf',
    });
    assert.deepEqual(event.edr_data_protocols, ['TLS']);
    assert.deepEqual(event.zeek, { _path: 'ssl', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', established: true });
  });

  test('files (Zeek 4, tx_hosts/rx_hosts): the hashes; the internal receiver is the endpoint, the file came in', () => {
    const event = onlyStreamEvent([...headerOf('files', FILES_FIELDS), FILES_LINE]);
    assert.deepEqual(event.file, {
      name: 'invoice.exe', md5: '8a2c7a2c1fa2c2a4e0a0a1d2e3f40506', sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      sha2: '2e4c462b3424afcc04f43429d5f001e4ef9a28143bfeefb9af2254b4df3a7c1a', size: 2048, mime_type: 'application/x-dosexec',
    });
    assert.deepEqual([event.source_ip, event.target_ip, event.device_ip, event.external_ip, event.data_direction], ['192.0.2.100', '10.0.0.23', '10.0.0.23', '192.0.2.100', 1]);
    assert.deepEqual([event.connection, event.edr_data_protocols], [{ uid: 'CwTLJM1NkRrGtWhwJ8' }, ['HTTP']]);
  });

  test('one stream holding several logs, each after its own header', () => {
    const { events } = readStream([
      ...headerOf('conn', CONN_FIELDS), CONN_LINE, '#close\t2021-06-08-21-00-00', ...headerOf('dns', DNS_FIELDS), DNS_LINE, ...headerOf('ssl', SSL_FIELDS), SSL_LINE,
    ]);
    assert.deepEqual(events.map((event) => (event.zeek as Record<string, unknown>)._path), ['conn', 'dns', 'ssl']);
  });

  test('another separator (#separator \\x7c), escapes of the separators inside values, the empty field', () => {
    const fields = [['ts', 'time'], ['id.orig_h', 'addr'], ['id.resp_h', 'addr'], ['note', 'string'], ['tags', 'set[string]'], ['blank', 'string']] as const;
    const event = onlyStreamEvent([...headerOf('weird', fields, '|'), '1623182880|10.0.0.23|192.0.2.100|a\\x7cb\\x09c|x\\x2cy,z|(empty)']);
    assert.deepEqual(event.zeek, { _path: 'weird', note: 'a|b\tc', tags: ['x,y', 'z'], blank: '' });
    assert.equal(event.type_id, 8007);
  });
});

describe('Zeek JSON', () => {
  const eventOf = (record: Record<string, unknown>, source = 'test') => {
    const result = newParser()(JSON.stringify(record), { ...CONTEXT, source });
    assert.ok(result.ok, JSON.stringify(result));
    return canonical(result.events[0]);
  };
  const CONN = { ts: 1623182880.123456, uid: 'CwTLJM1NkRrGtWhwJ8', 'id.orig_h': '10.0.0.23', 'id.orig_p': 51233, 'id.resp_h': '192.0.2.100', 'id.resp_p': 18878 };

  test('the same record as TSV gives the same event', () => {
    const fromTsv = onlyStreamEvent([...headerOf('conn', CONN_FIELDS), CONN_LINE]);
    const fromJson = eventOf({
      _path: 'conn', ...CONN, proto: 'tcp', service: 'ssl,http', duration: 6.25, orig_bytes: 940, resp_bytes: 610, conn_state: 'SF', local_orig: true, local_resp: false,
      missed_bytes: 0, history: 'ShADadFf', orig_pkts: 5, orig_ip_bytes: 1200, resp_pkts: 4, resp_ip_bytes: 900, tunnel_parents: [],
    });
    assert.deepEqual(fromJson, fromTsv);
  });

  test('ISO times (json-timestamps iso8601) and the community id', () => {
    const event = eventOf({ _path: 'conn', ...CONN, ts: '2021-06-08T20:08:00.123456Z', community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=' });
    assert.deepEqual([event.device_time, event.community_id], ['2021-06-08T20:08:00.123Z', '1:LQU9qZlK+B5F3KDmev6m5PMibrg=']);
  });

  test('without _path: the log is told by the fields only it has, or by the source\'s file name', () => {
    assert.equal((eventOf({ ...CONN, server_name: 'c2.example' }).zeek as Record<string, unknown>)._path, 'ssl');
    assert.deepEqual(eventOf({ ...CONN, query: 'c2.example', qtype_name: 'A' }).dns, { query: 'c2.example', query_type: 'A' });
    assert.equal((eventOf({ ts: 1623182881, fuid: 'F1', tx_hosts: ['192.0.2.100'], rx_hosts: ['10.0.0.23'], sha256: 'ab' }).file as Record<string, unknown>).sha2, 'ab');
    assert.deepEqual(eventOf({ ...CONN, host: 'c2.example' }, 'file:/var/log/zeek/http.2021-06-08.log').http, { host: 'c2.example' });
    // With nothing to tell the log by, a record with addresses is still a network event.
    assert.equal(eventOf({ ...CONN, something: 1 }, 'file:/tmp/x.log').type_id, 8007);
  });
});

describe('Zeek: malformed lines and unknown logs', () => {
  test('a data line before #fields', () => {
    assert.deepEqual(newParser()(CONN_LINE, CONTEXT), { ok: false, reason: 'a Zeek data line came before the #fields header (give the log with its header lines)', column: 1 });
  });

  test('too few or too many fields, and a value that is not of its type, say where', () => {
    const parse = newParser();
    for (const line of headerOf('conn', CONN_FIELDS)) parse(line, CONTEXT);
    const values = CONN_LINE.split('\t');
    const short = values.slice(0, -1).join('\t');
    assert.deepEqual(parse(short, CONTEXT), { ok: false, reason: 'the line has 20 fields where #fields names 21', column: short.length + 1 });
    assert.deepEqual(parse(`${CONN_LINE}\textra`, CONTEXT), { ok: false, reason: 'the line has 22 fields where #fields names 21', column: CONN_LINE.length + 2 });
    const badCount = [...values.slice(0, 9), '9x4', ...values.slice(10)].join('\t');
    assert.deepEqual(parse(badCount, CONTEXT), { ok: false, reason: 'orig_bytes is not a whole number (count): "9x4"', column: values.slice(0, 9).join('\t').length + 2 });
    const badBool = [...values.slice(0, 12), 'yes', ...values.slice(13)].join('\t');
    assert.equal((parse(badBool, CONTEXT) as { reason: string }).reason, 'local_orig is not a bool (T or F): "yes"');
    // The stream goes on after a bad line.
    assert.ok(parse(CONN_LINE, CONTEXT).ok);
  });

  test('a bad #separator is refused', () => {
    assert.deepEqual(newParser()('#separator tab', CONTEXT), { ok: false, reason: '#separator must name one character (such as \\x09), got "tab"', column: 12 });
  });

  test('a log with addresses but not one of the five is a plain network event; one without is refused with the reason', () => {
    const weird = newParser()(JSON.stringify({ _path: 'weird', ts: 1623182880, 'id.orig_h': '10.0.0.23', 'id.resp_h': '192.0.2.100', name: 'bad_TCP_checksum' }), CONTEXT);
    assert.ok(weird.ok && weird.events[0].type_id === 8007);
    assert.deepEqual(newParser()('{"_path":"loaded_scripts","name":"base/init-bare.zeek"}', CONTEXT), {
      ok: false, reason: 'the Zeek loaded_scripts log is not one Vigil reads (conn, dns, http, ssl, files, or any log with id.orig_h/id.resp_h)', column: 1,
    });
    assert.equal((newParser()('{"name":"x"}', CONTEXT) as { reason: string }).reason, 'cannot tell which Zeek log this record is from (no _path or #path, and the fields do not say)');
    assert.deepEqual(newParser()('{"_path":', CONTEXT), { ok: false, reason: 'not JSON: expected a value (object, array, string, number, true, false or null), found the end of the input', column: 10 });
  });
});

describe('Zeek: any input', () => {
  function primed(): LineParser {
    const parse = newParser();
    for (const line of headerOf('conn', CONN_FIELDS)) parse(line, CONTEXT);
    return parse;
  }

  test('arbitrary strings never throw, on a fresh stream and after a header', () => {
    const fresh = newParser();
    const withHeader = primed();
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (line) => {
      assertContract(line, fresh(line, CONTEXT));
      assertContract(line, withHeader(line, CONTEXT));
    }), { numRuns: 1500 });
  });

  test('random data lines of the right width, with any values, give events that normalize or say which field is wrong', () => {
    const value = fc.oneof(fc.constantFrom('-', '(empty)', '10.0.0.1', '::1', '1623182880.5', '99999', '0', 'T', 'F', 'tcp', 'a,b', '\\x09', '\\x', '\\\\', '1e400', '-1'), fc.string({ maxLength: 8 }));
    const parse = primed();
    fc.assert(fc.property(fc.array(value, { minLength: CONN_FIELDS.length, maxLength: CONN_FIELDS.length }), (values) => {
      const line = values.join('\t');
      if (line.startsWith('#') || line.startsWith('{') || line.trim() === '') return;
      assertContract(line, parse(line, CONTEXT));
    }), { numRuns: 3000 });
  });

  test('random JSON records give events that normalize', () => {
    const anything = fc.jsonValue({ maxDepth: 2 });
    const record = fc.record({
      _path: fc.constantFrom('conn', 'dns', 'http', 'ssl', 'files', 'weird', ''), ts: fc.oneof(fc.double(), fc.string(), fc.constant('2021-06-08T20:08:00Z')),
      'id.orig_h': fc.constantFrom('10.0.0.1', '2001:db8::1', 'x', ''), 'id.resp_h': fc.constantFrom('192.0.2.1', 'x'), 'id.orig_p': anything, 'id.resp_p': anything,
      proto: anything, service: anything, duration: fc.double(), orig_bytes: anything, local_orig: anything, query: anything, answers: anything, host: anything,
      uri: anything, status_code: anything, server_name: anything, tx_hosts: anything, rx_hosts: fc.array(fc.constantFrom('10.0.0.2', 'y')), total_bytes: anything, fuid: anything,
    }, { requiredKeys: [] });
    const parse = newParser();
    fc.assert(fc.property(record, (fields) => {
      const line = JSON.stringify(fields);
      assertContract(line, parse(line, CONTEXT));
    }), { numRuns: 3000 });
  });

  test('megabyte lines of adversarial text are read in one pass', { timeout: 120_000 }, () => {
    const manyFields = Array.from({ length: MEGABYTE / 4 }, (_, index) => `f${index}`);
    const wide = newParser();
    wide(`#fields\t${manyFields.join('\t')}`, CONTEXT);
    wide(`#types\t${manyFields.map(() => 'set[string]').join('\t')}`, CONTEXT);
    const cases: [LineParser, string][] = [
      [primed(), fill('\t')], [primed(), fill('\\x')], [primed(), fill('\\x0')], [primed(), `${CONN_LINE.split('\t').slice(0, 20).join('\t')}\t${fill(',')}`],
      [primed(), fill('#')], [newParser(), `#fields${fill('\t')}`], [newParser(), `#separator ${fill('\\x09')}`], [wide, manyFields.map(() => 'a,bc').join('\t')],
      [newParser(), `{"_path":"conn",${fill('"a":1,')}"b":1}`], [newParser(), fill('{"_path":')], [primed(), fill('-\t')],
    ];
    for (const [parse, line] of cases) {
      assert.ok(line.length >= MEGABYTE);
      assertContract(line, parse(line, CONTEXT), () => true);
    }
  });
});
