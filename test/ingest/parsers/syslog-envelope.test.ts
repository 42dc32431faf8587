// The syslog header as real senders write it: each deviation the connectors guide lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSyslogEnvelope, type SyslogEnvelope } from '../../../src/ingest/parsers/syslog-envelope.ts';

const RECEIVED = '2021-06-09T00:00:00.000Z';

function envelopeOf(line: string, receivedAt = RECEIVED): SyslogEnvelope {
  const result = parseSyslogEnvelope(line, receivedAt);
  assert.ok(result.ok, `expected a readable header: ${JSON.stringify(result)}`);
  return result.envelope;
}

function failureOf(line: string) {
  const result = parseSyslogEnvelope(line, RECEIVED);
  assert.ok(!result.ok, 'expected a failure');
  return result;
}

describe('RFC 5424', () => {
  test('every header field, nil values as null, the body after one space', () => {
    const envelope = envelopeOf('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - An application event');
    assert.deepEqual(
      { ...envelope },
      {
        form: 'rfc5424', facility: 20, severity: 5, timestamp: '2003-10-11T22:14:15.003Z', yearless: null, unreadableTimestamp: null,
        hostname: 'mymachine.example.com', appName: 'evntslog', procId: null, msgId: 'ID47', structuredData: null, relayAddress: null,
        message: 'An application event', messageOffset: 72,
      },
    );
  });

  test('a time with an offset becomes UTC; microseconds are cut to milliseconds', () => {
    assert.equal(envelopeOf('<34>1 2003-08-24T05:14:15.000003-07:00 host app 8710 - - x').timestamp, '2003-08-24T12:14:15.000Z');
  });

  test('all nil: no time, no host, an empty body', () => {
    const envelope = envelopeOf('<14>1 - - - - - -');
    assert.equal(envelope.timestamp, null);
    assert.equal(envelope.hostname, null);
    assert.equal(envelope.message, '');
  });

  test('an unreadable time is kept as sent, not lost', () => {
    const envelope = envelopeOf('<14>1 yesterday host app - - - text');
    assert.equal(envelope.timestamp, null);
    assert.equal(envelope.unreadableTimestamp, 'yesterday');
    assert.equal(envelope.message, 'text');
  });

  test('RFC 5424 times: the UTC forms read field by field give what the Date round trip gives; impossible dates are unreadable', () => {
    assert.equal(envelopeOf('<14>1 2021-06-08T20:13:02Z h a - - - x').timestamp, '2021-06-08T20:13:02.000Z');
    assert.equal(envelopeOf('<14>1 2021-06-08T20:13:02.123Z h a - - - x').timestamp, '2021-06-08T20:13:02.123Z');
    assert.equal(envelopeOf('<14>1 2024-02-29T23:59:59Z h a - - - x').timestamp, '2024-02-29T23:59:59.000Z');
    assert.equal(envelopeOf('<14>1 2021-06-08T22:13:02+02:00 h a - - - x').timestamp, '2021-06-08T20:13:02.000Z');
    for (const time of ['2023-02-29T12:00:00Z', '2021-04-31T00:00:00Z', '2021-06-08T20:13:60Z', '2021-13-01T00:00:00Z']) {
      const envelope = envelopeOf(`<14>1 ${time} h a - - - x`);
      assert.equal(envelope.timestamp, null, time);
      assert.equal(envelope.unreadableTimestamp, time);
    }
  });

  test('structured data: several elements, escaped \\" \\\\ \\], a repeated parameter, other backslashes literal', () => {
    const envelope = envelopeOf(
      String.raw`<165>1 2003-10-11T22:14:15.003Z host app - - [exampleSDID@32473 iut="3" eventSource="Appli\"cation" path="C:\dir\\x" note="a\]b" tag="one" tag="two"][origin ip="192.0.2.1"] body`,
    );
    assert.deepEqual(envelope.structuredData, {
      'exampleSDID@32473': { iut: '3', eventSource: 'Appli"cation', path: String.raw`C:\dir\x`, note: 'a]b', tag: ['one', 'two'] },
      origin: { ip: '192.0.2.1' },
    });
    assert.equal(envelope.message, 'body');
  });

  test('a byte-order mark before the body is removed', () => {
    assert.equal(envelopeOf('<14>1 2021-06-08T20:13:02Z host app - - - \uFEFFWS-FIN-0142,Event').message, 'WS-FIN-0142,Event');
  });

  test('a hostname with a port loses the port (names, IPv4 and bracketed IPv6)', () => {
    assert.equal(envelopeOf('<14>1 - sepm01.example.com:514 app - - - x').hostname, 'sepm01.example.com');
    assert.equal(envelopeOf('<14>1 - 192.0.2.5:6514 app - - - x').hostname, '192.0.2.5');
    assert.equal(envelopeOf('<14>1 - [2001:db8::5]:514 app - - - x').hostname, '2001:db8::5');
    assert.equal(envelopeOf('<14>1 - 2001:db8::5 app - - - x').hostname, '2001:db8::5', 'a bare IPv6 address keeps its last group');
  });

  test('broken structured data is a failure with the column where reading stopped', () => {
    const unclosedValue = failureOf('<14>1 - host app - - [id a="unclosed] body');
    assert.match(unclosedValue.reason, /value of a in element \[id is not closed/);
    assert.equal(unclosedValue.column, 43, 'just past the end of the line');
    const noQuotes = failureOf('<14>1 - host app - - [id a=1] body');
    assert.match(noQuotes.reason, /must be in double quotes/);
    assert.equal(noQuotes.column, 28);
    assert.match(failureOf('<14>1 - host app - - [id a="1"').reason, /not closed with \]/);
    assert.match(failureOf('<14>1 - host app - - [] x').reason, /no SD-ID/);
  });
});

