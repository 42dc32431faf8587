// Splits a syslog TCP stream into messages (RFC 6587). A connection that starts with a digit run
// and a space uses octet counting ("<length> <message>"); anything else is newline framing (LF,
// with a CR before it dropped). Decided once per connection, on its first bytes. A message over
// the maximum keeps its first `maxMessageBytes` bytes and says how long it was; the rest is skipped
// without being buffered.

export interface FramedMessage {
  bytes: Buffer;
  /** Set when the message was longer than the maximum: its whole length in bytes. */
  overLength?: number;
}

type Framing = 'undecided' | 'octet-counting' | 'newline';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
/** Enough digits for any length a sender can mean (up to 999,999,999 bytes). */
const MAX_LENGTH_DIGITS = 9;

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

export class SyslogFramer {
  private framing: Framing = 'undecided';
  /** Bytes received and not yet part of a returned message. */
  private held: Buffer = Buffer.alloc(0);
  /** Octet counting: bytes of an over-long message still to skip. */
  private skipping = 0;
  /** Newline framing: inside an over-long line, skipping to its LF. */
  private skippingLine = false;
  private overLongPrefix: Buffer | undefined;
  private overLength = 0;

  constructor(private readonly maxMessageBytes: number) {}

  get mode(): Framing {
    return this.framing;
  }

  push(chunk: Buffer): FramedMessage[] {
    const messages: FramedMessage[] = [];
    let data = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    if (this.framing === 'undecided') {
      const decided = this.decide(data);
      if (!decided) {
        this.held = data;
        return messages;
      }
      this.framing = decided;
    }
    if (this.framing === 'octet-counting') {
      data = this.readOctetCounted(data, messages);
      // Still octet counting: what is left is an incomplete frame. Otherwise the sender turned out
      // not to count octets, and the rest is read as lines.
      if (this.framing === 'octet-counting') {
        this.held = data;
        return messages;
      }
    }
    this.held = this.readLines(data, messages);
    return messages;
  }

  /** At the end of the stream: an unterminated last line, or the part of a frame that came, is still a message. */
  end(): FramedMessage[] {
    const messages: FramedMessage[] = [];
    if (this.skippingLine) messages.push(this.finishOverLong(0));
    else if (this.framing === 'octet-counting') this.pushLine(this.held.subarray(this.held.indexOf(SPACE) + 1), messages);
    else this.pushLine(this.held, messages);
    this.held = Buffer.alloc(0);
    return messages;
  }

  /** undefined while the first bytes could still be either framing. */
  private decide(data: Buffer): Framing | undefined {
    let digits = 0;
    while (digits < data.length && isDigit(data[digits])) digits++;
    if (digits === 0 || data[0] === 0x30 || digits > MAX_LENGTH_DIGITS) return 'newline';
    if (digits === data.length) return undefined;
    return data[digits] === SPACE ? 'octet-counting' : 'newline';
  }

  /** Reads frames from `data`; returns the bytes left over: an incomplete frame, or the rest when the framing turned out to be newlines. */
  private readOctetCounted(data: Buffer, messages: FramedMessage[]): Buffer {
    let at = 0;
    while (at < data.length) {
      if (this.skipping > 0) {
        const skipped = Math.min(this.skipping, data.length - at);
        this.skipping -= skipped;
        at += skipped;
        continue;
      }
      // Some senders end each frame with a newline as well; it is no part of the next frame.
      if (data[at] === LF || data[at] === CR || data[at] === 0) {
        at++;
        continue;
      }
      let end = at;
      while (end < data.length && end - at <= MAX_LENGTH_DIGITS && isDigit(data[end])) end++;
      if (end === data.length) return data.subarray(at);
      if (end === at || data[end] !== SPACE || end - at > MAX_LENGTH_DIGITS) {
        // Not a frame header: the sender is not octet counting after all; read the rest as lines.
        this.framing = 'newline';
        return data.subarray(at);
      }
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

  /** Reads the complete lines of `data`; returns the unterminated rest to hold. */
  private readLines(data: Buffer, messages: FramedMessage[]): Buffer {
    let start = 0;
    for (let newline = data.indexOf(LF); newline !== -1; newline = data.indexOf(LF, start)) {
      if (this.skippingLine) {
        messages.push(this.finishOverLong(newline - start));
      } else {
        this.pushLine(data.subarray(start, newline), messages);
      }
      start = newline + 1;
    }
    const rest = data.subarray(start);
    if (this.skippingLine) {
      this.overLength += rest.length;
      return Buffer.alloc(0);
    }
    if (rest.length > this.maxMessageBytes) {
      this.skippingLine = true;
      this.overLongPrefix = Buffer.from(rest.subarray(0, this.maxMessageBytes));
      this.overLength = rest.length;
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

  /** The over-long line being skipped ends after `more` further bytes. */
  private finishOverLong(more: number): FramedMessage {
    const message = { bytes: this.overLongPrefix!, overLength: this.overLength + more };
    this.skippingLine = false;
    this.overLongPrefix = undefined;
    this.overLength = 0;
    return message;
  }
}
