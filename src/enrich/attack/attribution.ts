// Which known groups or software an incident points to: those that use its technique and whose
// name or alias the detection's own name carries, allowing one letter of difference for longer
// names (SEP calls TrickBot "Trojan.Trickybot"). A hint for the analyst, never a verdict.
import type { CatalogActor } from './catalog.ts';
import { actorsUsing } from './lookup.ts';

const MIN_FUZZY_LENGTH = 6;

function normalized(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** At most one insertion, deletion or substitution apart. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const restA = a.slice(i);
  const restB = b.slice(i);
  return restA.slice(1) === restB.slice(1) || restA.slice(1) === restB || restA === restB.slice(1);
}

function namedIn(actor: CatalogActor, words: string[], joined: string): boolean {
  return [actor.name, ...actor.aliases].some((name) => {
    const key = normalized(name);
    if (key.length < 3) return false;
    if (/\s/.test(name.trim())) return joined.includes(key);
    return words.some((word) => word === key || (key.length >= MIN_FUZZY_LENGTH && withinOneEdit(word, key)));
  });
}

export interface Attribution {
  actor: CatalogActor;
  /** The technique of the incident the actor is known to use. */
  technique: string;
}

/** Actors that use one of `techniqueIds` and are named in `texts` (signature or threat names). */
export function attributeByName(techniqueIds: string[], texts: string[]): Attribution[] {
  const words = texts.flatMap((text) => text.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean);
  const joined = normalized(texts.join(' '));
  const found = new Map<string, Attribution>();
  for (const technique of techniqueIds) {
    for (const actor of actorsUsing(technique)) {
      if (!found.has(actor.id) && namedIn(actor, words, joined)) found.set(actor.id, { actor, technique });
    }
  }
  return [...found.values()];
}

/** What an incident shows: the actors its technique and its detection's names point to. */
export interface AttributionRecord {
  id: string;
  name: string;
  kind: CatalogActor['kind'];
  url?: string;
  /** The incident's technique the actor is known to use. */
  technique: string;
}

export function attributeIncident(incident: { attack?: { technique_uid: string }; signature_name?: string; description?: string }): AttributionRecord[] {
  if (!incident.attack) return [];
  const texts = [incident.signature_name, incident.description].filter((text): text is string => typeof text === 'string');
  return attributeByName([incident.attack.technique_uid], texts).map(({ actor, technique }) => ({ id: actor.id, name: actor.name, kind: actor.kind, url: actor.url, technique }));
}
