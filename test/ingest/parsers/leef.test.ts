import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { wireFormat } from '../../../src/ingest/parsers/index.ts';
import { assertContract, CONTEXT, failureOf, fill, MEGABYTE, onlyEvent } from './wire-format-checks.ts';

const parse = wireFormat('leef')!.createParser();

describe('LEEF: golden lines', () => {
  test('LEEF 1.0, tab-separated, the standard keys (IBM\'s own example, with a time added)', () => {
    const line = 'LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=10.50.1.1\tdst=2.10.20.20\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\t'
      + 'usrName=joe.black\tdevTime=Jun 08 2021 20:08:00.250 UTC\tproto=6\tsrcBytes=1200\tdstBytes=80';
    assert.deepEqual(onlyEvent(parse, line), {
      type_id: 8007,
      source_ip: '10.50.1.1',
      source_port: [81],
      target_ip: '2.10.20.20',
      target_port: [21],
      device_ip: '10.50.1.1',
      internal_ip: '10.50.1.1',
      internal_port: 81,
      external_ip: '2.10.20.20',
      external_port: 21,
      data_direction: 2,
      connection: { bytes_upload: 1200, bytes_download: 80 },
      product_name: 'Microsoft MSExchange',
      product_ver: '4.0 SP1',
      device_time: '2021-06-08T20:08:00.250Z',
      severity_id: 3,
      user_name: 'joe.black',
      categories: ['anomaly'],
      network_protocol: 2,
      leef: { version: '1.0', vendor: 'Microsoft', product: 'MSExchange', productVersion: '4.0 SP1', eventId: '15345', sev: '5' },
    });
  });

  test('LEEF 2.0 with a caret delimiter and devTimeFormat; an IDS category makes an intrusion detection', () => {
    const line = 'LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=203.0.113.7^dst=192.168.1.20^sev=9^cat=IDS^srcPort=44123^dstPort=3389^'
      + "devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ^devTime=2021-06-08T22:08:00.000+0200^identHostName=sensor-1";
    const event = onlyEvent(parse, line);
    assert.deepEqual(event, {
      type_id: 4124,
      event_id: 206,
      signature_id: 41,
      sid: 41,
      device_ip: '192.168.1.20',
      internal_ip: '192.168.1.20',
      internal_port: 3389,
      external_ip: '203.0.113.7',
      external_port: 44123,
      traffic_direction: 1,
      product_name: 'Lancope StealthWatch',
      product_ver: '1.0',
      device_time: '2021-06-08T20:08:00.000Z',
      severity_id: 5,
      categories: ['IDS'],
      leef: {
        version: '2.0', vendor: 'Lancope', product: 'StealthWatch', productVersion: '1.0', eventId: '41', delimiter: '^', sev: '9',
        devTimeFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSZ", identHostName: 'sensor-1',
      },
    });
  });

  test('without addresses the event is the reporting device\'s own', () => {
    const event = onlyEvent(parse, 'LEEF:1.0|IBM|QRadar|7.5|Login|usrName=admin\tidentHostName=qradar-1\tidentSrc=10.0.0.5\tsev=2');
    assert.deepEqual([event.type_id, event.device_name, event.device_ip, event.user_name, event.severity_id], [8015, 'qradar-1', '10.0.0.5', 'admin', 2]);
  });
});

