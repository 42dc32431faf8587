// RFC 6587 framing: newline and octet counting, decided per connection, over any chunking, with
// over-long messages cut to the maximum and their length reported.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SyslogFramer, type FramedMessage } from '../../../src/ingest/listeners/syslog-framing.ts';

const texts = (messages: FramedMessage[]) => messages.map((message) => message.bytes.toString('latin1'));

/** Feeds `data` in chunks of `size` bytes (every size from 1 up shows no split point matters). */
function frame(data: string | Buffer, size: number, max = 1024): FramedMessage[] {
  const framer = new SyslogFramer(max);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const messages: FramedMessage[] = [];
  for (let at = 0; at < bytes.length; at += size) messages.push(...framer.push(bytes.subarray(at, at + size)));
  messages.push(...framer.end());
  return messages;
}

describe('syslog framing', () => {
  test('newline framing: LF and CRLF, blank lines skipped, an unterminated last line kept', () => {
    const stream = '<13>Mar  1 10:00:00 host app: one\r\n<13>Mar  1 10:00:01 host app: two\n\n<13>Mar  1 10:00:02 host app: three';
    for (const size of [1, 2, 7, 64, stream.length]) {
      assert.deepEqual(texts(frame(stream, size)), [
        '<13>Mar  1 10:00:00 host app: one', '<13>Mar  1 10:00:01 host app: two', '<13>Mar  1 10:00:02 host app: three',
      ], `chunks of ${size}`);
    }
  });

  test('octet counting: several frames in one chunk and one frame split across chunks read the same', () => {
    const messages = ['<14>1 2024-03-01T10:00:00Z h a - - - first', '<14>1 2024-03-01T10:00:01Z h a - - - second, with\na newline inside', 'x'];
    const stream = messages.map((message) => `${Buffer.byteLength(message)} ${message}`).join('');
    for (const size of [1, 3, 10, stream.length]) assert.deepEqual(texts(frame(stream, size)), messages, `chunks of ${size}`);
    const framer = new SyslogFramer(1024);
    framer.push(Buffer.from('5 ab'));
    assert.equal(framer.mode, 'octet-counting');
  });

  test('octet counting tolerates a newline after each frame', () => {
    assert.deepEqual(texts(frame('3 abc\n3 def\r\n', 4)), ['abc', 'def']);
  });

  test('a stream that starts with a digit run without a space is newline framed', () => {
    assert.deepEqual(texts(frame('2024-03-01 host message\n123abc\n', 5)), ['2024-03-01 host message', '123abc']);
    assert.deepEqual(texts(frame('0 zero is no length\n', 64)), ['0 zero is no length']);
  });

  test('an octet-counted stream that stops counting is read as lines from there on', () => {
    assert.deepEqual(texts(frame('3 abc<13>not counted\nnext\n', 64)), ['abc', '<13>not counted', 'next']);
  });

  test('over-long newline-framed messages keep their first bytes and report their length, in any chunking', () => {
    const long = 'A'.repeat(50);
    for (const size of [1, 8, 100]) {
      const messages = frame(`short\n${long}\nafter\n${long}`, size, 20);
      assert.deepEqual(texts(messages), ['short', 'A'.repeat(20), 'after', 'A'.repeat(20)], `chunks of ${size}`);
      assert.deepEqual(messages.map((message) => message.overLength), [undefined, 50, undefined, 50], `chunks of ${size}`);
    }
  });

  test('over-long octet-counted messages keep their first bytes; the frames after them are read', () => {
    const long = 'B'.repeat(40);
    for (const size of [1, 9, 200]) {
      const messages = frame(`40 ${long}2 ok`, size, 16);
      assert.deepEqual(texts(messages), ['B'.repeat(16), 'ok'], `chunks of ${size}`);
      assert.deepEqual(messages.map((message) => message.overLength), [40, undefined]);
    }
  });

  test('bytes that are not UTF-8 pass through unchanged', () => {
    const bytes = Buffer.from([0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0x41, 0x0a]);
    assert.deepEqual(frame(bytes, 3).map((message) => [...message.bytes]), [[0x3c, 0x31, 0x33, 0x3e, 0xff, 0xfe, 0x41]]);
  });
});
