// Keeping the imported catalog in the database (one setting holding its JSON), so that every
// Vigil process on the data directory uses the same one. The version setting lets a running
// server notice a new import cheaply.
import type { Store } from '../../store/index.ts';
import type { AttackCatalog } from './catalog.ts';
import { useAttackCatalog } from './lookup.ts';

const CATALOG_SETTING = 'attack_catalog';
const VERSION_SETTING = 'attack_catalog_version';

export async function saveAttackCatalog(store: Store, catalog: AttackCatalog, at = new Date().toISOString()): Promise<void> {
  await store.setSetting(CATALOG_SETTING, JSON.stringify(catalog));
  await store.setSetting(VERSION_SETTING, at);
}

export async function storedCatalogVersion(store: Store): Promise<string | undefined> {
  return store.getSetting(VERSION_SETTING);
}

export async function loadAttackCatalog(store: Store): Promise<AttackCatalog | undefined> {
  const text = await store.getSetting(CATALOG_SETTING);
  return text === undefined ? undefined : (JSON.parse(text) as AttackCatalog);
}

/**
 * Puts the stored catalog in use when its version differs from `inUse`; returns the version now in
 * use. Call at start and now and then, so an import by `vigil attack import` reaches a running server.
 */
export async function useStoredAttackCatalog(store: Store, inUse?: string): Promise<string | undefined> {
  const version = await storedCatalogVersion(store);
  if (version === undefined || version === inUse) return inUse;
  useAttackCatalog(await loadAttackCatalog(store));
  return version;
}
