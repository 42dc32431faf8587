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

  test('octet counting: a frame one byte short loses only the byte after it; the 2,000 frames after it are read', () => {
    const line = (text: string) => `<14>1 2024-03-01T10:00:00Z host app - - - ${text}`;
    const counted = (text: string, length = Buffer.byteLength(text)) => `${length} ${text}`;
    const rest = Array.from({ length: 2000 }, (_, n) => line(`message ${n}`));
    // The sender counted "José" in characters: the frame's last byte, the second of "é", is left over.
    const stream = Buffer.from(counted(line('first')) + counted(line('user=José'), line('user=José').length) + rest.map((text) => counted(text)).join(''));
    for (const size of [1, 7, 1000, stream.length]) {
      const messages = frame(stream, size, 64 * 1024);
      assert.equal(messages.length, 2003, `chunks of ${size}`);
      assert.deepEqual(messages.slice(0, 2).map((message) => [message.bytes.toString(), message.refusal]), [[line('first'), undefined], [line('user=Jos\uFFFD'), undefined]]);
      assert.deepEqual([...messages[2].bytes], [0xa9]);
      assert.equal(messages[2].refusal, 'not an octet-counted frame: 1 byte where a frame should have started (did the frame before declare a wrong length?)');
      assert.equal(messages[2].overLength, undefined);
      assert.deepEqual(messages.slice(3).map((message) => message.bytes.toString()), rest, `chunks of ${size}`);
      assert.ok(messages.slice(3).every((message) => message.refusal === undefined && message.overLength === undefined));
    }
  });

  test('octet counting resynchronises on a length, a space and a PRI: a digit run too long is none, stray digits before the length are not part of it', () => {
    // "x7" left over: read as part of the length, 712 bytes would swallow the frames after it.
    const stream = '3 abc' + 'junk 1234567890 <13>x' + '5 <13>y' + '3 <1>x7' + '12 <13>twelve!!' + '1 <';
    for (let size = 1; size <= stream.length; size++) {
      const messages = frame(stream, size);
      assert.deepEqual(texts(messages), ['abc', 'junk 1234567890 <13>x', '<13>y', '<1>', 'x7', '<13>twelve!!', '<'], `chunks of ${size}`);
      assert.deepEqual(messages.map((message) => message.refusal !== undefined), [false, true, false, false, true, false, false], `chunks of ${size}`);
    }
  });

  test('octet counting: stray bytes over the maximum keep their first bytes, and so do those up to the end of the stream', () => {
    for (const size of [1, 5, 100]) {
      const messages = frame(`2 ok${'x'.repeat(40)}2 <1`, size, 16);
      assert.deepEqual(texts(messages), ['ok', 'x'.repeat(16), '<1'], `chunks of ${size}`);
      assert.equal(messages[1].overLength, 40);
      assert.match(messages[1].refusal!, /^not an octet-counted frame: 40 bytes where .*; the first 16 are kept$/);
      const [, stray] = frame('3 abc<13>not counted\nnext\n', size);
      assert.equal(stray.bytes.toString(), '<13>not counted\nnext\n', `chunks of ${size}`);
      assert.match(stray.refusal!, /^not an octet-counted frame: 21 bytes where/);
    }
  });

  test('octet counting: a frame the stream ends in is refused with how much of it came; a bare length gives no message of its digits', () => {
    for (const size of [1, 2, 100]) {
      const cut = (data: string, max = 100) => frame(data, size, max).map(({ bytes, overLength, refusal }) => ({ text: bytes.toString(), overLength, refusal }));
      assert.deepEqual(cut('12 abc'), [{ text: 'abc', overLength: 12, refusal: 'the connection ended after 3 of the 12 bytes of the frame' }]);
      assert.deepEqual(cut('200 abcdef', 10), [{ text: 'abcdef', overLength: 200, refusal: 'the connection ended after 6 of the 200 bytes of the frame' }]);
      assert.deepEqual(cut('5 hello12'), [
        { text: 'hello', overLength: undefined, refusal: undefined },
        { text: '12', overLength: undefined, refusal: 'the connection ended after the frame length 12, before the frame' },
      ]);
      assert.deepEqual(cut('5 hello12 ').map((message) => message.refusal), [undefined, 'the connection ended after the frame length 12, before the frame']);
      assert.deepEqual(cut('5 hello\n'), [{ text: 'hello', overLength: undefined, refusal: undefined }]);
    }
  });

  test('over-long newline-framed messages keep their first bytes and report their length, in any chunking', () => {
    const long = 'A'.repeat(50);
    for (const size of [1, 8, 100]) {
      const messages = frame(`short\n${long}\nafter\n${long}`, size, 20);
      assert.deepEqual(texts(messages), ['short', 'A'.repeat(20), 'after', 'A'.repeat(20)], `chunks of ${size}`);
      assert.deepEqual(messages.map((message) => message.overLength), [undefined, 50, undefined, 50], `chunks of ${size}`);
    }
  });

  test('newline framing: a line of exactly the maximum ending in CRLF is accepted however the CR and LF arrive; over-long lengths do not count the CR', () => {
    for (let size = 1; size <= 9; size++) {
      assert.deepEqual(frame('abcde\r\nfg\r\n', size, 5).map((message) => [message.bytes.toString(), message.overLength]), [['abcde', undefined], ['fg', undefined]], `chunks of ${size}`);
      assert.deepEqual(frame('abcdefg\r\nh\r\nabcdefg\r', size, 5).map((message) => [message.bytes.toString(), message.overLength]), [['abcde', 7], ['h', undefined], ['abcde', 7]], `chunks of ${size}`);
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
