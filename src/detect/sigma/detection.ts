// A search identifier's YAML compiled to a predicate: a map is the AND of its fields, a list is the
// OR of its items (maps or keywords), and a field's list of values is an OR unless `|all`.
import { allOf, anyOf, type Compiled } from './compiled.ts';
import { compileDetectionItem, type ItemOptions } from './detection-item.ts';
import type { SourcePosition } from './errors.ts';
import type { YamlMap, YamlNode, YamlScalar } from './yaml-tree.ts';

/** A detection problem and the node it is about. */
export class DetectionError extends Error {
  constructor(readonly position: SourcePosition, readonly field: string, reason: string) {
    super(reason);
  }
}

export function compileSearchIdentifier(node: YamlNode, path: string, options: ItemOptions): Compiled {
  switch (node.kind) {
    case 'map':
      return compileFieldMap(node, path, options);
    case 'seq': {
      if (node.items.length === 0) throw new DetectionError(node.position, path, 'an empty list matches nothing');
      const keywords = node.items.filter((item): item is YamlScalar => item.kind === 'scalar');
      const alternatives = node.items.flatMap((item, index) => {
        if (item.kind === 'map') return [compileFieldMap(item, `${path}[${index}]`, options)];
        if (item.kind === 'seq') throw new DetectionError(item.position, `${path}[${index}]`, 'a list inside a list is not Sigma');
        return [];
      });
      if (keywords.length > 0) alternatives.push(compileItem(undefined, [], keywords, node.position, path, options));
      return anyOf(alternatives);
    }
    case 'scalar':
      return compileItem(undefined, [], [node], node.position, path, options);
  }
}

function compileFieldMap(map: YamlMap, path: string, options: ItemOptions): Compiled {
  if (map.entries.length === 0) throw new DetectionError(map.position, path, 'an empty map matches nothing');
  const items = map.entries.map((entry) => {
    const [field, ...modifiers] = entry.key.split('|');
    const itemPath = `${path}.${entry.key}`;
    let values: YamlScalar[];
    if (entry.value.kind === 'scalar') values = [entry.value];
    else if (entry.value.kind === 'seq' && entry.value.items.every((item) => item.kind === 'scalar')) values = entry.value.items as YamlScalar[];
    else throw new DetectionError(entry.value.position, itemPath, 'a field takes a value or a list of values');
    // `'|all': [...]` is a keyword list with modifiers.
    return compileItem(field === '' ? undefined : field, modifiers, values, entry.position, itemPath, options);
  });
  return allOf(items);
}

function compileItem(field: string | undefined, modifiers: string[], values: YamlScalar[], position: SourcePosition, path: string, options: ItemOptions): Compiled {
  try {
    return compileDetectionItem(field, modifiers, values, options);
  } catch (error) {
    if (error instanceof DetectionError) throw error;
    throw new DetectionError(position, path, (error as Error).message);
  }
}
