// Splits a syslog TCP stream into messages (RFC 6587). A connection that starts with a digit run
// and a space uses octet counting ("<length> <message>"); anything else is newline framing (LF,
// with a CR before it dropped). Decided once per connection, on its first bytes. A message over
// the maximum keeps its first `maxMessageBytes` bytes and says how long it was; the rest is skipped
// without being buffered. Bytes that cannot be a whole message (those between octet-counted frames
// after a wrong length, a frame the connection cut short) come out with the reason, for the dead
// letters.

export interface FramedMessage {
  bytes: Buffer;
  /** Set when `bytes` holds only the first part of the message: its whole length in bytes (declared, for a frame cut short). */
  overLength?: number;
  /** Set when the bytes are not a message as sent but what was left of one: why they are not parsed. */
  refusal?: string;
}

type Framing = 'undecided' | 'octet-counting' | 'newline';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const ZERO = 0x30;
/** Enough digits for any length a sender can mean (up to 999,999,999 bytes). */
const MAX_LENGTH_DIGITS = 9;

const isDigit = (byte: number) => byte >= ZERO && byte <= 0x39;

/** Bytes passed over without being buffered: the first `limit` are kept, the others only counted. */
class SkippedBytes {
  private readonly kept: Buffer[] = [];
  private keptLength = 0;
  length = 0;
  lastByte: number | undefined;

  constructor(private readonly limit: number) {}

  add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = this.limit - this.keptLength;
    if (room > 0) {
      // A copy: the chunk it came from need not stay in memory.
      const part = Buffer.from(bytes.subarray(0, room));
      this.kept.push(part);
      this.keptLength += part.length;
    }
    this.length += bytes.length;
    this.lastByte = bytes[bytes.length - 1];
  }

  get keptBytes(): Buffer {
    return Buffer.concat(this.kept, this.keptLength);
  }
}

export class SyslogFramer {
  private framing: Framing = 'undecided';
  /** Bytes received and not yet part of a returned message. */
  private held: Buffer = Buffer.alloc(0);
  /** Octet counting: bytes of an over-long message still to skip. */
  private skipping = 0;
  /** Octet counting: after a frame header that was none, the bytes passed over up to the next header. */
  private strayBytes: SkippedBytes | undefined;
  /** Newline framing: inside an over-long line, skipping to its LF. */
  private overLongLine: SkippedBytes | undefined;

  constructor(private readonly maxMessageBytes: number) {}

  get mode(): Framing {
    return this.framing;
  }

  push(chunk: Buffer): FramedMessage[] {
    const messages: FramedMessage[] = [];
    const data = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    if (this.framing === 'undecided') {
      const decided = this.decide(data);
      if (!decided) {
        this.held = data;
        return messages;
      }
      this.framing = decided;
    }
    this.held = this.framing === 'octet-counting' ? this.readOctetCounted(data, messages) : this.readLines(data, messages);
    return messages;
  }

  /** At the end of the stream: an unterminated last line is still a message; what came of a frame is dead-lettered with the reason. */
  end(): FramedMessage[] {
    const messages: FramedMessage[] = [];
    if (this.overLongLine) {
      messages.push(this.finishOverLongLine());
    } else if (this.framing === 'newline') {
      this.pushLine(this.held, messages);
    } else {
      // Octet counting, or still undecided: then only digits came, which can only start a frame header.
      const rest = this.framing === 'octet-counting' ? this.readOctetCounted(this.held, messages, true) : this.held;
      if (this.strayBytes) {
        this.strayBytes.add(rest);
        messages.push(this.finishStrayBytes());
      } else if (rest.length > 0) {
        messages.push(this.cutFrame(rest));
      }
    }
    this.held = Buffer.alloc(0);
    return messages;
  }

  /** undefined while the first bytes could still be either framing. */
  private decide(data: Buffer): Framing | undefined {
    let digits = 0;
    while (digits < data.length && isDigit(data[digits])) digits++;
    if (digits === 0 || data[0] === ZERO || digits > MAX_LENGTH_DIGITS) return 'newline';
    if (digits === data.length) return undefined;
    return data[digits] === SPACE ? 'octet-counting' : 'newline';
  }

