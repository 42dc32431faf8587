// The MITRE ATT&CK catalog Vigil resolves ids against: tactics, techniques (with sub-techniques,
// revocations and deprecations), and the groups and software known to use them. Either the small
// built-in table or a catalog imported from an ATT&CK STIX bundle.
import type { Tactic, Technique } from './builtin.ts';

export interface CatalogTechnique extends Technique {
  url?: string;
  /** Set on a revoked technique: the id that replaces it. */
  revoked_by?: string;
  deprecated?: boolean;
  /** For a sub-technique (T1071.001): its parent (T1071). */
  parent?: string;
}

export interface CatalogTactic extends Tactic {
  url?: string;
}

/** A group (intrusion set) or a piece of software (malware or tool) and the techniques it uses. */
export interface CatalogActor {
  /** G0102, S0266. */
  id: string;
  kind: 'group' | 'malware' | 'tool';
  name: string;
  aliases: string[];
  url?: string;
  uses: string[];
}

export interface AttackCatalog {
  /** Where it came from, e.g. "ATT&CK Enterprise 18.1 (enterprise-attack-18.1.json)" or "built-in". */
  source: string;
  tactics: CatalogTactic[];
  techniques: CatalogTechnique[];
  actors: CatalogActor[];
}

/** A technique id as resolved: its current entry, and the id asked for when that was revoked. */
export interface ResolvedTechnique {
  technique: CatalogTechnique;
  replaces?: string;
}

function tacticKey(idOrName: string): string {
  return idOrName.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Lookups over one catalog. */
export class AttackIndex {
  private readonly techniques: Map<string, CatalogTechnique>;
  private readonly tactics: Map<string, CatalogTactic>;
  private readonly actorsByTechnique = new Map<string, CatalogActor[]>();

  constructor(readonly catalog: AttackCatalog) {
    this.techniques = new Map(catalog.techniques.map((technique) => [technique.id, technique]));
    // Exact spellings too, so the usual case skips normalizing.
    this.tactics = new Map(catalog.tactics.flatMap((tactic) => [
      [tactic.id, tactic], [tactic.name, tactic], [tacticKey(tactic.id), tactic], [tacticKey(tactic.name), tactic],
    ]));
    for (const actor of catalog.actors) {
      for (const id of actor.uses) {
        const users = this.actorsByTechnique.get(id) ?? [];
        users.push(actor);
        this.actorsByTechnique.set(id, users);
      }
    }
  }

  /** A technique by id, following revocations to the technique that replaced it (at most a few hops). */
  resolveTechnique(id: string): ResolvedTechnique | undefined {
    const asked = this.techniques.get(id) ?? this.techniques.get(id.trim().toUpperCase());
    let technique = asked;
    for (let hops = 0; technique?.revoked_by && hops < 5; hops++) technique = this.techniques.get(technique.revoked_by);
    if (!technique || !asked) return undefined;
    return technique === asked ? { technique } : { technique, replaces: asked.id };
  }

  lookupTactic(idOrName: string): CatalogTactic | undefined {
    return this.tactics.get(idOrName) ?? this.tactics.get(tacticKey(idOrName));
  }

  /** Groups and software that use the technique or one of its sub-techniques. */
  actorsUsing(techniqueId: string): CatalogActor[] {
    const direct = this.actorsByTechnique.get(techniqueId) ?? [];
    const viaSubtechniques = this.catalog.techniques
      .filter((technique) => technique.parent === techniqueId)
      .flatMap((technique) => this.actorsByTechnique.get(technique.id) ?? []);
    return [...new Set([...direct, ...viaSubtechniques])];
  }
}
