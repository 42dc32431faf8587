// Reading and rendering "code: label" values such as "2: TCP" or "206: Intrusion detected".
import type { Catalog } from './catalogs.ts';

export type CodeResult = { ok: true; code: number } | { ok: false; reason: string };

const CODE_LABEL = /^\s*(-?\d+)\s*(?::\s*(.*?))?\s*$/;

/** The label of a code, or undefined when the catalog does not know it. */
export function labelOf(catalog: Catalog, code: number): string | undefined {
  return catalog.labels.get(code) ?? catalog.labelOf?.(code);
}

function codeOfLabel(catalog: Catalog, label: string): number | undefined {
  const wanted = label.trim().toLowerCase();
  for (const [code, name] of catalog.labels) if (name.toLowerCase() === wanted) return code;
  return catalog.aliases?.get(wanted);
}

/**
 * Accepts a code (2), a numeric string ("2"), a "code: label" string ("2: TCP") or a label
 * ("TCP", case-insensitive). Codes the catalog does not list are kept: sources are newer than
 * catalogs. A "code: label" whose label contradicts the code ("3: TCP", "5: TCP") is rejected,
 * since one of the two is wrong and Vigil cannot know which.
 */
export function parseCoded(catalog: Catalog, value: unknown): CodeResult {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { ok: true, code: value } : { ok: false, reason: `${catalog.name} must be an integer code, got ${value}` };
  }
  if (typeof value !== 'string') return { ok: false, reason: `${catalog.name} must be a code, "code: label" or label, got ${typeof value}` };
  const match = CODE_LABEL.exec(value);
  if (match) {
    const code = Number(match[1]);
    const label = match[2];
    if (label && !sameBand(catalog, code, label)) {
      const known = labelOf(catalog, code);
      const byLabel = codeOfLabel(catalog, label);
      if (known !== undefined && known.toLowerCase() !== label.toLowerCase() && byLabel !== code) {
        return { ok: false, reason: `${catalog.name} "${value}": code ${code} is "${known}", not "${label}"` };
      }
      if (known === undefined && byLabel !== undefined) {
        return { ok: false, reason: `${catalog.name} "${value}": "${label}" is code ${byLabel}, not ${code}` };
      }
    }
    return { ok: true, code };
  }
  const code = codeOfLabel(catalog, value);
  if (code !== undefined) return { ok: true, code };
  const known = [...catalog.labels.values()].slice(0, 8).join(', ');
  return { ok: false, reason: `${catalog.name} "${value}" is not a known label${known ? ` (known: ${known}${catalog.labels.size > 8 ? ', …' : ''})` : ''}` };
}

/** Ranged scales (SEP severity) label several codes alike: "1: Critical" is consistent. */
function sameBand(catalog: Catalog, code: number, label: string): boolean {
  return catalog.labelOf?.(code)?.toLowerCase() === label.trim().toLowerCase();
}

/** Renders "code: label" as the EDR console shows it, or the bare code when unknown. */
export function renderCoded(catalog: Catalog, code: number | null | undefined): string | undefined {
  if (code === null || code === undefined) return undefined;
  const label = labelOf(catalog, code);
  return label === undefined ? String(code) : `${code}: ${label}`;
}
