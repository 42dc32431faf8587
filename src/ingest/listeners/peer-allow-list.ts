// The optional allow-list of syslog peers (--syslog-allow 192.0.2.0/24,2001:db8::/32,192.0.2.7):
// syslog has no authentication, so this and the address the listeners bind to are what keep
// strangers from writing events.
import { BlockList, isIP } from 'node:net';

export class PeerAllowListError extends Error {}

export type PeerAllowList = (address: string) => boolean;

/** Everyone, for an empty list; else the peers inside one of the CIDR ranges (a bare address is /32 or /128). */
export function peerAllowList(cidrs: readonly string[]): PeerAllowList {
  if (cidrs.length === 0) return () => true;
  const allowed = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefixText, extra] = cidr.trim().split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (family === 0 || extra !== undefined || !/^\d+$/.test(prefixText ?? '0') || prefix > bits) {
      throw new PeerAllowListError(`"${cidr}" is not an address or CIDR range such as 192.0.2.0/24 or 2001:db8::/32`);
    }
    allowed.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  // BlockList also matches IPv4-mapped IPv6 peers (::ffff:192.0.2.7) against IPv4 ranges.
  return (address) => {
    const family = isIP(address);
    return family !== 0 && allowed.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}