describe('RFC 3164', () => {
  test('the native SEPM form: two-space day, host, tag without pid', () => {
    const envelope = envelopeOf('<50>Jun  8 20:12:19 SEPM01 SymantecServer: SRV-WEB-01,Event Description: x');
    assert.equal(envelope.form, 'rfc3164');
    assert.equal(envelope.facility, 6);
    assert.equal(envelope.severity, 2);
    assert.equal(envelope.timestamp, '2021-06-08T20:12:19.000Z');
    assert.deepEqual(envelope.yearless, { month: 6, day: 8, hour: 20, minute: 12, second: 19, millisecond: 0 });
    assert.equal(envelope.hostname, 'SEPM01');
    assert.equal(envelope.appName, 'SymantecServer');
    assert.equal(envelope.procId, null);
    assert.equal(envelope.message, 'SRV-WEB-01,Event Description: x');
    assert.equal(envelope.messageOffset, 43);
  });

  test('a one-space day reads the same as a two-space day', () => {
    assert.equal(envelopeOf('<51>Jun 8 20:33:51 SEPM01 SymantecServer: x').timestamp, '2021-06-08T20:33:51.000Z');
  });

  test('a tag with a pid', () => {
    const envelope = envelopeOf('<38>Jun  8 20:12:19 web01 sshd[4711]: Accepted publickey for root');
    assert.equal(envelope.appName, 'sshd');
    assert.equal(envelope.procId, '4711');
    assert.equal(envelope.message, 'Accepted publickey for root');
  });

  test('no hostname: the tag follows the time', () => {
    const envelope = envelopeOf('<50>Jun  8 20:12:19 SymantecServer: body');
    assert.equal(envelope.hostname, null);
    assert.equal(envelope.appName, 'SymantecServer');
    assert.equal(envelope.message, 'body');
  });

  test('no tag: the rest after the host is the body', () => {
    const envelope = envelopeOf('<13>Jun  8 20:12:19 fw01 DROP IN=eth0 SRC=203.0.113.9');
    assert.equal(envelope.hostname, 'fw01');
    assert.equal(envelope.appName, null);
    assert.equal(envelope.message, 'DROP IN=eth0 SRC=203.0.113.9');
  });

  test('a hostname with a port', () => {
    assert.equal(envelopeOf('<50>Jun  8 20:12:19 SEPM01:514 SymantecServer: x').hostname, 'SEPM01');
    assert.equal(envelopeOf('<50>Jun  8 20:12:19 192.0.2.5:514 SymantecServer: x').hostname, '192.0.2.5');
  });

  test('a CEF body right after the time is not taken for a hostname', () => {
    const envelope = envelopeOf('<134>Jun  8 20:12:19 CEF:0|Vendor|Product|1.0|100|Name|5|src=192.0.2.1');
    assert.equal(envelope.hostname, null);
    assert.equal(envelope.message, 'CEF:0|Vendor|Product|1.0|100|Name|5|src=192.0.2.1');
  });

  test('a byte-order mark before the body is removed', () => {
    assert.equal(envelopeOf('<50>Jun  8 20:12:19 SEPM01 SymantecServer: \uFEFFbody').message, 'body');
  });

  test('no PRI (a syslog file line); RFC 3339 time in the 3164 position (rsyslog high precision); a year in the header', () => {
    const file = envelopeOf('Jun  8 20:12:19 SEPM01 SymantecServer: body');
    assert.equal(file.facility, null);
    assert.equal(file.hostname, 'SEPM01');
    assert.equal(file.message, 'body');
    const precise = envelopeOf('<50>2021-06-08T20:12:19.250+02:00 SEPM01 SymantecServer: body');
    assert.equal(precise.timestamp, '2021-06-08T18:12:19.250Z');
    assert.equal(precise.yearless, null);
    const withYear = envelopeOf('<50>Jun  8 2019 20:12:19 SEPM01 SymantecServer: body');
    assert.equal(withYear.timestamp, '2019-06-08T20:12:19.000Z');
    assert.equal(withYear.yearless, null);
  });

  test('a PRI but no time: the first word is no hostname', () => {
    const envelope = envelopeOf('<13>hello world');
    assert.equal(envelope.timestamp, null);
    assert.equal(envelope.hostname, null);
    assert.equal(envelope.message, 'hello world');
  });

  test('an out-of-range PRI is no header: the whole line is the body', () => {
    const envelope = envelopeOf('<192>Jun  8 20:12:19 host app: x');
    assert.equal(envelope.form, 'none');
    assert.equal(envelope.message, '<192>Jun  8 20:12:19 host app: x');
    assert.equal(envelopeOf('<999>text').form, 'none');
  });

  test('a "__proto__" SD-ID or parameter is plain data', () => {
    const envelope = envelopeOf('<14>1 - h a - - [__proto__ __proto__="x"] body');
    const data = envelope.structuredData!;
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.ok(Object.hasOwn(data, '__proto__'));
    assert.equal(JSON.stringify(data), '{"__proto__":{"__proto__":"x"}}');
  });
});

