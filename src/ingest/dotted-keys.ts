// The console writes sub-object fields as dotted names ("mitre.tactic", "event_actor.pid") and
// senders copy them; the canonical event nests them (mitre: { tactic }). Only top-level keys are
// expanded: keys inside sub-objects are kept as sent.
import { describeValue, jsonPath, type FieldError } from './error-text.ts';
import { isJsonObject, ownValue, setOwnValue, type JsonObject } from './json-object.ts';

export type ExpandResult = { ok: true; fields: JsonObject } | { ok: false; errors: FieldError[] };

/** Names like "a..b" or ".a" are not paths; such keys are kept literally. */
const DOTTED_PATH = /^[^.]+(?:\.[^.]+)+$/;

function isDottedPath(key: string): boolean {
  return key.includes('.') && DOTTED_PATH.test(key);
}

/**
 * A shallow copy of `raw` with dotted keys nested. The sender's sub-objects are copied before a
 * dotted key is merged into them, so `raw` itself is never changed. When the caller `owned` `raw`
 * and it has no dotted key (the common case), `raw` itself is returned, to be changed in place.
 */
export function expandDottedKeys(raw: JsonObject, owned = false): ExpandResult {
  let dottedKeys: string[] | undefined;
  for (const key in raw) if (isDottedPath(key)) (dottedKeys ??= []).push(key);
  // Spreading is V8's fast clone, and copies a "__proto__" key as a plain field.
  if (!dottedKeys) return { ok: true, fields: owned ? raw : { ...raw } };

  const fields: JsonObject = {};
  for (const key in raw) if (!isDottedPath(key)) setOwnValue(fields, key, raw[key]);

  const madeHere = new Set<JsonObject>();
  const errors: FieldError[] = [];
  for (const key of dottedKeys) {
    const error = place(fields, key, raw[key], madeHere);
    if (error) errors.push(error);
  }
  return errors.length === 0 ? { ok: true, fields } : { ok: false, errors };
}

function place(fields: JsonObject, dottedKey: string, value: unknown, madeHere: Set<JsonObject>): FieldError | undefined {
  const keys = dottedKey.split('.');
  let target = fields;
  for (let depth = 0; depth < keys.length - 1; depth++) {
    const existing = ownValue(target, keys[depth]);
    let child: JsonObject;
    if (existing === undefined) child = {};
    else if (!isJsonObject(existing)) {
      return { path: jsonPath(keys.slice(0, depth + 1)), reason: `is ${describeValue(existing)}, so "${dottedKey}" cannot be placed inside it` };
    } else if (madeHere.has(existing)) {
      target = existing;
      continue;
    } else child = { ...existing };
    madeHere.add(child);
    setOwnValue(target, keys[depth], child);
    target = child;
  }
  const leaf = keys[keys.length - 1];
  if (ownValue(target, leaf) !== undefined) return { path: jsonPath(keys), reason: `is given twice: as "${dottedKey}" and inside ${keys[0]}` };
  setOwnValue(target, leaf, value);
  return undefined;
}
