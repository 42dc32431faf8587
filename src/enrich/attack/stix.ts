// Reading an ATT&CK STIX 2.0 or 2.1 bundle (as MITRE publishes enterprise-attack.json) into a
// catalog: tactics, techniques, sub-techniques, revocations, deprecations, and the `uses` of
// groups and software. Objects of other types are ignored.
import type { AttackCatalog, CatalogActor, CatalogTactic, CatalogTechnique } from './catalog.ts';

interface StixObject {
  type?: string;
  id?: string;
  name?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  x_mitre_is_subtechnique?: boolean;
  x_mitre_shortname?: string;
  x_mitre_aliases?: string[];
  aliases?: string[];
  modified?: string;
  kill_chain_phases?: { kill_chain_name?: string; phase_name?: string }[];
  external_references?: { source_name?: string; external_id?: string; url?: string }[];
  relationship_type?: string;
  tactic_refs?: string[];
  source_ref?: string;
  target_ref?: string;
}

export class StixError extends Error {}

const ACTOR_KINDS: Record<string, CatalogActor['kind']> = { 'intrusion-set': 'group', malware: 'malware', tool: 'tool' };

function attackReference(object: StixObject) {
  return object.external_references?.find((reference) => reference.source_name === 'mitre-attack' && reference.external_id);
}

/** `source` names the file in the catalog's description. */
export function parseStixBundle(json: unknown, source: string): AttackCatalog {
  const bundle = json as { type?: string; objects?: unknown };
  if (typeof bundle !== 'object' || bundle === null || bundle.type !== 'bundle' || !Array.isArray(bundle.objects)) {
    throw new StixError(`${source} is not a STIX bundle: expected {"type": "bundle", "objects": [...]}`);
  }
  const objects = bundle.objects as StixObject[];
  const attackIdOf = new Map<string, string>();
  for (const object of objects) {
    const reference = attackReference(object);
    if (object.id && reference) attackIdOf.set(object.id, reference.external_id!);
  }

  const tacticIdOfShortname = new Map<string, string>();
  const tactics: CatalogTactic[] = [];
  for (const object of objects.filter((o) => o.type === 'x-mitre-tactic' && !o.revoked && !o.x_mitre_deprecated)) {
    const reference = attackReference(object);
    if (!reference || !object.name) continue;
    tactics.push({ id: reference.external_id!, name: object.name, url: reference.url });
    if (object.x_mitre_shortname) tacticIdOfShortname.set(object.x_mitre_shortname, reference.external_id!);
  }
  const matrix = objects.find((object) => object.type === 'x-mitre-matrix');
  // The matrix lists its tactics in column order; keep that order.
  const order = matrix?.tactic_refs?.map((ref) => attackIdOf.get(ref)) ?? [];
  tactics.sort((a, b) => (order.indexOf(a.id) + 1 || Infinity) - (order.indexOf(b.id) + 1 || Infinity));

  const revokedBy = new Map<string, string>();
  const parentOf = new Map<string, string>();
  const uses = new Map<string, Set<string>>();
  for (const relation of objects.filter((o) => o.type === 'relationship' && o.source_ref && o.target_ref && !o.revoked)) {
    const source = attackIdOf.get(relation.source_ref!);
    const target = attackIdOf.get(relation.target_ref!);
    if (!source || !target) continue;
    if (relation.relationship_type === 'revoked-by') revokedBy.set(source, target);
    else if (relation.relationship_type === 'subtechnique-of') parentOf.set(source, target);
    else if (relation.relationship_type === 'uses' && target.startsWith('T')) {
      const used = uses.get(source) ?? new Set<string>();
      used.add(target);
      uses.set(source, used);
    }
  }

  const techniques: CatalogTechnique[] = [];
  for (const object of objects.filter((o) => o.type === 'attack-pattern')) {
    const reference = attackReference(object);
    if (!reference || !object.name) continue;
    const id = reference.external_id!;
    const technique: CatalogTechnique = {
      id,
      name: object.name,
      tactics: (object.kill_chain_phases ?? [])
        .filter((phase) => phase.kill_chain_name === 'mitre-attack' && phase.phase_name)
        .map((phase) => tacticIdOfShortname.get(phase.phase_name!))
        .filter((tactic): tactic is string => tactic !== undefined),
      url: reference.url,
    };
    const parent = parentOf.get(id) ?? (object.x_mitre_is_subtechnique ? id.split('.')[0] : undefined);
    if (parent) technique.parent = parent;
    if (object.revoked && revokedBy.has(id)) technique.revoked_by = revokedBy.get(id);
    if (object.x_mitre_deprecated) technique.deprecated = true;
    techniques.push(technique);
  }

  const actors: CatalogActor[] = [];
  for (const object of objects.filter((o) => o.type !== undefined && o.type in ACTOR_KINDS && !o.revoked && !o.x_mitre_deprecated)) {
    const reference = attackReference(object);
    if (!reference || !object.name) continue;
    const aliases = [...new Set([...(object.aliases ?? []), ...(object.x_mitre_aliases ?? [])])].filter((alias) => alias !== object.name);
    actors.push({
      id: reference.external_id!, kind: ACTOR_KINDS[object.type!], name: object.name, aliases, url: reference.url,
      uses: [...(uses.get(reference.external_id!) ?? [])].sort(),
    });
  }
  if (techniques.length === 0 || tactics.length === 0) throw new StixError(`${source} holds no ATT&CK tactics or techniques`);
  // Bundles carry no release number (the matrix's x_mitre_version is its own); the latest change dates them.
  const lastModified = objects.reduce((latest, object) => (object.modified ?? '') > latest ? object.modified! : latest, '');
  return { source: `${matrix?.name ?? 'ATT&CK'} from ${source}${lastModified ? `, last changed ${lastModified.slice(0, 10)}` : ''}`, tactics, techniques, actors };
}
