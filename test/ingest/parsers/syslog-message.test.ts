// The syslog dispatcher: the header, then the body parser the content calls for; nothing rejected
// that can be kept as a log message.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
// Imported before the registry on purpose: the two import each other, in either order.
import { parseSyslogMessage } from '../../../src/ingest/parsers/syslog-message.ts';
import { normalizeEvent, parseSyslogMessage as exported, wireFormat, WIRE_FORMATS } from '../../../src/ingest/index.ts';

const CONTEXT = { receivedAt: '2021-06-09T00:00:00.000Z', source: 'udp:192.0.2.5:514' };

function eventsOf(line: string): Record<string, any>[] {
  const result = parseSyslogMessage(line, CONTEXT);
  assert.ok(result.ok, JSON.stringify(result));
  return result.events;
}

const IPS_BODY = 'WS-01,Event Description: [SID: 32350] System Infected: Trojan.Trickybot Activity 15 attack blocked.,Local Host IP: 192.0.2.23,'
  + 'Local Host MAC: 000000000000,Remote Host Name: ,Remote Host IP: 192.0.2.100,Remote Host MAC: 000000000000,Outbound,TCP,Intrusion ID: 0,'
  + 'Begin: 2021-06-08 20:09:41,End Time: 2021-06-08 20:09:47,Occurrences: 3,Application: C:/X.EXE,Location: Default,User Name: jdoe,'
  + 'Domain Name: EXAMPLE,Local Port: 51233,Remote Port: 18878,CIDS Signature ID: 32350,CIDS Signature string: System Infected: Trojan.Trickybot Activity 15';

describe('registry', () => {
  test('`syslog` and `sepm` are registered; parseSyslogMessage is what ingest exports and what the syslog format uses', () => {
    assert.ok(WIRE_FORMATS.some((format) => format.name === 'syslog'));
    assert.equal(wireFormat('syslog')!.createParser(), parseSyslogMessage);
    assert.equal(exported, parseSyslogMessage);
    assert.equal(wireFormat('sepm')!.name, 'sepm');
  });
});

describe('SEPM bodies', () => {
  test('tagged SymantecServer', () => {
    const [event] = eventsOf(`<50>Jun  8 20:12:19 SEPM01 SymantecServer: ${IPS_BODY}`);
    assert.equal(event.signature_id, 32350);
    assert.equal(event.sepm.log_type, 'security');
  });

  test('recognized by shape under another tag (a relay renamed it) and with no header at all', () => {
    assert.equal(eventsOf(`<14>1 2021-06-08T20:13:02Z relay01 sepm-forwarder - - - ${IPS_BODY}`)[0].signature_id, 32350);
    const [bare] = eventsOf(IPS_BODY);
    assert.equal(bare.signature_id, 32350);
    assert.equal(bare.syslog, undefined);
  });

  test('tagged SymantecServer but matching no SEPM log: a failure with the reason and the body column (dead letter, not a guess)', () => {
    const result = parseSyslogMessage('<54>Jun  8 20:12:19 SEPM01 SymantecServer: something new, and: unknown', CONTEXT);
    assert.ok(!result.ok);
    assert.match(result.reason, /^not a SEPM log line/);
    assert.equal(result.column, 44);
  });
});

describe('bodies for the other parsers go through the registry', () => {
  const cases = [
    { name: 'cef', label: 'CEF', body: 'CEF:0|Example|Sensor|1.0|100|Port scan|5|src=203.0.113.9 dst=192.0.2.10' },
    { name: 'leef', label: 'LEEF', body: 'LEEF:1.0|Example|Firewall|1.0|deny|src=203.0.113.9\tdst=192.0.2.10' },
    { name: 'eve', label: 'Suricata EVE JSON', body: '{"timestamp":"2021-06-08T20:08:00.000000+0000","event_type":"flow","src_ip":"192.0.2.10","dest_ip":"192.0.2.100"}' },
  ];
  for (const { name, label, body } of cases) {
    test(`${label}: read by the "${name}" parser when registered, else a failure that says none is`, () => {
      const line = `<134>Jun  8 20:12:19 sensor01 app: ${body}`;
      const result = parseSyslogMessage(line, CONTEXT);
      const format = wireFormat(name);
      if (format === undefined) {
        assert.deepEqual(result, { ok: false, reason: `no parser for ${label} registered`, column: 36 });
        return;
      }
      const direct = format.createParser()(body, CONTEXT);
      if (!direct.ok) {
        assert.ok(!result.ok);
        assert.equal(result.reason, direct.reason);
        if (direct.column !== undefined) assert.equal(result.column, direct.column + 35, 'the column is moved to the line');
        return;
      }
      assert.ok(result.ok);
      assert.equal(result.events.length, direct.events.length);
      for (const event of result.events) {
        assert.equal(event.syslog && (event.syslog as any).hostname, 'sensor01');
        assert.ok(event.log_time !== undefined);
      }
    });
  }
});

