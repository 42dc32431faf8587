// The dashboard's ATT&CK view: incidents per tactic and technique, named by the catalog in use
// (an imported ATT&CK release renames what older incidents stored). An incident counts under its
// own tactic and technique, and under the first tactic of each further technique it lists (Sigma
// rules name several); once per tactic and per technique however many of them it names.
import { activeAttackCatalog, lookupTactic, lookupTechnique } from '../enrich/index.ts';
import type { IncidentAttackCount } from '../store/index.ts';

export interface TechniqueRow { technique_uid: string; technique_name: string; incidents: number }
export interface TacticRow { tactic_uid: string; tactic_name: string; incidents: number; techniques: TechniqueRow[] }

interface Pair { tacticUid: string; tacticName?: string; techniqueUid: string; techniqueName?: string }

/** The (tactic, technique) pairs one group of incidents names, each once. */
function pairsOf(group: IncidentAttackCount): Pair[] {
  const pairs = new Map<string, Pair>();
  const attack = group.attack;
  if (attack) {
    pairs.set(`${attack.tactic_uid} ${attack.technique_uid}`, {
      tacticUid: attack.tactic_uid, tacticName: attack.tactic_name, techniqueUid: attack.technique_uid, techniqueName: attack.technique_name,
    });
  }
  for (const technique of group.techniques ?? []) {
    if (technique.technique_uid === attack?.technique_uid) continue;
    // A sub-technique the catalog lacks sits under its parent's tactic.
    const known = lookupTechnique(technique.technique_uid) ?? lookupTechnique(technique.technique_uid.split('.')[0]);
    const tacticUid = known?.tactics[0];
    if (tacticUid === undefined) continue;
    pairs.set(`${tacticUid} ${technique.technique_uid}`, { tacticUid, techniqueUid: technique.technique_uid, techniqueName: technique.technique_name });
  }
  return [...pairs.values()];
}

export function tacticView(groups: readonly IncidentAttackCount[]): TacticRow[] {
  const tactics = new Map<string, { name?: string; incidents: number; techniques: Map<string, { name?: string; incidents: number }> }>();
  for (const group of groups) {
    const counted = new Set<string>();
    for (const pair of pairsOf(group)) {
      const tactic = tactics.get(pair.tacticUid) ?? { name: pair.tacticName, incidents: 0, techniques: new Map() };
      tactics.set(pair.tacticUid, tactic);
      if (!counted.has(pair.tacticUid)) tactic.incidents += group.incidents;
      counted.add(pair.tacticUid);
      const technique = tactic.techniques.get(pair.techniqueUid) ?? { name: pair.techniqueName, incidents: 0 };
      technique.incidents += group.incidents;
      tactic.techniques.set(pair.techniqueUid, technique);
    }
  }
  const matrixOrder = activeAttackCatalog().tactics.map((tactic) => tactic.id);
  const position = (uid: string) => (matrixOrder.includes(uid) ? matrixOrder.indexOf(uid) : matrixOrder.length);
  return [...tactics]
    .sort(([a], [b]) => position(a) - position(b) || a.localeCompare(b))
    .map(([uid, tactic]) => ({
      tactic_uid: uid,
      tactic_name: lookupTactic(uid)?.name ?? tactic.name ?? uid,
      incidents: tactic.incidents,
      techniques: [...tactic.techniques]
        .map(([techniqueUid, technique]) => ({
          technique_uid: techniqueUid,
          technique_name: lookupTechnique(techniqueUid)?.name ?? technique.name ?? techniqueUid,
          incidents: technique.incidents,
        }))
        .sort((a, b) => b.incidents - a.incidents || a.technique_uid.localeCompare(b.technique_uid)),
    }));
}
