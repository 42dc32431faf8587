// IPv4 and IPv6 addresses and CIDR networks, as bytes. Used by the parser (validating
// `field:192.0.2.0/24`), the in-memory evaluator and the vigil_cidr SQL function alike.

export interface IpNetwork {
  /** 4 bytes for IPv4, 16 for IPv6; host bits are zero. */
  readonly bytes: readonly number[];
  readonly prefixLength: number;
}

const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^\d{1,3}$/;

/** The bytes of an IPv4 or IPv6 address; undefined for anything else (zone ids included). */
export function parseIpAddress(text: string): number[] | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): number[] | undefined {
  const value = ipv4Value(text);
  return value === undefined ? undefined : [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

const DOT = 46;
const ZERO = 48;

/**
 * Four dotted decimal bytes as one unsigned 32-bit number. Leading zeros are refused: some tools
 * read them as octal. Read by hand rather than by RegExp: vigil_cidr calls this once per row.
 */
function ipv4Value(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : DOT;
    if (code === DOT) {
      if (digits === 0 || part > 255 || (digits > 1 && text.charCodeAt(i - digits) === ZERO)) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (code >= ZERO && code <= ZERO + 9 && digits < 3) {
      part = part * 10 + code - ZERO;
      digits++;
    } else {
      return undefined;
    }
  }
  return dots === 4 ? value : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let groups = text;
  if (tail.includes('.')) {
    // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
    const v4 = parseIpv4(tail);
    if (!v4) return undefined;
    groups = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const [head, rest] = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (rest !== undefined && head.length + rest.length > 7) return undefined;
  const words = rest === undefined ? head : [...head, ...new Array<string>(8 - head.length - rest.length).fill('0'), ...rest];
  if (words.length !== 8 || !words.every((word) => IPV6_GROUP.test(word))) return undefined;
  return words.flatMap((word) => {
    const value = parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
}

/** A network written `address/prefix`; host bits are cleared (192.0.2.10/24 is 192.0.2.0/24). */
export function parseCidr(text: string): IpNetwork | undefined {
  const slash = text.lastIndexOf('/');
  const prefixText = text.slice(slash + 1);
  const bytes = slash > 0 && PREFIX.test(prefixText) ? parseIpAddress(text.slice(0, slash)) : undefined;
  const prefixLength = Number(prefixText);
  if (!bytes || prefixLength > bytes.length * 8) return undefined;
  return { bytes: bytes.map((byte, i) => byte & maskByte(prefixLength, i)), prefixLength };
}

/** A single address as the network holding only itself (/32 or /128). */
export function hostNetwork(bytes: readonly number[]): IpNetwork {
  return { bytes, prefixLength: bytes.length * 8 };
}

/** True when `address` is an IP of the network's family inside it. */
export function ipInNetwork(address: string, network: IpNetwork): boolean {
  if (network.bytes.length === 4 && !address.includes(':')) {
    // The common case, without building arrays.
    const value = ipv4Value(address);
    const mask = network.prefixLength === 0 ? 0 : (0xffffffff << (32 - network.prefixLength)) >>> 0;
    const [a, b, c, d] = network.bytes;
    return value !== undefined && ((value & mask) >>> 0) === ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  }
  const bytes = parseIpAddress(address);
  if (!bytes || bytes.length !== network.bytes.length) return false;
  return bytes.every((byte, i) => (byte & maskByte(network.prefixLength, i)) === network.bytes[i]);
}

function maskByte(prefixLength: number, index: number): number {
  const bits = Math.min(8, Math.max(0, prefixLength - index * 8));
  return (0xff << (8 - bits)) & 0xff;
}

/** The network's bytes as hex, the form bound to vigil_cidr's second parameter. */
export function networkHex(network: IpNetwork): string {
  return network.bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function networkFromHex(hex: string, prefixLength: number): IpNetwork {
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return { bytes, prefixLength };
}
