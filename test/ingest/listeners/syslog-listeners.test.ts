// The syslog listeners on real sockets (127.0.0.1, ephemeral ports): UDP datagrams, TCP with
// newline and octet-counted framing however the bytes are chunked, TLS, over-long messages,
// invalid UTF-8, the peer allow-list, backpressure, and the counters in the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect as connectTls } from 'node:tls';
import { createSelfSignedCertificate } from '../../../src/cli/self-signed-certificate.ts';
import type { EdrEvent } from '../../../src/model/index.ts';
import { createTestAuthority } from '../../helpers/client-certificates.ts';
import { bearer } from '../../helpers/vigil.ts';
import { connectTcp, finish, ipsLine, sendDatagrams, startHarness, UNPARSEABLE, waitFor, type ListenerHarness } from './harness.ts';

async function eventsOf(harness: ListenerHarness, deviceName: string): Promise<EdrEvent[]> {
  return (await harness.vigil.store.listEvents({ equals: { device_name: deviceName } }, { offset: 0, limit: 10 })).result;
}

describe('syslog listeners', () => {
  let harness: ListenerHarness;
  before(async () => { harness = await startHarness(); });
  after(() => harness.close());

  test('UDP: one message per datagram, a trailing newline dropped; invalid UTF-8 is kept, replaced and flagged', async () => {
    const [udp] = await harness.start({ udpPort: 0 });
    const [head, tail] = ipsLine(2).split('User Name: none');
    const invalid = Buffer.concat([Buffer.from(`${head}User Name: j`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`doe${tail}\n`)]);
    await sendDatagrams(udp.port, [ipsLine(1), invalid]);
    const counters = harness.ingest.sources.listener('syslog-udp', { protocol: 'udp' });
    await waitFor(() => counters.totals.received === 2, 'two datagrams');
    await udp.close();
    const [first] = await eventsOf(harness, 'WS-TEST-1');
    assert.equal(first.type_id, 4124);
    assert.equal(first.signature_id, 32350);
    assert.equal(first.device_ip, '192.0.2.1');
    assert.equal(first.external_ip, '198.51.100.7');
    assert.equal(first.ingest_flags, undefined);
    const [flagged] = await eventsOf(harness, 'WS-TEST-2');
    assert.deepEqual(flagged.ingest_flags, ['invalid_utf8']);
    assert.equal(flagged.user_name, 'j\uFFFD(\uFFFDdoe');
    assert.deepEqual([counters.totals.events, counters.totals.invalid_utf8], [2, 1]);
  });

  test('TCP newline framing: CRLF, several messages in one chunk, one split across chunks', async () => {
    const [tcp] = await harness.start({ tcpPort: 0 });
    const counters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    const socket = await connectTcp(tcp.port);
    const third = ipsLine(13);
    socket.write(`${ipsLine(11)}\r\n${ipsLine(12)}\n${third.slice(0, 100)}`);
    // The rest only once the listener has read the first part, so that the message really is split.
    await waitFor(() => counters.totals.received === 2, 'the first two messages');
    socket.write(`${third.slice(100)}\n`);
    await finish(socket);
    await tcp.close();
    for (const name of ['WS-TEST-11', 'WS-TEST-12', 'WS-TEST-13']) assert.equal((await eventsOf(harness, name)).length, 1, name);
  });

  test('TCP octet counting: frames together in a chunk and a frame split across chunks', async () => {
    const [tcp] = await harness.start({ tcpPort: 0 });
    const socket = await connectTcp(tcp.port);
    const frame = (line: string) => `${Buffer.byteLength(line)} ${line}`;
    const split = frame(ipsLine(23));
    socket.write(frame(ipsLine(21)) + frame(ipsLine(22)) + split.slice(0, 2));
    const counters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    const received = counters.totals.received;
    await waitFor(() => counters.totals.received === received, 'the first part');
    socket.write(split.slice(2, 300));
    socket.write(split.slice(300));
    await finish(socket);
    await tcp.close();
    for (const name of ['WS-TEST-21', 'WS-TEST-22', 'WS-TEST-23']) assert.equal((await eventsOf(harness, name)).length, 1, name);
  });

  test('TLS with a self-signed certificate', async () => {
    const pem = await createSelfSignedCertificate('localhost', ['localhost', '127.0.0.1']);
    const [tls] = await harness.start({ tlsPort: 0 }, { tls: { cert: Buffer.from(pem.cert), key: Buffer.from(pem.key) } });
    assert.equal(tls.name, 'syslog-tls');
    const socket = connectTls({ host: '127.0.0.1', port: tls.port, ca: pem.cert, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
    socket.write(`${ipsLine(31)}\n`);
    await new Promise<void>((resolve) => { socket.once('close', () => resolve()); socket.end(); });
    await tls.close();
    assert.equal((await eventsOf(harness, 'WS-TEST-31')).length, 1);
  });

  test('TLS with client certificates: only senders with a certificate the given CA issued are read', async () => {
    const pem = await createSelfSignedCertificate('localhost', ['localhost', '127.0.0.1']);
    const senders = await createTestAuthority('Vigil test senders');
    const strangers = await createTestAuthority('Someone else');
    const [tls] = await harness.start({ tlsPort: 0 }, { tls: { cert: Buffer.from(pem.cert), key: Buffer.from(pem.key), clientCa: Buffer.from(senders.cert) } });
    const counters = harness.ingest.sources.listener('syslog-tls', { protocol: 'tls' });
    const errorsBefore = counters.errors;
    /** Sends one line with the given client identity; whether the server took the connection. */
    const send = async (line: string, identity?: { cert: string; key: string }): Promise<boolean> => {
      const socket = connectTls({ host: '127.0.0.1', port: tls.port, ca: pem.cert, servername: 'localhost', ...identity });
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()).once('close', () => resolve()));
      socket.write(`${line}\n`);
      // TLS 1.3 finishes the client's side before the server has checked its certificate: the server's verdict is the close.
      const closedByServer = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 500);
        socket.once('close', () => { clearTimeout(timer); resolve(true); });
      });
      socket.end();
      return !closedByServer;
    };
    assert.equal(await send(ipsLine(35), await senders.issue('sepm-relay-1')), true);
    assert.equal(await send(ipsLine(36)), false, 'no certificate');
    assert.equal(await send(ipsLine(37), await strangers.issue('sepm-relay-1')), false, 'a certificate of another CA');
    await waitFor(() => counters.errors === errorsBefore + 2, 'two failed handshakes counted');
    await tls.close();
    assert.equal((await eventsOf(harness, 'WS-TEST-35')).length, 1);
    assert.equal((await eventsOf(harness, 'WS-TEST-36')).length, 0);
    assert.equal((await eventsOf(harness, 'WS-TEST-37')).length, 0);
  });

  test('an over-long message and an unparseable one go to the dead letters; the lines beside them are kept', async () => {
    const [tcp] = await harness.start({ tcpPort: 0, maxMessageBytes: 1000 });
    const long = ipsLine(41).replace('C:\\APP\\AGENT.EXE', `C:\\${'DEEP\\'.repeat(100)}AGENT.EXE`);
    const socket = await connectTcp(tcp.port);
    socket.write(`${long}\n${UNPARSEABLE}\n${ipsLine(42)}\n`);
    await finish(socket);
    await tcp.close();
    assert.equal((await eventsOf(harness, 'WS-TEST-41')).length, 0);
    assert.equal((await eventsOf(harness, 'WS-TEST-42')).length, 1);
    const letters = (await harness.vigil.store.deadLetters.list({ source: 'syslog-tcp' }, { offset: 0, limit: 10 }, 'asc')).result;
    assert.deepEqual(letters.map((letter) => [letter.source, letter.format]), [['syslog-tcp:127.0.0.1', 'syslog'], ['syslog-tcp:127.0.0.1', 'syslog']]);
    assert.equal(letters[0].reason, `the message is ${Buffer.byteLength(long)} bytes, over the maximum of 1000 (--syslog-max-message); its first 1000 bytes are kept`);
    assert.deepEqual(letters[0].flags, ['truncated']);
    assert.equal(Buffer.from(letters[0].raw).toString(), long.slice(0, 1000));
    assert.match(letters[1].reason, /^column \d+: structured data/);
  });

  test('peers outside the allow-list are refused, over TCP and UDP', async () => {
    const [udp, tcp] = await harness.start({ udpPort: 0, tcpPort: 0, allow: ['192.0.2.0/24'] });
    const udpCounters = harness.ingest.sources.listener('syslog-udp', { protocol: 'udp' });
    const tcpCounters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    const refusedBefore = [udpCounters.refused, tcpCounters.refused];
    await sendDatagrams(udp.port, [ipsLine(51)]);
    const socket = await connectTcp(tcp.port);
    socket.on('error', () => undefined);
    socket.write(`${ipsLine(52)}\n`);
    await new Promise((resolve) => socket.once('close', resolve));
    await waitFor(() => udpCounters.refused > refusedBefore[0], 'the refused datagram');
    await udp.close();
    await tcp.close();
    assert.deepEqual([udpCounters.refused - refusedBefore[0], tcpCounters.refused - refusedBefore[1]], [1, 1]);
    assert.equal((await eventsOf(harness, 'WS-TEST-51')).length + (await eventsOf(harness, 'WS-TEST-52')).length, 0);
  });

  test('the counters in the API, per listener and per peer; analysts and admins only', async () => {
    const answer = await harness.app.inject({ method: 'GET', url: '/api/v1/ingest/sources', headers: bearer(harness.vigil.tokens.analyst) });
    assert.equal(answer.statusCode, 200);
    const body = answer.json();
    const tcp = body.listeners.find((listener: { name: string }) => listener.name === 'syslog-tcp');
    assert.equal(tcp.protocol, 'tcp');
    assert.equal(tcp.address, '127.0.0.1');
    assert.equal(tcp.totals.dead_lettered, 2);
    assert.equal(tcp.totals.truncated, 1);
    assert.ok(tcp.totals.bytes > 0);
    const peer = tcp.peers.find((each: { address: string }) => each.address === '127.0.0.1');
    assert.equal(peer.received, tcp.totals.received);
    assert.equal(peer.rejected, 2);
    assert.equal(tcp.refused, 1);
    const udp = body.listeners.find((listener: { name: string }) => listener.name === 'syslog-udp');
    assert.deepEqual([udp.totals.received, udp.totals.events, udp.totals.invalid_utf8], [2, 2, 1]);
    assert.ok(body.dead_letters.stored >= 2);
    assert.equal(body.dead_letters.max_rows, 100_000);
    const viewer = await harness.app.inject({ method: 'GET', url: '/api/v1/ingest/sources', headers: bearer(harness.vigil.tokens.viewer) });
    assert.equal(viewer.statusCode, 403);
  });
});

