// Values for Sigma `expand` placeholders (`%Workstations%`, `%DomainControllers%`), kept in the
// database so that importing, starting and the running rule set expand rules alike. Set with
// `vigil rules placeholders FILE` (a YAML or JSON mapping of name → value or list of values).
import { parse as parseYaml } from 'yaml';
import type { Store } from '../../store/index.ts';
import type { Placeholders } from '../sigma/index.ts';

const SETTING = 'sigma_placeholders';

export class PlaceholderError extends Error {}

/** Reads a mapping of placeholder names to a value or a list of values; says what is wrong and where. */
export function parsePlaceholders(text: string, source: string): Placeholders {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new PlaceholderError(`${source}: not YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new PlaceholderError(`${source}: expected a mapping of placeholder names to values, e.g. "Workstations: [ws-*, lt-*]"`);
  const placeholders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || !values.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
      throw new PlaceholderError(`${source}: ${name}: expected a text or a non-empty list of texts`);
    }
    placeholders[name] = values.map(String);
  }
  return placeholders;
}

export async function storedPlaceholders(store: Store): Promise<Placeholders> {
  const text = await store.getSetting(SETTING);
  return text ? (JSON.parse(text) as Placeholders) : {};
}

export async function storePlaceholders(store: Store, placeholders: Placeholders): Promise<void> {
  await store.setSetting(SETTING, JSON.stringify(placeholders));
}
