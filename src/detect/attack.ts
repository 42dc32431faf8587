// ATT&CK references for alerts, always named as the built-in table names them.
import { lookupTactic, lookupTechnique } from '../enrich/index.ts';
import type { AttackRef, EdrEvent } from '../model/index.ts';
import { text } from './event-fields.ts';

/**
 * A technique of the table under the given tactic (or the technique's own first tactic).
 * A technique the table lacks keeps the source's name; without a tactic there is no reference.
 */
export function attackOf(techniqueId: string, tacticIdOrName?: string, sourceTechniqueName?: string): AttackRef | undefined {
  const technique = lookupTechnique(techniqueId);
  const tactic = (tacticIdOrName === undefined ? undefined : lookupTactic(tacticIdOrName))
    ?? (technique && lookupTactic(technique.tactics[0]));
  const techniqueName = technique?.name ?? sourceTechniqueName;
  if (!tactic || !techniqueName) return undefined;
  return { tactic_uid: tactic.id, tactic_name: tactic.name, technique_uid: technique?.id ?? techniqueId, technique_name: techniqueName };
}

/**
 * The ATT&CK reference the event itself carries: SEP's `mitre` object or ICD-style `attacks[]`.
 * The table's current names replace the event's possibly stale ones.
 */
export function attackFromEvent(event: EdrEvent): AttackRef | undefined {
  const mitre = event.mitre;
  const mitreTechnique = text(mitre?.technique_id);
  if (mitre && mitreTechnique) {
    return attackOf(mitreTechnique, text(mitre.tactic_uid) ?? text(mitre.tactic), text(mitre.technique_name));
  }
  const first: unknown = Array.isArray(event.attacks) ? event.attacks[0] : undefined;
  if (typeof first !== 'object' || first === null) return undefined;
  const { technique_uid, technique_name, tactic_uids } = first as Record<string, unknown>;
  const attacksTechnique = text(technique_uid);
  if (!attacksTechnique) return undefined;
  const tactic = Array.isArray(tactic_uids) ? text(tactic_uids[0]) : undefined;
  return attackOf(attacksTechnique, tactic, text(technique_name));
}