describe('syslog listeners under overload', () => {
  let harness: ListenerHarness;
  let release: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  before(async () => {
    // The pipeline holds every batch until released: the listeners' lines pile up.
    harness = await startHarness((vigil) => ({ ingestPrepared: async (events) => { await gate; return vigil.pipeline.ingestPrepared(events); } }));
  });
  after(() => harness.close());

  test('UDP drops and counts what does not fit; TCP pauses and loses nothing', async () => {
    const [udp, tcp] = await harness.start({ udpPort: 0, tcpPort: 0 }, { maxPendingLines: 2 });
    const udpCounters = harness.ingest.sources.listener('syslog-udp', { protocol: 'udp' });
    await sendDatagrams(udp.port, [61, 62, 63, 64, 65].map((n) => ipsLine(n)));
    await waitFor(() => udpCounters.totals.received === 5, 'five datagrams');
    assert.equal(udpCounters.totals.dropped, 3, 'two wait for the pipeline; the three after them are dropped');

    const socket = await connectTcp(tcp.port);
    for (let n = 70; n < 80; n++) socket.write(`${ipsLine(n)}\n`);
    const tcpCounters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    await waitFor(() => tcpCounters.totals.received >= 2, 'the first TCP lines');
    release();
    await finish(socket);
    await udp.close();
    await tcp.close();
    assert.equal(tcpCounters.totals.received, 10);
    assert.equal(tcpCounters.totals.dropped, 0);
    assert.equal(tcpCounters.totals.events, 10);
    assert.equal((await harness.vigil.store.listEvents({ equals: { signature_id: 32350 } }, { offset: 0, limit: 100 })).total, 12);
  });
});

