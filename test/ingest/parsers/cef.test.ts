import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { detect } from '../../../src/detect/index.ts';
import type { EdrEvent } from '../../../src/model/index.ts';
import { wireFormat } from '../../../src/ingest/parsers/index.ts';
import { severityIdOfCef } from '../../../src/ingest/parsers/cef-event.ts';
import { formatCef } from '../../../src/notify/cef.ts';
import { assertContract, canonical, CONTEXT, eventsOf, failureOf, fill, MEGABYTE, onlyEvent } from './wire-format-checks.ts';

const parse = wireFormat('cef')!.createParser();

describe('CEF: golden lines', () => {
  test('a firewall connection becomes a Network Event with the endpoint and the remote side', () => {
    const line = 'CEF:0|Check Point|VPN-1 & FireWall-1|R81|Accept|accept|3|src=10.1.1.5 spt=51515 dst=203.0.113.9 dpt=443 proto=tcp act=accept '
      + 'rt=1623182880000 suser=alice shost=ws-17 dhost=www.example.com cs1Label=Rule Name cs1=Allow web out msg=Connection accepted from the office LAN';
    assert.deepEqual(onlyEvent(parse, line), {
      type_id: 8007,
      source_ip: '10.1.1.5',
      source_port: [51515],
      target_ip: '203.0.113.9',
      target_port: [443],
      device_ip: '10.1.1.5',
      internal_ip: '10.1.1.5',
      internal_port: 51515,
      external_ip: '203.0.113.9',
      external_port: 443,
      data_direction: 2,
      description: 'accept',
      product_name: 'Check Point VPN-1 & FireWall-1',
      product_ver: 'R81',
      device_time: '2021-06-08T20:08:00.000Z',
      severity_id: 2,
      message: 'Connection accepted from the office LAN',
      actual_action: 'accept',
      device_name: 'ws-17',
      user_name: 'alice',
      network_protocol: 2,
      cef: {
        version: '0', deviceVendor: 'Check Point', deviceProduct: 'VPN-1 & FireWall-1', deviceVersion: 'R81', deviceEventClassId: 'Accept', severity: '3',
        'Rule Name': 'Allow web out', dhost: 'www.example.com',
      },
    });
  });

  const SNORT = 'CEF:0|Snort|Snort IDS|2.9.20|1:2027865:3|ET MALWARE Trickbot Checkin|9|src=10.0.0.23 spt=51233 dst=192.0.2.100 dpt=18878 proto=TCP '
    + 'act=alert cat=Intrusion Detection smac=00155D4A1B23 dmac=00000C9FF001 start=Jun 08 2021 20:09:41 UTC end=Jun 08 2021 20:09:47.250 UTC sproc=updater.exe spid=4242';

  test('an IDS alert becomes the intrusion detection SEP\'s IPS sends (4124 / 206), the internal side as the endpoint', () => {
    assert.deepEqual(onlyEvent(parse, SNORT), {
      type_id: 4124,
      event_id: 206,
      signature_id: 2027865,
      sid: 2027865,
      signature_name: 'ET MALWARE Trickbot Checkin',
      device_ip: '10.0.0.23',
      internal_ip: '10.0.0.23',
      internal_port: 51233,
      external_ip: '192.0.2.100',
      external_port: 18878,
      traffic_direction: 2,
      symc_device_action: 2,
      product_name: 'Snort Snort IDS',
      product_ver: '2.9.20',
      device_time: '2021-06-08T20:09:41.000Z',
      device_end_time: '2021-06-08T20:09:47.250Z',
      severity_id: 5,
      categories: ['Intrusion Detection'],
      actual_action: 'alert',
      app_name: 'updater.exe',
      event_actor: { pid: 4242 },
      local_host_mac: '00155D4A1B23',
      remote_host_mac: '00000C9FF001',
      network_protocol: 2,
      cef: { version: '0', deviceVendor: 'Snort', deviceProduct: 'Snort IDS', deviceVersion: '2.9.20', deviceEventClassId: '1:2027865:3', severity: '9' },
    });
  });

  test('the IDS alert gives the seed\'s incident shape: Malicious Traffic, HIGH, the endpoint and the remote party', () => {
    const [alert] = detect([{ ...onlyEvent(parse, SNORT), event_uuid: 'cef-1', log_time: CONTEXT.receivedAt } as EdrEvent]);
    assert.equal(alert.rule_id, 'MaliciousTrafficIncident');
    assert.equal(alert.description, 'Malicious traffic detected: ET MALWARE Trickbot Checkin');
    assert.equal(alert.priority_level, 3);
    assert.deepEqual(alert.remote, { ip: '192.0.2.100', port: 18878 });
    assert.equal(alert.traffic_direction, 2);
    assert.equal(alert.endpoint.device_ip, '10.0.0.23');
  });

  test('deviceDirection names the endpoint: 0 inbound (the destination), 1 outbound (the source)', () => {
    const base = 'CEF:0|Vendor|Intrusion Prevention|1|30010|OS Attack: SMB|7|src=203.0.113.45 spt=50522 dst=198.51.100.40 dpt=445 act=blocked';
    const inbound = onlyEvent(parse, `${base} deviceDirection=0`);
    assert.deepEqual([inbound.device_ip, inbound.external_ip, inbound.internal_port, inbound.traffic_direction, inbound.symc_device_action], ['198.51.100.40', '203.0.113.45', 445, 1, 1]);
    const outbound = onlyEvent(parse, `${base} deviceDirection=1`);
    assert.deepEqual([outbound.device_ip, outbound.external_ip, outbound.traffic_direction], ['203.0.113.45', '198.51.100.40', 2]);
    // Without a direction and both addresses public, the source (the side that connected) is the endpoint.
    assert.equal(onlyEvent(parse, base).device_ip, '203.0.113.45');
  });

  test('only a clear intrusion detection becomes one: an IDS product or category, a numeric signature, both addresses', () => {
    const typeOf = (line: string) => onlyEvent(parse, line).type_id;
    assert.equal(typeOf('CEF:0|Acme|Firewall|1|2017318|blocked|5|src=10.0.0.1 dst=192.0.2.1'), 8007, 'not an IDS');
    assert.equal(typeOf('CEF:0|Acme|Firewall|1|2017318|x|5|cat=/Intrusion/Detected src=10.0.0.1 dst=192.0.2.1'), 4124, 'an intrusion category');
    assert.equal(typeOf('CEF:0|Acme|IPS|1|sig-17|x|5|src=10.0.0.1 dst=192.0.2.1'), 8007, 'no numeric signature');
    assert.equal(typeOf('CEF:0|Acme|IPS|1|17|x|5|src=10.0.0.1'), 8007, 'one address only');
    assert.equal(typeOf('CEF:0|Acme|Bipsy|1|17|x|5|src=10.0.0.1 dst=192.0.2.1'), 8007, '"ips" inside a word');
  });

  test('without addresses, a file event (8003) or a monitored-source event (8015) on the reporting device', () => {
    const file = onlyEvent(parse, `CEF:0|AV|Scanner|5|100|Virus found|8|dvchost=ws-9 dvc=10.0.0.9 fname=invoice.exe filePath=C:\\Users\\a\\invoice.exe fileHash=${'AB'.repeat(32)} fsize=1024 duser=bob`);
    assert.deepEqual(
      [file.type_id, file.device_name, file.device_ip, file.file, file.description],
      [8003, 'ws-9', '10.0.0.9', { name: 'invoice.exe', path: 'C:\\Users\\a\\invoice.exe', sha2: 'ab'.repeat(32), size: 1024 }, 'Virus found'],
    );
    // duser is the target side's user: with no sides it stays as sent.
    assert.equal((file.cef as Record<string, unknown>).duser, 'bob');
    const audit = onlyEvent(parse, 'CEF:0|Acme|Auth|1|login|User logged in|2|suser=carol shost=ws-2 cnt=3');
    assert.deepEqual([audit.type_id, audit.user_name, audit.device_name, audit.count], [8015, 'carol', 'ws-2', 3]);
  });

  test('the header\'s severity (0–10 or a label) becomes severity_id by the inverse of ICD\'s table', () => {
    const expected = [1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 6];
    assert.deepEqual(expected.map((_id, level) => severityIdOfCef(String(level))), expected);
    assert.deepEqual(['Low', 'Medium', 'High', 'Very-High', 'Unknown'].map(severityIdOfCef), [2, 3, 4, 5, 0]);
    assert.deepEqual(['11', '-1', 'urgent', ''].map(severityIdOfCef), [undefined, undefined, undefined, undefined]);
    assert.equal(onlyEvent(parse, 'CEF:0|V|P|1|x|y|urgent|').severity_id, undefined);
  });
});

