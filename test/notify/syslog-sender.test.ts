// One syslog target's connection: messages sent while the receiver is down wait in a bounded
// queue and go out when it comes up; when the queue is full the oldest are dropped, counted and
// logged; a receiver that closes the connection is reconnected to.
import assert from 'node:assert/strict';
import net, { type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { parseSyslogTarget } from '../../src/notify/index.ts';
import { SyslogSender } from '../../src/notify/syslog-sender.ts';
import { memoryLog, streamReceiver, waitFor } from './receivers.ts';

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function sender(port: number, maxQueued: number, log = memoryLog()) {
  return new SyslogSender(parseSyslogTarget(`tcp://127.0.0.1:${port}`), {
    maxQueued, reconnect: { baseMs: 20, maxMs: 100 }, connectTimeoutMs: 5000, dropLogIntervalMs: 60_000, log,
  });
}

test('while the receiver is down messages wait, the oldest dropped beyond the bound; they go out once it is up', async (t) => {
  const port = await freePort();
  const log = memoryLog();
  const forwarding = sender(port, 3, log);
  t.after(() => forwarding.stop(100));
  for (const n of [1, 2, 3, 4, 5]) forwarding.send(`message ${n}`);
  assert.deepEqual({ ...forwarding.stats(), target: undefined }, { target: undefined, sent: 0, dropped: 2, queued: 3, connected: false });
  assert.equal(log.lines.filter((line) => line.includes('dropped')).length, 1, 'drops are logged once per interval');
  assert.match(log.lines.find((line) => line.includes('dropped'))!, /tcp:\/\/127\.0\.0\.1:\d+: the queue of 3 messages is full; incident messages dropped so far: 1/);
  await waitFor(() => log.lines.some((line) => line.includes('cannot connect')), 'the connection failure in the log');

  const receiver = await streamReceiver('newline', undefined, port);
  t.after(() => receiver.close());
  await waitFor(() => receiver.messages.length === 3, 'the queued messages after reconnecting');
  assert.deepEqual(receiver.messages, ['message 3', 'message 4', 'message 5']);
  assert.ok(log.lines.some((line) => /connected after \d+ failed attempts/.test(line)));
  assert.deepEqual([forwarding.stats().sent, forwarding.stats().dropped], [3, 2]);
});

test('a receiver that closes the connection is reconnected to, and later messages arrive', async (t) => {
  const first = await streamReceiver('newline');
  const { port } = first;
  const log = memoryLog();
  const forwarding = sender(port, 100, log);
  t.after(() => forwarding.stop(100));
  forwarding.send('before');
  await waitFor(() => first.messages.length === 1, 'the first message');
  await first.close();
  await waitFor(() => log.lines.some((line) => line.includes('the connection closed')), 'the closed connection in the log');
  const second = await streamReceiver('newline', undefined, port);
  t.after(() => second.close());
  await waitFor(() => forwarding.stats().connected, 'the new connection');
  forwarding.send('after');
  await waitFor(() => second.messages.length === 1, 'the message after reconnecting');
  assert.deepEqual(second.messages, ['after']);
});
