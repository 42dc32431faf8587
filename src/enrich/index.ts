export { enrichEvent } from './enrich.ts';
export { severityIdFromSep } from './severity.ts';
export { activeAttackCatalog, actorsUsing, BUILTIN_CATALOG, lookupTactic, lookupTechnique, resolveTechnique, useAttackCatalog } from './attack/lookup.ts';
export { BUILTIN_TACTICS, BUILTIN_TECHNIQUES, type Tactic, type Technique } from './attack/builtin.ts';
export type { AttackCatalog, CatalogActor, CatalogTactic, CatalogTechnique, ResolvedTechnique } from './attack/catalog.ts';
export { parseStixBundle, StixError } from './attack/stix.ts';
export { attributeByName, attributeIncident, type Attribution, type AttributionRecord } from './attack/attribution.ts';
export { loadAttackCatalog, saveAttackCatalog, useStoredAttackCatalog } from './attack/persist.ts';
