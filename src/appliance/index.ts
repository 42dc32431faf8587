// This Vigil as an EDR appliance: its stable id, name, address and version (the constant fields of
// audit events and system activities, and GET /atpapi/v2/appliances), and its system activity log.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import type { SystemActivity } from '../model/index.ts';
import type { Store } from '../store/index.ts';

export const PRODUCT_NAME = 'Vigil';
export const VIGIL_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const APPLIANCE_ID_SETTING = 'appliance_id';

export interface ApplianceIdentity {
  /** A uuid made on first use and kept in the database: stable per data directory. */
  id: string;
  name: string;
  /** The first external IPv4 address, else loopback. */
  ip: string;
}

function primaryAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const external = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (external) return external.address;
  }
  return '127.0.0.1';
}

export async function applianceIdentity(store: Store): Promise<ApplianceIdentity> {
  let id = await store.getSetting(APPLIANCE_ID_SETTING);
  if (!id) {
    id = randomUUID();
    await store.setSetting(APPLIANCE_ID_SETTING, id);
  }
  return { id, name: hostname(), ip: primaryAddress() };
}

/** Records an Application Activity (type_id 1) of this process, such as "Vigil started". */
export function recordSystemActivity(store: Store, entry: { feature: string; message: string; ok?: boolean }, at = new Date().toISOString()): Promise<SystemActivity> {
  return store.appendSystemActivity({
    type_id: 1,
    feature_name: entry.feature,
    message: entry.message,
    status_id: entry.ok === false ? 2 : 1,
    device_time: at,
    product_ver: VIGIL_VERSION,
    process: { pid: process.pid },
  });
}