describe('anything else is a generic log event, never a rejection', () => {
  test('a daemon line: type_id 1, the text, host, program and severity', () => {
    const [event] = eventsOf('<38>Jun  8 20:12:19 web01 sshd[4711]: Accepted publickey for root from 192.0.2.50');
    assert.deepEqual(event, {
      type_id: 1,
      device_time: '2021-06-08T20:12:19.000Z',
      message: 'Accepted publickey for root from 192.0.2.50',
      device_name: 'web01',
      severity_id: 1,
      syslog: { form: 'rfc3164', facility: 4, severity: 6, hostname: 'web01', app_name: 'sshd', proc_id: '4711' },
    });
    assert.ok(normalizeEvent(event, CONTEXT.receivedAt).ok);
  });

  test('syslog severities map to severity_id: crit → 5 Critical, err → 4 Major, warning → 2 Warning, emerg → 6 Fatal', () => {
    const severityOf = (pri: number) => eventsOf(`<${pri}>Jun  8 20:12:19 h app: x`)[0].severity_id;
    assert.deepEqual([severityOf(2), severityOf(3), severityOf(4), severityOf(0)], [5, 4, 2, 6]);
  });

  test('RFC 5424 with structured data keeps it', () => {
    const [event] = eventsOf('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event');
    assert.deepEqual(event.syslog.structured_data, { 'exampleSDID@32473': { iut: '3' } });
    assert.equal(event.syslog.msg_id, 'ID47');
    assert.equal(event.message, 'An application event');
  });

  test('a line with no header: the receive time, the whole line as message', () => {
    const [event] = eventsOf('plain text from a file');
    assert.deepEqual(event, { type_id: 1, device_time: CONTEXT.receivedAt, message: 'plain text from a file' });
  });

  test('JSON that is not Suricata EVE stays a message', () => {
    const [event] = eventsOf('<14>Jun  8 20:12:19 app01 svc: {"level":"info","msg":"started"}');
    assert.equal(event.type_id, 1);
    assert.equal(event.message, '{"level":"info","msg":"started"}');
  });

  test('JSON without a top-level event_type text (nested, a number, an array, cut short) stays a message; an EVE record is read as EVE', () => {
    for (const body of [
      '{"level":"info","ctx":{"event_type":"login"}}', '{"event_type":7}', '[{"event_type":"alert"}]', '{"event_type":"alert","src_ip":"192.0.2',
    ]) {
      const [event] = eventsOf(`<14>Jun  8 20:12:19 app01 svc: ${body}`);
      assert.deepEqual([event.type_id, event.message], [1, body]);
    }
    const [eve] = eventsOf('<14>Jun  8 20:12:19 sensor01 suricata: {"timestamp":"2021-06-08T20:08:00.000000+0000","event_type":"flow","src_ip":"192.0.2.10","dest_ip":"192.0.2.100"}');
    assert.deepEqual([eve.type_id, eve.product_name, eve.syslog.hostname], [8007, 'Suricata', 'sensor01']);
  });

  test('an empty line and an empty body are kept too', () => {
    assert.equal(eventsOf('')[0].message, '');
    assert.equal(eventsOf('<14>Jun  8 20:12:19 h app:')[0].message, '');
  });

  test('broken RFC 5424 structured data is a failure with its column', () => {
    const result = parseSyslogMessage('<14>1 - host app - - [id a="x] body', CONTEXT);
    assert.ok(!result.ok);
    assert.match(result.reason, /structured data/);
    assert.equal(result.column, 36);
  });
});
