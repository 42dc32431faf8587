// Reading typed fields out of a rule document's YAML map, failing with the field's path and position.
import type { SourcePosition } from '../errors.ts';
import { entryOf, type YamlMap, type YamlNode } from '../yaml-tree.ts';

/** Throws the problem at a position (the caller turns it into a SigmaRuleError with its file). */
export type Fail = (position: SourcePosition, field: string, reason: string) => never;

function isAbsent(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

export function optionalText(map: YamlMap, key: string, path: string, fail: Fail): string | undefined {
  const entry = entryOf(map, key);
  if (!entry || isAbsent(entry.value)) return undefined;
  if (entry.value.kind !== 'scalar' || typeof entry.value.value !== 'string') return fail(entry.position, path, 'must be text');
  return entry.value.value;
}

export function requiredText(map: YamlMap, key: string, path: string, fail: Fail): string {
  return optionalText(map, key, path, fail) ?? fail(map.position, path, 'is required');
}

/** A text or a list of texts, each with where it was written; empty when the key is absent. */
export function textItems(map: YamlMap, key: string, path: string, fail: Fail): { text: string; position: SourcePosition }[] {
  const entry = entryOf(map, key);
  if (!entry || isAbsent(entry.value)) return [];
  const items = entry.value.kind === 'seq' ? entry.value.items : [entry.value];
  return items.map((item) => {
    if (item.kind !== 'scalar' || item.value === null || typeof item.value === 'boolean') return fail(item.position, path, 'must be a text or a list of texts');
    return { text: item.value, position: item.position };
  });
}

export function optionalBoolean(map: YamlMap, key: string, path: string, fail: Fail): boolean | undefined {
  const entry = entryOf(map, key);
  if (!entry || isAbsent(entry.value)) return undefined;
  if (entry.value.kind !== 'scalar' || typeof entry.value.value !== 'boolean') return fail(entry.position, path, 'must be true or false');
  return entry.value.value;
}
