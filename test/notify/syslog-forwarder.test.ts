// Forwarding to SIEMs end to end: the seed event is ingested, its incident is created, and real
// receivers on 127.0.0.1 (UDP, TCP split by newline and by octet count, TLS) each get the CEF record
// in Symantec EDR's export shape inside a syslog envelope. A TLS receiver whose certificate is not
// trusted gets nothing and the reason is logged.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { createSelfSignedCertificate, type PemPair } from '../../src/cli/self-signed-certificate.ts';
import { parseSyslogTarget } from '../../src/notify/index.ts';
import { SyslogForwarder } from '../../src/notify/syslog-forwarder.ts';
import { postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { memoryLog, readCef, streamReceiver, udpReceiver, waitFor, type SyslogReceiver } from './receivers.ts';

let vigil: TestVigil;
let certificate: PemPair;
let caDir: string;
const receivers: SyslogReceiver[] = [];
const forwarders: SyslogForwarder[] = [];

before(async () => {
  vigil = await startTestVigil();
  certificate = await createSelfSignedCertificate('localhost', ['127.0.0.1', 'localhost']);
  caDir = mkdtempSync(join(tmpdir(), 'vigil-forward-'));
  writeFileSync(join(caDir, 'ca.pem'), certificate.cert);
});

after(async () => {
  await Promise.all(forwarders.map((forwarder) => forwarder.stop()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await vigil.destroy();
  rmSync(caDir, { recursive: true, force: true });
});

async function receiver(open: Promise<SyslogReceiver>): Promise<SyslogReceiver> {
  const opened = await open;
  receivers.push(opened);
  return opened;
}

function forwarder(urls: string[], log = memoryLog()): SyslogForwarder {
  const started = new SyslogForwarder({
    store: vigil.store, incidentFeed: vigil.incidentFeed, log, targets: urls.map((url) => parseSyslogTarget(url)),
    tuning: { reconnect: { baseMs: 20, maxMs: 100 } },
  });
  forwarders.push(started);
  return started;
}

test('UDP, TCP (newline and octet counting) and TLS receivers each get the seed incident as Symantec EDR CEF', async () => {
  const udp = await receiver(udpReceiver());
  const tcpNewline = await receiver(streamReceiver('newline'));
  const tcpOctets = await receiver(streamReceiver('octet-counting'));
  const tls = await receiver(streamReceiver('octet-counting', certificate));
  const all = [udp, tcpNewline, tcpOctets, tls];
  const started = forwarder([
    `udp://127.0.0.1:${udp.port}`,
    `tcp://127.0.0.1:${tcpNewline.port}?format=rfc3164`,
    `tcp://127.0.0.1:${tcpOctets.port}?framing=octet-counting`,
    `tls://localhost:${tls.port}?ca=${encodeURIComponent(join(caDir, 'ca.pem'))}`,
  ]);
  await waitFor(() => started.stats().every((stats) => stats.connected), 'the connections');

  const ingested = await postEvents(vigil, { ...seedEvent(), event_uuid: 'forward-1' });
  assert.equal(ingested.status, 200);
  const incidentUuid = ingested.body.incidents.created[0] as string;
  await waitFor(() => all.every((each) => each.messages.length === 1), 'one message at each receiver');

  assert.match(tcpNewline.messages[0], /^<14>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ vigil\[\d+\]: CEF:0\|/, 'RFC 3164, facility user, severity info');
  for (const message of [udp, tcpOctets, tls].map((each) => each.messages[0])) {
    assert.match(message, /^<14>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ vigil \d+ - - CEF:0\|/, 'RFC 5424, facility user, severity info');
  }
  for (const message of all.map((each) => each.messages[0])) {
    const { header, extensions } = readCef(message);
    assert.deepEqual(header.slice(0, 3), ['CEF:0', 'Symantec', 'ATPU']);
    assert.deepEqual(header.slice(4), ['atp_incident', 'Malicious traffic detected: System Infected: Trojan.Trickybot Activity 15', '8']);
    assert.equal(extensions.externalId, '100000');
    assert.equal(extensions.cat, 'created');
    const incident = await vigil.store.getIncident(incidentUuid);
    assert.equal(extensions.device_time, incident!.device_time);
    const json = JSON.parse(extensions.json);
    assert.equal(json.uuid, incidentUuid);
    assert.equal(json.atp_incident_id, 100000);
    assert.equal(json.rule_name, 'Malicious Traffic Detected');
    assert.equal(json.priority_level, 3);
    assert.equal(json.mitre.technique_id, 'T1071');
    assert.equal(json.events.length, 1);
    assert.deepEqual(
      [json.events[0].event_uuid, json.events[0].signature_id, json.events[0].device_ip, json.events[0].external_ip, json.events[0].traffic_direction],
      ['forward-1', 32350, '192.0.2.10', '192.0.2.100', 2],
    );
  }
  assert.ok(started.stats().every((stats) => stats.sent === 1 && stats.dropped === 0));
});

test('a TLS receiver whose certificate is not trusted gets nothing, and the log says why; --forward-insecure gets through', async () => {
  const strict = await receiver(streamReceiver('octet-counting', certificate));
  const lax = await receiver(streamReceiver('octet-counting', certificate));
  const log = memoryLog();
  const started = forwarder([`tls://localhost:${strict.port}`, `tls://localhost:${lax.port}?insecure=true`], log);
  await waitFor(() => log.lines.some((line) => line.includes(`tls://localhost:${strict.port}: cannot connect`)), 'the refusal in the log');
  assert.match(log.lines.find((line) => line.includes('cannot connect'))!, /self.signed certificate/i);

  const ingested = await postEvents(vigil, { ...seedEvent(), event_uuid: 'forward-2', device_uid: 'dev-2' });
  assert.equal(ingested.status, 200);
  await waitFor(() => lax.messages.length === 1, 'the message over the insecure connection');
  assert.equal(readCef(lax.messages[0]).extensions.cat, 'updated');
  assert.equal(strict.messages.length, 0);
  const [strictStats, laxStats] = started.stats();
  assert.deepEqual([strictStats.connected, strictStats.queued, laxStats.sent], [false, 1, 1]);
});
