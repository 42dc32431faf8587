// The identity of an event its sender gave no event_uuid: the same content resent, in any key
// order, is a duplicate. (`uuid` is no substitute: it is unique only per type_id.)
import { sha256Hex } from './sha256.ts';
import { setOwnValue } from './json-object.ts';

export function contentHash(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

/**
 * JSON with object keys sorted at every level, so that key order does not change the text.
 * (Integer-like keys come first in ascending order, as JavaScript orders them; still one text per content.)
 */
function canonicalJson(value: unknown): string {
  // A sorted copy serialized once is about twice as fast as serializing piece by piece.
  return JSON.stringify(sortedCopy(value));
}

function sortedCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const object = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort()) setOwnValue(sorted, key, sortedCopy(object[key]));
  return sorted;
}
