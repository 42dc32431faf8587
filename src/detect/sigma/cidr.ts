// The `cidr` modifier: does an address fall in a network, IPv4 or IPv6.
import { isIP } from 'node:net';
import type { TextPredicate } from './pattern.ts';

/** Parses `10.0.0.0/8` or `fe80::/10`; throws when the text is not a network. */
export function compileCidr(cidr: string): TextPredicate {
  const [address, prefixText, extra] = cidr.trim().split('/');
  const detected = isIP(address);
  const version = detected === 4 ? 4 : 6;
  const width = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? width : Number(prefixText);
  // Digits only: Number() reads '' (as 0), ' 8' and '0x8' as well.
  const validPrefix = prefixText === undefined || /^\d{1,3}$/.test(prefixText);
  if (detected === 0 || extra !== undefined || !validPrefix || prefix > width) {
    throw new Error(`"${cidr}" is not a CIDR network`);
  }
  const network = addressBits(address, version)! >> BigInt(width - prefix);
  return (text) => {
    const bits = addressBits(text.trim(), version);
    return bits !== undefined && bits >> BigInt(width - prefix) === network;
  };
}

/** The address as a number, if it is an address of the given IP version. */
function addressBits(text: string, version: 4 | 6): bigint | undefined {
  // Windows logs IPv4 peers of dual-stack sockets as `::ffff:1.2.3.4`.
  const candidate = version === 4 && text.toLowerCase().startsWith('::ffff:') ? text.slice(7) : text;
  if (isIP(candidate) !== version) return undefined;
  if (version === 4) return candidate.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
  return ipv6Groups(candidate).reduce((bits, group) => (bits << 16n) | BigInt(group), 0n);
}

function ipv6Groups(text: string): number[] {
  let address = text.split('%')[0];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const tail = address.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    address = `${address.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest === undefined ? [] : rest ? rest.split(':') : [];
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups].map((group) => parseInt(group, 16));
}