describe('LEEF: devTime and devTimeFormat (Java date patterns)', () => {
  const timeOf = (time: string, format?: string) => onlyEvent(parse, `LEEF:1.0|V|P|1|E|devTime=${time}${format === undefined ? '' : `\tdevTimeFormat=${format}`}`).device_time;

  test('patterns with numeric and named months, 12-hour clocks, quoted literals, zones and packed digits', () => {
    assert.equal(timeOf('2021-06-08 22:08:00 +0200', 'yyyy-MM-dd HH:mm:ss Z'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('6/8/21 8:08 PM', 'M/d/yy h:mm a'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('Tue, 08 Jun 2021 20:08:00 GMT', 'EEE, dd MMM yyyy HH:mm:ss z'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('20210608200800', 'yyyyMMddHHmmss'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('0021-06-08 20:08:00', 'yyyy-MM-dd HH:mm:ss'), '0021-06-08T20:08:00.000Z');
  });

  test('without devTimeFormat: epoch milliseconds or CEF\'s forms', () => {
    assert.equal(timeOf('1623182880000'), '2021-06-08T20:08:00.000Z');
    assert.equal(timeOf('Jun 08 2021 20:08:00'), '2021-06-08T20:08:00.000Z');
  });

  test('without a year, by devTimeFormat or CEF\'s forms: the latest year that puts the time at most a day after receipt', () => {
    const newYearsEve = { ...CONTEXT, receivedAt: '2023-12-31T23:30:00.000Z' };
    for (const attributes of ['devTime=Jan 01 00:10:00', 'devTime=01/01 00:10\tdevTimeFormat=MM/dd HH:mm']) {
      assert.equal(onlyEvent(parse, `LEEF:1.0|V|P|1|E|${attributes}`, newYearsEve).device_time, '2024-01-01T00:10:00.000Z', attributes);
    }
    assert.equal(timeOf('Jun 08 20:08:00'), '2023-06-08T20:08:00.000Z');
  });

  test('a time that fits neither its pattern nor a standard form, or a pattern Vigil cannot read, leaves the receipt time and keeps the text', () => {
    // A pattern that does not fit an ISO time still lets the standard forms read it.
    assert.equal(timeOf('2021-06-08T20:08:00Z', 'dd/MM/yyyy'), '2021-06-08T20:08:00.000Z');
    for (const [time, format] of [['08.06.2021', 'dd/MM/yyyy'], ['08 Jun AD', 'dd MMM G'], ['13/13/2021', 'MM/dd/yyyy']]) {
      const event = onlyEvent(parse, `LEEF:1.0|V|P|1|E|devTime=${time}\tdevTimeFormat=${format}`);
      assert.equal(event.device_time, CONTEXT.receivedAt, format);
      assert.deepEqual([(event.leef as Record<string, unknown>).devTime, (event.leef as Record<string, unknown>).devTimeFormat], [time, format]);
    }
  });
});

describe('LEEF: delimiters and escaping', () => {
  const attributesOf = (line: string) => onlyEvent(parse, line).leef as Record<string, unknown>;

  test('the 2.0 delimiter field: one character, x.. or 0x.. hex, empty (tab), or left out (tab)', () => {
    assert.deepEqual([attributesOf('LEEF:2.0|V|P|1|E|x09|a=1\tb=2').b, attributesOf('LEEF:2.0|V|P|1|E|x09|a=1\tb=2').delimiter], ['2', undefined]);
    const pipe = attributesOf('LEEF:2.0|V|P|1|E|0x7C|a=1|b=2');
    assert.deepEqual([pipe.a, pipe.b, pipe.delimiter], ['1', '2', '|']);
    assert.equal(attributesOf('LEEF:2.0|V|P|1|E|x5e|a=1^b=2').b, '2');
    assert.equal(attributesOf('LEEF:2.0|V|P|1|E||a=1\tb=2').b, '2');
    assert.equal(attributesOf('LEEF:2.0|V|P|1|E|a=1\tb=2').b, '2');
  });

  test('header: \\| and \\\\ as in CEF', () => {
    assert.deepEqual(attributesOf('LEEF:1.0|Ven\\|dor|P\\\\x|1|E\\|1|a=1'), { version: '1.0', vendor: 'Ven|dor', product: 'P\\x', productVersion: '1', eventId: 'E|1', a: '1' });
  });

  test('values run to the delimiter: = inside a value, a piece without = belongs to the value before, empty pieces are skipped', () => {
    const attributes = attributesOf('LEEF:1.0|V|P|1|E|url=http://h/p?q=1&r=2\t\tnote=one\ttwo\tthree\t');
    assert.equal(onlyEvent(parse, 'LEEF:1.0|V|P|1|E|url=http://h/p?q=1&r=2\t\tnote=one\ttwo\tthree\t').data_source_url, 'http://h/p?q=1&r=2');
    assert.equal(attributes.note, 'one\ttwo\tthree');
  });

  test('a value ending in a backslash (a Windows folder) keeps it and ends at the delimiter', () => {
    const attributes = attributesOf('LEEF:1.0|V|AV|1|E|folder=C:\\Users\\bob\\Downloads\\\tact=quarantine');
    assert.deepEqual([attributes.folder, attributes.act], ['C:\\Users\\bob\\Downloads\\', 'quarantine']);
  });

  test('a syslog header before LEEF: is kept, repeated keys keep every value', () => {
    const attributes = attributesOf('<13>Jun  8 20:08:00 qradar LEEF:1.0|V|P|1|E|tag=a\ttag=b\tversion=9');
    assert.deepEqual([attributes.prefix, attributes.tag, attributes['tag#2'], attributes.version, attributes['version#2']], ['<13>Jun  8 20:08:00 qradar', 'a', 'b', '1.0', '9']);
  });

  test('an address that is no address stays as sent', () => {
    const event = onlyEvent(parse, 'LEEF:1.0|V|P|1|E|src=not-an-ip\tdstPort=99999');
    assert.equal(event.type_id, 8015);
    assert.deepEqual([(event.leef as Record<string, unknown>).src, (event.leef as Record<string, unknown>).dstPort], ['not-an-ip', '99999']);
  });
});

describe('LEEF: malformed lines', () => {
  test('each refusal says what and where', () => {
    assert.deepEqual(failureOf(parse, 'CEF:0|V|P'), { reason: 'not a LEEF record: "LEEF:" is missing', column: 1 });
    assert.deepEqual(failureOf(parse, 'LEEF:3.0|V|P|1|E|a=1'), { reason: 'the LEEF version must be 1.0 or 2.0, got "3.0"', column: 6 });
    assert.equal(failureOf(parse, 'LEEF:1.0|V|P').column, 13);
    assert.deepEqual(failureOf(parse, 'LEEF:1.0|V|P|1|E|words\ta=1'), { reason: 'a LEEF attribute must be key=value, got "words"', column: 18 });
  });
});

describe('LEEF: any input', () => {
  const check = (line: string) => assertContract(line, parse(line, CONTEXT));

  test('arbitrary strings never throw and answer as the contract says', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1500 });
  });

  test('random LEEF-shaped lines never throw', () => {
    const piece = fc.constantFrom('|', '\\|', '\t', '^', '=', 'src=', 'dst=', 'srcPort=', 'sev=', 'devTime=', 'devTimeFormat=', 'yyyy', 'MMM', "'", 'x09', '0x', '10.0.0.1',
      '::1', '443', 'Jun 08 2021', ' ', 'cat=IDS', 'usrName=', '__proto__=', 'a');
    const line = fc.tuple(fc.constantFrom('LEEF:1.0|V|P|1|7|', 'LEEF:2.0|V|IDS|1|7|', 'LEEF:2.0|', ''), fc.array(piece, { maxLength: 60 }))
      .map(([head, pieces]) => head + pieces.join(''));
    fc.assert(fc.property(line, check), { numRuns: 3000 });
  });

  test('megabyte lines of adversarial text are read in one pass', { timeout: 120_000 }, () => {
    const lines = [
      fill('\t'), `LEEF:1.0|V|P|1|E|${fill('\t')}`, `LEEF:1.0|V|P|1|E|a=${fill('x\t')}`, `LEEF:1.0|V|P|1|E|${fill('a=\t')}`, `LEEF:2.0|V|P|1|E|^|${fill('^=')}`,
      `LEEF:1.0|V|P|1|E|a=${fill('=')}`, `LEEF:1.0|${fill('\\|')}`, `LEEF:1.0|V|P|1|E|devTimeFormat=${fill('y')}\tdevTime=${fill('1')}`,
      `LEEF:2.0|V|P|1|E|${fill('x')}|a=1`, fill('LEEF:'),
    ];
    for (const line of lines) {
      assert.ok(line.length >= MEGABYTE);
      assertContract(line, parse(line, CONTEXT), () => true);
    }
  });
});