describe('CEF: escaping', () => {
  test('header: \\| is a pipe, \\\\ a backslash, any other backslash is kept', () => {
    const event = onlyEvent(parse, 'CEF:0|Ven\\|dor|C:\\Prog\\\\x|1.0|id\\|7|name \\\\ and \\|pipe|5|');
    assert.deepEqual(event.cef, { version: '0', deviceVendor: 'Ven|dor', deviceProduct: 'C:\\Prog\\x', deviceVersion: '1.0', deviceEventClassId: 'id|7', severity: '5' });
    assert.equal(event.description, 'name \\ and |pipe');
  });

  test('extension: \\= \\\\ \\n \\r are decoded, other backslashes kept; values hold spaces and unescaped = until the next key', () => {
    const event = onlyEvent(parse, 'CEF:0|V|P|1|x|y|1|msg=a\\=b c\\\\d\\nline two\\rend request=http://h/p?q=1&r=2 cs2Label=Path cs2=C:\\Temp\\Files\\a b.txt cn1=7');
    assert.equal(event.message, 'a=b c\\d\nline two\rend');
    assert.equal(event.data_source_url, 'http://h/p?q=1&r=2');
    const cef = event.cef as Record<string, unknown>;
    assert.equal(cef.Path, 'C:\\Temp\\Files\\a b.txt');
    assert.equal(cef.cn1, '7');
  });

  test('a value ending in an unescaped backslash (a Windows folder) ends at the space before the next key', () => {
    const event = onlyEvent(parse, String.raw`CEF:0|Vendor|AV|1.0|100|Quarantined|7|filePath=C:\Users\bob\Downloads\ act=quarantine suser=bob`);
    assert.deepEqual(event.file, { path: 'C:\\Users\\bob\\Downloads\\' });
    assert.equal(event.actual_action, 'quarantine');
    assert.equal(event.user_name, 'bob');
  });

  test('a key-like word followed by = ends the value (as the specification says senders must escape it)', () => {
    const cef = onlyEvent(parse, 'CEF:0|V|P|1|x|y|1|cs3=one two=three').cef as Record<string, unknown>;
    assert.deepEqual([cef.cs3, cef.two], ['one', 'three']);
  });

  test('a value keeps its own spaces: the separator is the one space before the next key', () => {
    const cef = onlyEvent(parse, 'CEF:0|V|P|1|x|y|1|cs4=  padded  cs5=end ').cef as Record<string, unknown>;
    assert.deepEqual([cef.cs4, cef.cs5], ['  padded ', 'end ']);
  });

  test('repeated keys and extensions named like header fields keep every value (#2, #3)', () => {
    const cef = onlyEvent(parse, 'CEF:0|V|P|1|x|y|1|tag=a tag=b tag=c severity=High __proto__=p').cef as Record<string, unknown>;
    assert.deepEqual([cef.tag, cef['tag#2'], cef['tag#3'], cef.severity, cef['severity#2']], ['a', 'b', 'c', '1', 'High']);
    assert.ok(Object.hasOwn(cef, '__proto__'));
    assert.equal(Object.getPrototypeOf(cef), Object.prototype);
  });

  test('a custom label that would hide another field keeps the field and its label under their own keys', () => {
    const cef = onlyEvent(parse, 'CEF:0|V|P|1|x|y|1|cs1Label=act cs1=custom act=blocked').cef as Record<string, unknown>;
    assert.deepEqual([cef.cs1, cef.cs1Label], ['custom', 'act']);
  });

  test('text before CEF: (a syslog header left on) is kept as cef.prefix', () => {
    const event = onlyEvent(parse, '<134>Jun  8 20:08:00 fw01 CEF:0|V|P|1|x|y|1|msg=hi\r\n');
    assert.equal((event.cef as Record<string, unknown>).prefix, '<134>Jun  8 20:08:00 fw01');
    assert.equal(event.message, 'hi');
  });

  test('what formatCef writes (Vigil\'s forwarding) reads back to the same values, whatever they hold', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(fc.property(text, text, text.filter((value) => !/[\r\n]/.test(value)), (message, custom, name) => {
      const line = formatCef({ vendor: 'Vigil', product: 'Test', version: '1', signatureId: 'x', name, severity: 5, extensions: [['msg', message], ['cs1', custom], ['cs1Label', 'Custom']] });
      const [event] = eventsOf(parse, line);
      assert.equal(event.message ?? '', message);
      assert.equal((event.cef as Record<string, unknown>)?.Custom ?? '', custom);
      assert.equal(event.description ?? '', name);
    }), { numRuns: 500 });
  });
});

