// A rule document validated and compiled: metadata checked field by field, the detection's search
// identifiers and condition turned into one closure. Problems carry file, line and field.
import type { RuleDocument } from './collection.ts';
import { compileCondition, parseCondition } from './condition.ts';
import { compileSearchIdentifier, DetectionError } from './detection.ts';
import { anyOf, type Compiled } from './compiled.ts';
import { SigmaRuleError } from './errors.ts';
import { bindingsFor, type LogSource } from './logsource.ts';
import type { Placeholders } from './placeholders.ts';
import { SIGMA_LEVELS, type SigmaLevel, type SigmaRule } from './rule.ts';
import { entryOf, type YamlMap, type YamlMapEntry, type YamlNode } from './yaml-tree.ts';

export interface CompileOptions {
  /** Values for `expand` placeholders (`%Workstations%` → host patterns). */
  readonly placeholders?: Placeholders;
}

/** Detection keys that are not search identifiers. */
const DETECTION_RESERVED = new Set(['condition', 'timeframe']);

export function compileRule(document: RuleDocument, options: CompileOptions = {}): SigmaRule {
  const { root, file } = document;
  const fail = (node: { position: YamlNode['position'] } | undefined, field: string | undefined, reason: string): never => {
    throw new SigmaRuleError(file, node?.position ?? root.position, field, reason);
  };
  if (entryOf(root, 'correlation')) fail(entryOf(root, 'correlation'), 'correlation', 'correlation rules are not supported yet');
  if (entryOf(root, 'filter')) fail(entryOf(root, 'filter'), 'filter', 'meta filters are not supported yet');

  const text = (key: string, required = false): string | undefined => {
    const entry = entryOf(root, key);
    if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) return required ? fail(undefined, key, 'is required') : undefined;
    if (entry.value.kind !== 'scalar' || typeof entry.value.value !== 'string') return fail(entry, key, 'must be text');
    return entry.value.value;
  };
  const texts = (key: string): string[] => {
    const entry = entryOf(root, key);
    if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) return [];
    if (entry.value.kind === 'scalar') return [String(entry.value.value)];
    if (entry.value.kind !== 'seq' || entry.value.items.some((item) => item.kind !== 'scalar')) return fail(entry, key, 'must be a list of texts');
    return entry.value.items.map((item) => String((item as { value: unknown }).value));
  };

  const title = text('title', true)!;
  const level = text('level');
  if (level !== undefined && !SIGMA_LEVELS.includes(level as SigmaLevel)) fail(entryOf(root, 'level'), 'level', `must be one of ${SIGMA_LEVELS.join(', ')}`);
  const logsource = logsourceOf(entryOf(root, 'logsource'), fail);
  const detection = entryOf(root, 'detection');
  if (!detection || detection.value.kind !== 'map') return fail(detection, 'detection', detection ? 'must be a map' : 'is required');
  const { test: matches, requirement } = compileDetection(detection.value, file, options);
  return {
    id: text('id'),
    name: text('name'),
    title,
    status: text('status'),
    level: level as SigmaLevel | undefined,
    description: text('description'),
    author: text('author'),
    tags: texts('tags'),
    references: texts('references'),
    falsepositives: texts('falsepositives'),
    logsource,
    file,
    document: document.index,
    bindings: bindingsFor(logsource),
    matches,
    requirement,
  };
}

type Fail = (node: YamlMapEntry | undefined, field: string | undefined, reason: string) => never;

function logsourceOf(entry: YamlMapEntry | undefined, fail: Fail): LogSource {
  if (!entry || entry.value.kind !== 'map') return fail(entry, 'logsource', entry ? 'must be a map' : 'is required');
  const part = (key: 'product' | 'category' | 'service'): string | undefined => {
    const field = entryOf(entry.value as YamlMap, key);
    if (!field || (field.value.kind === 'scalar' && field.value.value === null)) return undefined;
    if (field.value.kind !== 'scalar' || typeof field.value.value !== 'string') return fail(field, `logsource.${key}`, 'must be text');
    // The specification writes these in lower case; rules in the wild are not always so careful.
    return field.value.value.toLowerCase();
  };
  return { product: part('product'), category: part('category'), service: part('service') };
}

function compileDetection(detection: YamlMap, file: string, options: CompileOptions): Compiled {
  const identifiers = new Map<string, Compiled>();
  const itemOptions = { placeholders: options.placeholders ?? {} };
  try {
    for (const entry of detection.entries) {
      if (DETECTION_RESERVED.has(entry.key)) continue;
      identifiers.set(entry.key, compileSearchIdentifier(entry.value, `detection.${entry.key}`, itemOptions));
    }
  } catch (error) {
    if (error instanceof DetectionError) throw new SigmaRuleError(file, error.position, error.field, error.message);
    throw error;
  }
  const condition = entryOf(detection, 'condition');
  if (!condition) throw new SigmaRuleError(file, detection.position, 'detection.condition', 'is required');
  const conditionTexts = condition.value.kind === 'seq' ? condition.value.items : [condition.value];
  if (conditionTexts.length === 0) throw new SigmaRuleError(file, condition.position, 'detection.condition', 'is an empty list');
  const compiled = conditionTexts.map((node) => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string') throw new SigmaRuleError(file, node.position, 'detection.condition', 'must be text or a list of texts');
    try {
      return compileCondition(parseCondition(node.value), identifiers);
    } catch (error) {
      throw new SigmaRuleError(file, node.position, 'detection.condition', (error as Error).message);
    }
  });
  // A list of conditions is their OR.
  return anyOf(compiled);
}
