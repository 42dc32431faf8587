// SQL functions the compiled queries call; the store registers them once per connection.
import type Database from 'better-sqlite3';
import { ipInNetwork, networkFromHex, type IpNetwork } from './ip.ts';

export function registerQueryFunctions(db: Database.Database): void {
  // A query binds the same network for every row: keep the last one decoded.
  let cachedKey = '';
  let cachedNetwork: IpNetwork | undefined;
  db.function('vigil_cidr', { deterministic: true }, (address: unknown, hex: unknown, prefixLength: unknown) => {
    if (typeof address !== 'string' || typeof hex !== 'string' || typeof prefixLength !== 'number') return 0;
    const key = `${hex}/${prefixLength}`;
    if (key !== cachedKey || !cachedNetwork) {
      cachedNetwork = networkFromHex(hex, prefixLength);
      cachedKey = key;
    }
    return ipInNetwork(address, cachedNetwork) ? 1 : 0;
  });
}
