// Sigma documents as a small tree that remembers where each node came from. Scalars keep their source
// text because Sigma compares values as strings: an unquoted `0x1410` must stay "0x1410", not 5136.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { SourcePosition } from './errors.ts';

export type YamlScalarValue = string | boolean | null;

export interface YamlScalar {
  readonly kind: 'scalar';
  /** Strings as written; plain `null`/`~`/empty is null; plain `true`/`false` are booleans. */
  readonly value: YamlScalarValue;
  /** The number a plain numeric scalar denotes, for the numeric modifiers. */
  readonly number?: number;
  readonly position: SourcePosition;
}

export interface YamlSeq {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly position: SourcePosition;
}

export interface YamlMapEntry {
  readonly key: string;
  readonly value: YamlNode;
  readonly position: SourcePosition;
}

export interface YamlMap {
  readonly kind: 'map';
  readonly entries: readonly YamlMapEntry[];
  readonly position: SourcePosition;
}

export type YamlNode = YamlScalar | YamlSeq | YamlMap;

export interface YamlDocument {
  readonly root: YamlNode | undefined;
}

export class YamlSyntaxError extends Error {
  constructor(readonly position: SourcePosition | undefined, reason: string) {
    super(reason);
  }
}

/** Every `---` document of a file; the first YAML syntax error is thrown. */
export function parseYamlDocuments(text: string): YamlDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  if (!Array.isArray(documents)) return [];
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return documents.map((document) => {
    const error = document.errors[0];
    if (error) throw new YamlSyntaxError(positionAt(error.pos[0]), error.message.split('\n')[0]);
    const contents = document.contents as Node | null;
    return { root: contents ? toTree(contents, positionAt) : undefined };
  });
}

function toTree(node: Node, positionAt: (offset: number) => SourcePosition): YamlNode {
  const position = positionAt(node.range?.[0] ?? 0);
  if (isMap(node)) {
    return {
      kind: 'map',
      position,
      entries: node.items.map((pair) => {
        const key = pair.key as Node | null;
        if (!key || !isScalar(key)) throw new YamlSyntaxError(position, 'map keys must be plain values');
        const keyPosition = positionAt(key.range?.[0] ?? 0);
        const value = pair.value as Node | null;
        return {
          key: String(key.value ?? ''),
          position: keyPosition,
          value: value ? toTree(value, positionAt) : { kind: 'scalar', value: null, position: keyPosition },
        };
      }),
    };
  }
  if (isSeq(node)) return { kind: 'seq', position, items: node.items.map((item) => toTree(item as Node, positionAt)) };
  if (isScalar(node)) return scalarOf(node.value, node.type === 'PLAIN', node.source, position);
  throw new YamlSyntaxError(position, 'aliases and tags are not supported in Sigma rules');
}

function scalarOf(value: unknown, plain: boolean, source: string | undefined, position: SourcePosition): YamlScalar {
  if (!plain) return { kind: 'scalar', value: String(value), position };
  if (value === null || typeof value === 'boolean') return { kind: 'scalar', value, position };
  const text = source ?? String(value);
  return typeof value === 'number' ? { kind: 'scalar', value: text, number: value, position } : { kind: 'scalar', value: text, position };
}

/** A map's entry by key. */
export function entryOf(map: YamlMap, key: string): YamlMapEntry | undefined {
  return map.entries.find((entry) => entry.key === key);
}

/**
 * The Sigma collection merge: maps merge key by key, recursively; anything else in `over` replaces
 * what `base` had.
 */
export function mergeYaml(base: YamlNode, over: YamlNode): YamlNode {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries = base.entries.map((entry) => {
    const replacement = entryOf(over, entry.key);
    return replacement ? { ...replacement, value: mergeYaml(entry.value, replacement.value) } : entry;
  });
  for (const entry of over.entries) if (!entryOf(base, entry.key)) entries.push(entry);
  return { kind: 'map', entries, position: over.position };
}