  /**
   * Reads frames from `data`; returns the bytes left over: an incomplete frame, or after stray bytes
   * what may start a header. `ended`: no more data will come.
   */
  private readOctetCounted(data: Buffer, messages: FramedMessage[], ended = false): Buffer {
    let at = 0;
    while (at < data.length) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, data.length - at);
        this.skipping -= skipped;
        at += skipped;
        continue;
      }
      if (this.strayBytes) {
        const header = findFrameHeader(data, at, ended, this.maxMessageBytes);
        if (header === undefined) {
          const tail = ended ? data.length : possibleHeaderStart(data, at);
          this.strayBytes.add(data.subarray(at, tail));
          return data.subarray(tail);
        }
        this.strayBytes.add(data.subarray(at, header.start));
        // Which length the digits are shows only once the frame's end has come.
        if (!header.decided) return data.subarray(header.start);
        messages.push(this.finishStrayBytes());
        at = header.start;
        continue;
      }
      // Some senders end each frame with a newline as well; it is no part of the next frame.
      if (data[at] === LF || data[at] === CR || data[at] === 0) {
        at++;
        continue;
      }
      let end = at;
      while (end < data.length && end - at <= MAX_LENGTH_DIGITS && isDigit(data[end])) end++;
      const digits = end - at;
      if (digits > MAX_LENGTH_DIGITS || (end < data.length && (digits === 0 || data[end] !== SPACE))) {
        // No frame header where one should start: a frame before it declared a wrong length (often
        // characters instead of bytes). Only the bytes up to the next header go to the dead letters,
        // not the rest of the connection.
        this.strayBytes = new SkippedBytes(this.maxMessageBytes);
        continue;
      }
      if (end === data.length) return data.subarray(at);
      const length = Number(data.toString('latin1', at, end));
      const start = end + 1;
      if (length > this.maxMessageBytes) {
        if (data.length - start < this.maxMessageBytes) return data.subarray(at);
        messages.push({ bytes: Buffer.from(data.subarray(start, start + this.maxMessageBytes)), overLength: length });
        this.skipping = length - this.maxMessageBytes;
        at = start + this.maxMessageBytes;
        continue;
      }
      if (data.length - start < length) return data.subarray(at);
      if (length > 0) messages.push({ bytes: data.subarray(start, start + length) });
      at = start + length;
    }
    return data.subarray(at);
  }

  private finishStrayBytes(): FramedMessage {
    const stray = this.strayBytes!;
    this.strayBytes = undefined;
    const over = stray.length > this.maxMessageBytes;
    return {
      bytes: stray.keptBytes,
      overLength: over ? stray.length : undefined,
      refusal: `not an octet-counted frame: ${stray.length === 1 ? '1 byte' : `${stray.length} bytes`} where a frame should have started (did the frame before declare a wrong length?)`
        + (over ? `; the first ${this.maxMessageBytes} are kept` : ''),
    };
  }

  /** `held`: an octet-counting frame header, maybe with part of its message, and the stream ended. */
  private cutFrame(held: Buffer): FramedMessage {
    const space = held.indexOf(SPACE);
    const body = space === -1 ? Buffer.alloc(0) : held.subarray(space + 1);
    const lengthText = held.toString('latin1', 0, space === -1 ? held.length : space);
    if (body.length === 0) return { bytes: held, refusal: `the connection ended after the frame length ${lengthText}, before the frame` };
    // The part is shorter than the maximum: a longer one would have gone out as over-long already.
    const length = Number(lengthText);
    return { bytes: body, overLength: length, refusal: `the connection ended after ${body.length} of the ${length} bytes of the frame` };
  }

  /** Reads the complete lines of `data`; returns the unterminated rest to hold. */
  private readLines(data: Buffer, messages: FramedMessage[]): Buffer {
    let start = 0;
    for (let newline = data.indexOf(LF); newline !== -1; newline = data.indexOf(LF, start)) {
      if (this.overLongLine) {
        this.overLongLine.add(data.subarray(start, newline));
        messages.push(this.finishOverLongLine());
      } else {
        this.pushLine(data.subarray(start, newline), messages);
      }
      start = newline + 1;
    }
    const rest = data.subarray(start);
    if (this.overLongLine) {
      this.overLongLine.add(rest);
      return Buffer.alloc(0);
    }
    // A CR at the end may be the first half of the CRLF after a line of exactly the maximum.
    if (rest.length - (rest.at(-1) === CR ? 1 : 0) > this.maxMessageBytes) {
      this.overLongLine = new SkippedBytes(this.maxMessageBytes);
      this.overLongLine.add(rest);
      return Buffer.alloc(0);
    }
    return rest;
  }

  private pushLine(line: Buffer, messages: FramedMessage[]): void {
    const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    if (end === 0) return;
    if (end > this.maxMessageBytes) messages.push({ bytes: Buffer.from(line.subarray(0, this.maxMessageBytes)), overLength: end });
    else messages.push({ bytes: line.subarray(0, end) });
  }

  private finishOverLongLine(): FramedMessage {
    const line = this.overLongLine!;
    this.overLongLine = undefined;
    // As for any line, a CR before its end is no part of it.
    return { bytes: line.keptBytes, overLength: line.length - (line.lastByte === CR ? 1 : 0) };
  }
}