describe('syslog listeners: damaged octet counting and stopping', () => {
  let harness: ListenerHarness;
  let identity: { cert: Buffer; key: Buffer };
  before(async () => {
    harness = await startHarness();
    const pem = await createSelfSignedCertificate('localhost', ['localhost', '127.0.0.1']);
    identity = { cert: Buffer.from(pem.cert), key: Buffer.from(pem.key) };
  });
  after(() => harness.close());

  /** Whether `promise` settles within 3 s (generous: only a hang should fail). */
  async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), 3000); });
    const settled = await Promise.race([promise.then(() => true), late]);
    clearTimeout(timer);
    return settled;
  }

  test('TCP octet counting: a miscounted frame and a frame the connection cuts short go to the dead letters; the frames after the first are kept', async () => {
    const [tcp] = await harness.start({ tcpPort: 0 });
    const counted = (line: string, length = Buffer.byteLength(line)) => `${length} ${line}`;
    // Counted in characters, not bytes: the second byte of "é" is left over where the next frame should start.
    const miscounted = '<14>1 2024-03-01T10:00:00Z host app - - - user=José';
    const cutLength = Buffer.byteLength(ipsLine(87));
    const socket = await connectTcp(tcp.port);
    socket.write(counted(miscounted, miscounted.length) + counted(ipsLine(85)) + counted(ipsLine(86)) + `${cutLength} ${ipsLine(87).slice(0, 100)}`);
    await finish(socket);
    await tcp.close();
    assert.equal((await eventsOf(harness, 'WS-TEST-85')).length, 1);
    assert.equal((await eventsOf(harness, 'WS-TEST-86')).length, 1);
    assert.equal((await eventsOf(harness, 'WS-TEST-87')).length, 0);
    const letters = (await harness.vigil.store.deadLetters.list({ source: 'syslog-tcp' }, { offset: 0, limit: 10 }, 'asc')).result;
    assert.deepEqual(letters.map((letter) => letter.reason), [
      'not an octet-counted frame: 1 byte where a frame should have started (did the frame before declare a wrong length?)',
      `the connection ended after 100 of the ${cutLength} bytes of the frame`,
    ]);
    assert.deepEqual([...Buffer.from(letters[0].raw)], [0xa9]);
    assert.deepEqual(letters[1].flags, ['truncated']);
    assert.equal(Buffer.from(letters[1].raw).toString(), ipsLine(87).slice(0, 100));
  });

  test('close() commits the unterminated last message of a connection still open', async () => {
    const [tcp] = await harness.start({ tcpPort: 0 });
    const counters = harness.ingest.sources.listener('syslog-tcp', { protocol: 'tcp' });
    const received = counters.totals.received;
    const socket = await connectTcp(tcp.port);
    socket.on('error', () => undefined);
    socket.write(`${ipsLine(91)}\n${ipsLine(92)}`);
    await waitFor(() => counters.totals.received === received + 1, 'the complete line');
    await tcp.close();
    assert.equal((await eventsOf(harness, 'WS-TEST-91')).length, 1);
    assert.equal((await eventsOf(harness, 'WS-TEST-92')).length, 1, 'the unterminated line, committed before close() resolved');
  });

  test('TLS: close() does not wait for a client that never starts its handshake', async () => {
    const [tls] = await harness.start({ tlsPort: 0 }, { tls: identity });
    const counters = harness.ingest.sources.listener('syslog-tls', { protocol: 'tls' });
    const errorsBefore = counters.errors;
    const idle = await connectTcp(tls.port);
    idle.on('error', () => undefined);
    // Time for the listener to accept it (had it not, close() would not wait for it anyway).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = tls.close();
    const closedInTime = await settlesSoon(closing);
    idle.destroy();
    await closing;
    assert.ok(closedInTime, 'close() still waiting after 3 s');
    assert.equal(counters.errors, errorsBefore, 'a handshake close() cut short is no error');
  });

  test('TLS: a peer outside the allow-list is refused before the handshake', async () => {
    const [tls] = await harness.start({ tlsPort: 0, allow: ['192.0.2.0/24'] }, { tls: identity });
    const counters = harness.ingest.sources.listener('syslog-tls', { protocol: 'tls' });
    const [refusedBefore, errorsBefore] = [counters.refused, counters.errors];
    const socket = await connectTcp(tls.port);
    socket.on('error', () => undefined);
    // It sends nothing: only a check before the handshake closes it.
    const closedByListener = await settlesSoon(new Promise((resolve) => socket.once('close', resolve)));
    socket.destroy();
    await tls.close();
    assert.ok(closedByListener, 'the connection still open after 3 s');
    assert.deepEqual([counters.refused - refusedBefore, counters.errors - errorsBefore], [1, 0]);
  });
});
