// ATT&CK from a Sigma rule's tags (`attack.t1059.001`, `attack.execution`), resolved through the
// catalog in use. A revoked id gives its replacement; a sub-technique the catalog lacks is named by
// its parent (the built-in table has no sub-techniques); an id nothing knows is kept, without a name.
import { lookupTactic, lookupTechnique } from '../../enrich/index.ts';
import type { AttackRef, TechniqueRef } from '../../model/index.ts';
import { attackOf } from '../attack.ts';

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
/** Group (g0016) and software (s0002) tags name no tactic. */
const ACTOR_TAG = /^attack\.[gs]\d{4}$/i;

export interface RuleAttack {
  techniques: TechniqueRef[];
  /** The first technique under a tactic the rule names (or the technique's own first tactic). */
  attack?: AttackRef;
}

/** The catalog's technique for an id, or for a sub-technique it lacks, its parent's. */
function catalogTechnique(id: string) {
  return lookupTechnique(id) ?? (id.includes('.') ? lookupTechnique(id.split('.')[0]) : undefined);
}

export function attackOfTags(tags: readonly string[]): RuleAttack {
  const techniques: TechniqueRef[] = [];
  const tactics: string[] = [];
  for (const tag of tags) {
    const techniqueTag = TECHNIQUE_TAG.exec(tag);
    if (techniqueTag) {
      const id = techniqueTag[1].toUpperCase();
      const resolved = lookupTechnique(id);
      const technique_uid = resolved?.id ?? id;
      if (techniques.some((known) => known.technique_uid === technique_uid)) continue;
      const technique_name = (resolved ?? catalogTechnique(id))?.name;
      techniques.push(technique_name === undefined ? { technique_uid } : { technique_uid, technique_name });
    } else if (tag.toLowerCase().startsWith('attack.') && !ACTOR_TAG.test(tag)) {
      const tactic = lookupTactic(tag.slice('attack.'.length));
      if (tactic) tactics.push(tactic.id);
    }
  }
  return { techniques, attack: firstAttack(techniques, tactics) };
}

function firstAttack(techniques: readonly TechniqueRef[], tactics: readonly string[]): AttackRef | undefined {
  const tacticOf = (ref: TechniqueRef) => {
    const own = catalogTechnique(ref.technique_uid)?.tactics ?? [];
    return tactics.find((tactic) => own.includes(tactic)) ?? tactics[0] ?? own[0];
  };
  for (const ref of techniques) {
    const attack = ref.technique_name === undefined ? undefined : attackOf(ref.technique_uid, tacticOf(ref), ref.technique_name);
    if (attack) return attack;
  }
  return undefined;
}