describe('the missing year: the latest year that does not put the time in the future (one day allowed for zones and skew)', () => {
  test('a time before the receive time is this year', () => {
    assert.equal(envelopeOf('<14>Jun  8 20:12:19 h a: x', '2021-06-09T00:00:00Z').timestamp, '2021-06-08T20:12:19.000Z');
  });

  test('across new year: December received in January is last year', () => {
    assert.equal(envelopeOf('<14>Dec 31 23:59:58 h a: x', '2022-01-01T00:00:05Z').timestamp, '2021-12-31T23:59:58.000Z');
  });

  test('a sender a few hours ahead (its zone, its clock) stays this year, also across new year', () => {
    assert.equal(envelopeOf('<14>Jun  9 09:00:00 h a: x', '2021-06-09T00:00:00Z').timestamp, '2021-06-09T09:00:00.000Z');
    assert.equal(envelopeOf('<14>Jan  1 05:00:00 h a: x', '2021-12-31T23:00:00Z').timestamp, '2022-01-01T05:00:00.000Z');
  });

  test('more than a day ahead is last year', () => {
    assert.equal(envelopeOf('<14>Jun 11 00:00:00 h a: x', '2021-06-09T00:00:00Z').timestamp, '2020-06-11T00:00:00.000Z');
  });

  test('February 29 goes to the latest leap year', () => {
    assert.equal(envelopeOf('<14>Feb 29 12:00:00 h a: x', '2023-03-01T00:00:00Z').timestamp, '2020-02-29T12:00:00.000Z');
  });
});

describe('other framings', () => {
  test('no header at all: the whole line is the body', () => {
    const envelope = envelopeOf('SRV-WEB-01,Event Description: [SID: 32350] x,Local Host IP: 192.0.2.10');
    assert.equal(envelope.form, 'none');
    assert.equal(envelope.message, 'SRV-WEB-01,Event Description: [SID: 32350] x,Local Host IP: 192.0.2.10');
    assert.equal(envelope.messageOffset, 0);
  });

  test('a line ending (CR LF) and a leading byte-order mark are not part of the body', () => {
    const envelope = envelopeOf('\uFEFFbody text\r\n');
    assert.equal(envelope.message, 'body text');
  });

  test("SEPM's dump-file prefix: time and severity word", () => {
    const envelope = envelopeOf('2020-01-16 08:00:31,Critical,SRV-WEB-01,Event Description: x');
    assert.equal(envelope.form, 'dump');
    assert.equal(envelope.timestamp, '2020-01-16T08:00:31.000Z');
    assert.equal(envelope.severity, 2, 'Critical reads as syslog crit');
    assert.equal(envelope.message, 'SRV-WEB-01,Event Description: x');
    assert.equal(envelopeOf('2020-01-16 08:00:31,Information,Site: S,Server: S,x').severity, 6);
    assert.equal(envelopeOf('2020-01-16 08:00:31,Major,h,x').severity, 3);
    assert.equal(envelopeOf('2020-01-16 08:00:31,Bogus,h,x').form, 'none', 'an unknown severity word is no dump prefix');
  });

  test('the relay double header: the SEPM name after the tag, the body without its leading comma', () => {
    const envelope = envelopeOf('Jun  8 20:12:21 [192.0.2.5] Jun  8 20:12:19 SymantecServer SEPM01: ,SRV-WEB-01,Event Description: x');
    assert.equal(envelope.form, 'relay');
    assert.equal(envelope.relayAddress, '192.0.2.5');
    assert.equal(envelope.timestamp, '2021-06-08T20:12:19.000Z', "the sender's time, not the relay's");
    assert.equal(envelope.appName, 'SymantecServer');
    assert.equal(envelope.hostname, 'SEPM01');
    assert.equal(envelope.message, 'SRV-WEB-01,Event Description: x');
    const withPri = envelopeOf('<50>2021-06-08T20:12:21Z [192.0.2.5] 2021-06-08T20:12:19Z SymantecServer SEPM01: body');
    assert.equal(withPri.form, 'relay');
    assert.equal(withPri.severity, 2);
    assert.equal(withPri.message, 'body');
  });
});
