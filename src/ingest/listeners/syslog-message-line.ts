// A framed syslog message (a TCP frame or a UDP datagram) as a received line: an over-long one, or
// bytes the framer could only salvage (a cut or miscounted frame), are refused with the reason and
// keep their first bytes, so they go to the dead letters, not away.
import type { LineOrigin, ReceivedLine } from './received-line.ts';
import { receiveLine } from './received-line.ts';
import type { FramedMessage } from './syslog-framing.ts';

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

export function messageLine(message: FramedMessage, origin: LineOrigin, receivedAt: string, maxMessageBytes: number): ReceivedLine {
  if (message.refusal !== undefined) return receiveLine(message.bytes, origin, receivedAt, { truncated: message.overLength !== undefined, refusal: message.refusal });
  if (message.overLength === undefined) return receiveLine(message.bytes, origin, receivedAt);
  return receiveLine(message.bytes, origin, receivedAt, {
    truncated: true,
    refusal: `the message is ${message.overLength} bytes, over the maximum of ${maxMessageBytes} (--syslog-max-message); its first ${maxMessageBytes} bytes are kept`,
  });
}

/** IPv4 peers of a dual-stack socket appear as ::ffff:192.0.2.7; counters and sources show 192.0.2.7. */
export function peerAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
