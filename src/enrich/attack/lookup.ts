// Resolves ATT&CK references as sources send them. Techniques resolve by id only, so a stale name
// such as "Standard Application Layer Protocol" (T1071 before 2020) yields the current one.
// Tactics resolve by id or by name, ignoring case, spaces and punctuation, so that
// "Command and Control", "command-and-control" and "Defense Evasion.." all match.
import { BUILTIN_TACTICS, BUILTIN_TECHNIQUES, type Tactic, type Technique } from './builtin.ts';

function tacticKey(idOrName: string): string {
  return idOrName.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const TECHNIQUES_BY_ID = new Map(BUILTIN_TECHNIQUES.map((technique) => [technique.id, technique]));
/** Exact spellings too, so the usual case skips normalizing. */
const TACTICS_BY_KEY = new Map(BUILTIN_TACTICS.flatMap((tactic) => [
  [tactic.id, tactic],
  [tactic.name, tactic],
  [tacticKey(tactic.id), tactic],
  [tacticKey(tactic.name), tactic],
]));

export function lookupTechnique(id: string): Technique | undefined {
  return TECHNIQUES_BY_ID.get(id) ?? TECHNIQUES_BY_ID.get(id.trim().toUpperCase());
}

export function lookupTactic(idOrName: string): Tactic | undefined {
  return TACTICS_BY_KEY.get(idOrName) ?? TACTICS_BY_KEY.get(tacticKey(idOrName));
}