/**
 * Where the next octet-counting frame header (`[1-9]\d{0,8} <`: a length, a space and the `<` of a
 * PRI) starts in `data` from `from`; undecided while the length can only be told by bytes still to
 * come. undefined when there is none. Each byte is looked at a bounded number of times.
 */
function findFrameHeader(data: Buffer, from: number, ended: boolean, maxMessageBytes: number): { start: number; decided: boolean } | undefined {
  for (let space = data.indexOf(' <', from, 'latin1'); space !== -1; space = data.indexOf(' <', space + 1, 'latin1')) {
    let start = space;
    while (start > from && space - start <= MAX_LENGTH_DIGITS && isDigit(data[start - 1])) start--;
    if (start === space || space - start > MAX_LENGTH_DIGITS) continue;
    // The stray bytes may end in digits too ("…pid=43" counted three bytes short leaves "=43" before
    // "51 <"). Of the lengths the digit run ends with, the longest whose frame is followed by what
    // can follow a frame is taken; failing that, the longest.
    let longest: number | undefined;
    for (let candidate = start; candidate < space; candidate++) {
      if (data[candidate] === ZERO) continue;
      longest ??= candidate;
      const length = Number(data.toString('latin1', candidate, space));
      // Not waited for: so long a frame would be over-long, and only its first bytes kept anyway.
      if (length > maxMessageBytes) continue;
      const follows = followsFrame(data, space + 1 + length, ended);
      if (follows === undefined) return { start, decided: false };
      if (follows) return { start: candidate, decided: true };
    }
    if (longest !== undefined) return { start: longest, decided: true };
  }
  return undefined;
}

/**
 * Whether what `data` holds at `at`, where a frame would end, can follow a frame: a newline or NUL,
 * a frame header, or the end of the stream. undefined until enough of it has come.
 */
function followsFrame(data: Buffer, at: number, ended: boolean): boolean | undefined {
  // Once the stream has ended, a frame it would cut short is less likely than one it does not.
  if (at >= data.length) return ended ? at === data.length : undefined;
  if (data[at] === LF || data[at] === CR || data[at] === 0) return true;
  let end = at;
  while (end < data.length && end - at <= MAX_LENGTH_DIGITS && isDigit(data[end])) end++;
  const digits = end - at;
  if (digits === 0 || digits > MAX_LENGTH_DIGITS) return false;
  if (end === data.length) return ended || undefined;
  return data[end] === SPACE;
}

/**
 * Where the end of `data` (from `from`) might be the start of a frame header cut by the chunk
 * boundary: its last digits, and a space after them. Up to one digit more than a length has, so that
 * a longer run is still seen as too long once the rest arrives.
 */
function possibleHeaderStart(data: Buffer, from: number): number {
  const end = data.at(-1) === SPACE ? data.length - 1 : data.length;
  let start = end;
  while (start > from && end - start <= MAX_LENGTH_DIGITS && isDigit(data[start - 1])) start--;
  return start === end ? data.length : start;
}
