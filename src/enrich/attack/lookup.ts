// Resolves ATT&CK references as sources send them, against the active catalog: the built-in table
// until an imported one is put in use. Techniques resolve by id only, so a stale name such as
// "Standard Application Layer Protocol" (T1071 before 2020) yields the current one, and a revoked
// id yields its replacement. Tactics resolve by id or by name, ignoring case, spaces and
// punctuation, so that "Command and Control", "command-and-control" and "Defense Evasion.." match.
import { BUILTIN_TACTICS, BUILTIN_TECHNIQUES } from './builtin.ts';
import { AttackIndex, type AttackCatalog, type CatalogActor, type CatalogTactic, type CatalogTechnique, type ResolvedTechnique } from './catalog.ts';

export const BUILTIN_CATALOG: AttackCatalog = { source: 'built-in', tactics: [...BUILTIN_TACTICS], techniques: [...BUILTIN_TECHNIQUES], actors: [] };

let active = new AttackIndex(BUILTIN_CATALOG);

/** Puts a catalog in use for the whole process; undefined goes back to the built-in table. */
export function useAttackCatalog(catalog: AttackCatalog | undefined): void {
  active = new AttackIndex(catalog ?? BUILTIN_CATALOG);
}

export function activeAttackCatalog(): AttackCatalog {
  return active.catalog;
}

/** The current technique for an id (a revoked id gives its replacement). */
export function lookupTechnique(id: string): CatalogTechnique | undefined {
  return active.resolveTechnique(id)?.technique;
}

export function resolveTechnique(id: string): ResolvedTechnique | undefined {
  return active.resolveTechnique(id);
}

export function lookupTactic(idOrName: string): CatalogTactic | undefined {
  return active.lookupTactic(idOrName);
}

export function actorsUsing(techniqueId: string): CatalogActor[] {
  return active.actorsUsing(techniqueId);
}
