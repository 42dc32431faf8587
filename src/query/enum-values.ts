// Enum values in queries: a code (2), a "code: label" (2: TCP) or a label (TCP, Outbound, HIGH).
// On ranged scales a bare label means its whole band: SEP severity "Critical" is codes 0–3.
import { labelOf, parseCoded, type Catalog } from '../model/index.ts';

export type EnumCodes = { ok: true; codes: number[] } | { ok: false; reason: string };

const STARTS_WITH_CODE = /^\s*-?\d/;

/** The codes a value names, in ascending order. */
export function enumCodes(catalog: Catalog, text: string): EnumCodes {
  const parsed = parseCoded(catalog, text);
  if (!parsed.ok) return parsed;
  const label = labelOf(catalog, parsed.code);
  if (!catalog.labelOf || STARTS_WITH_CODE.test(text) || label === undefined) return { ok: true, codes: [parsed.code] };
  let first = parsed.code;
  let last = parsed.code;
  while (labelOf(catalog, first - 1) === label) first--;
  while (labelOf(catalog, last + 1) === label) last++;
  return { ok: true, codes: Array.from({ length: last - first + 1 }, (_, i) => first + i) };
}