describe('CEF: times', () => {
  const timeOf = (value: string, receivedAt = CONTEXT.receivedAt) => onlyEvent(parse, `CEF:0|V|P|1|x|y|1|rt=${value}`, { ...CONTEXT, receivedAt }).device_time;

  test('epoch milliseconds, the specification\'s text forms, ISO-8601', () => {
    assert.equal(timeOf('1623182880000'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('Jun 08 2021 20:08:00'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('Jun 08 2021 22:08:00.125 +02:00'), '2021-06-08T20:08:00.125Z');
    assert.equal(timeOf('Jun 8 2021 20:08:00 GMT'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('2021-06-08T20:08:00Z'), '2021-06-08T20:08:00.000Z');
  });

  test('without a year: the latest year that puts the time at most a day after receipt, as in a syslog header', () => {
    assert.equal(timeOf('Apr 30 23:00:00'), '2024-04-30T23:00:00.000Z');
    assert.equal(timeOf('May 02 11:00:00'), '2024-05-02T11:00:00.000Z');
    assert.equal(timeOf('Jun 08 20:08:00'), '2023-06-08T20:08:00.000Z');
    assert.equal(timeOf('Dec 31 23:59:58', '2025-01-01T00:00:05.000Z'), '2024-12-31T23:59:58.000Z');
    assert.equal(timeOf('Jan 01 00:10:00', '2023-12-31T23:30:00.000Z'), '2024-01-01T00:10:00.000Z', 'a sender a little ahead at New Year');
    assert.equal(timeOf('Jan 01 23:00:00 -02:00', '2023-12-31T23:30:00.000Z'), '2023-01-02T01:00:00.000Z', 'in UTC more than a day ahead');
  });

  test('a time that cannot be read (a named zone, 30 February) is kept as sent and the receipt time used', () => {
    for (const value of ['Jun 08 2021 20:08:00 CEST', 'Feb 30 2021 10:00:00', 'yesterday']) {
      const event = onlyEvent(parse, `CEF:0|V|P|1|x|y|1|rt=${value}`);
      assert.equal(event.device_time, CONTEXT.receivedAt, value);
      assert.equal((event.cef as Record<string, unknown>).rt, value);
    }
  });
});

describe('CEF: Symantec EDR\'s own export', () => {
  const EVENT = {
    type_id: 4124, event_id: 206, device_time: '2021-06-08T20:08:00.000Z', device_ip: '192.0.2.10', external_ip: '192.0.2.100',
    signature_name: 'System Infected: Trojan.Trickybot Activity 15', app_name: 'E:\\TOMCAT\\BIN\\TOMCAT7.EXE', note: 'a b=c \\ | x=y',
  };

  test('an incident line (as Vigil\'s forwarding writes it) gives back its events exactly', () => {
    const line = formatCef({
      vendor: 'Symantec', product: 'ATPU', version: '4.6', signatureId: 'atp_incident', name: 'Malicious traffic detected', severity: 8,
      extensions: [['rt', 1623182880000], ['externalId', 100001], ['device_time', '2021-06-08T20:08:00.000Z'], ['json', JSON.stringify({ atp_incident_id: 100001, events: [EVENT, { ...EVENT, device_ip: '192.0.2.23' }] })]],
    });
    assert.deepEqual(eventsOf(parse, line), [EVENT, { ...EVENT, device_ip: '192.0.2.23' }]);
  });

  test('an event line whose JSON is written raw (not CEF-escaped) with a key-like text inside a string', () => {
    const line = `CEF:0|Symantec|ATPU|4.6|atp_event|Intrusion|8|json=${JSON.stringify(EVENT)} device_time=2021-06-08T20:08:00.000Z`;
    assert.deepEqual(eventsOf(parse, line), [EVENT]);
  });

  test('the reference\'s sample, with Windows paths in lone backslashes, is read', () => {
    const line = 'CEF:0|Symantec|ATPU|4.6|atp_event|Security risk found|5|json={"actual_action":"Quarantined","device_ip":"194.164.1.245",'
      + '"device_time":"2017-01-25T09:18:16.914Z","file":{"folder":"C:\\Users\\Admin\\Downloads","name":"cloudcar.exe"},"type_id":4102}';
    const [event] = eventsOf(parse, line);
    assert.deepEqual(event.file, { folder: 'C:\\Users\\Admin\\Downloads', name: 'cloudcar.exe' });
    assert.equal(canonical(event).type_id, 4102);
  });

  test('a cut payload is refused with where the JSON broke; an incident without events is refused too', () => {
    const cut = failureOf(parse, 'CEF:0|Symantec|ATPU|4.6|atp_incident|x|8|json={"events":[{"type_id":4124');
    assert.match(cut.reason, /json= payload of a Symantec EDR export is not valid JSON/);
    assert.equal(cut.column, 73);
    assert.match(failureOf(parse, 'CEF:0|Symantec|ATPU|4.6|atp_incident|x|8|json={"events":[]}').reason, /without events/);
    assert.match(failureOf(parse, 'CEF:0|Symantec|ATPU|4.6|atp_incident|x|8|json={"events":[1]}').reason, /event 1 .* not a JSON object/);
  });

  test('other vendors\' json= is an ordinary field', () => {
    assert.deepEqual(onlyEvent(parse, 'CEF:0|Acme|P|1|x|y|1|json={"a":1}').cef, { version: '0', deviceVendor: 'Acme', deviceProduct: 'P', deviceVersion: '1', deviceEventClassId: 'x', severity: '1', json: '{"a":1}' });
  });
});

describe('CEF: malformed lines', () => {
  test('each refusal says what and where', () => {
    assert.deepEqual(failureOf(parse, 'hello'), { reason: 'not a CEF record: "CEF:" is missing', column: 1 });
    const short = failureOf(parse, 'CEF:0|Vendor|Product|1.0');
    assert.match(short.reason, /header ends after 4 of its 7 fields/);
    assert.equal(short.column, 25);
    assert.deepEqual(failureOf(parse, 'CEF:x|V|P|1|x|y|1|'), { reason: 'the CEF version must be a number such as 0 or 1, got "x"', column: 5 });
    const noKey = failureOf(parse, 'CEF:0|V|P|1|x|y|1|just words');
    assert.match(noKey.reason, /must start with key=value/);
    assert.equal(noKey.column, 19);
  });

  test('a header with its last pipe left out is read, with no extension', () => {
    assert.equal(onlyEvent(parse, 'CEF:0|V|P|1|x|name|3').description, 'name');
  });

  test('a blank line gives nothing and is no error', () => {
    assert.deepEqual(parse('  \r\n', CONTEXT), { ok: true, events: [] });
  });
});

describe('CEF: any input', () => {
  const isSymantecExport = (event: Record<string, unknown>) => !Object.hasOwn(event, 'cef');
  const check = (line: string) => assertContract(line, parse(line, CONTEXT), isSymantecExport);

  test('arbitrary strings never throw and answer as the contract says', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1500 });
  });

  test('random CEF-shaped lines (escapes, keys, addresses, times in pieces) never throw', () => {
    const piece = fc.constantFrom('|', '\\', '\\|', '\\\\', '=', '\\=', ' ', 'src=', 'dst=', 'spt=', 'dpt=443', 'rt=', 'json=', '{', '}', '"', '10.0.0.1', '2001:db8::1',
      '999999', 'Jun 08 2021 20:08:00 UTC', 'cs1Label=', 'cs1=', 'cat=IDS ', 'deviceDirection=0', 'act=blocked', '__proto__=', 'a', '\n', 'CEF:0|');
    const line = fc.tuple(fc.constantFrom('CEF:0|', 'CEF:1|Symantec|ATPU|1|2|3|4|', 'CEF:0|V|IDS|1|2017318|n|8|', ''), fc.array(piece, { maxLength: 60 }))
      .map(([head, pieces]) => head + pieces.join(''));
    fc.assert(fc.property(line, check), { numRuns: 3000 });
  });

  test('megabyte lines of adversarial text are read in one pass', { timeout: 120_000 }, () => {
    const lines = [
      fill('\\|='), `CEF:0|${fill('\\|=')}`, `CEF:0|V|P|1|x|y|1|a=${fill('\\|=')}`, `CEF:0|V|P|1|x|y|1|${fill('a=')}`, `CEF:0|V|P|1|x|y|1|a=${fill(' a')}`,
      `CEF:0|V|P|1|x|y|1|a=${fill(' a=')}`, `CEF:0|V|P|1|x|y|1|a=${fill('=')}`, `CEF:0|V|P|1|x|y|1|a=${fill('\\')}`, `CEF:0|V|P|1|x|y|1|a=${fill(' ')}`,
      `CEF:0|Symantec|ATPU|1|x|y|1|${fill('json={ ')}`, `CEF:0|Symantec|ATPU|1|x|y|1|json=${fill('{"\\\\')}`, `CEF:0|Symantec|ATPU|1|x|y|1|json=[${fill('"\\u')}`,
      `CEF:0|V|P|1|x|y|1|rt=${fill('Jun ')}`, `CEF:0|V|P|1|x|y|1|cat=${fill('ids')}`, fill('CEF:'), fill('|'),
    ];
    for (const line of lines) {
      assert.ok(line.length >= MEGABYTE);
      assertContract(line, parse(line, CONTEXT), () => true);
    }
  });
});
