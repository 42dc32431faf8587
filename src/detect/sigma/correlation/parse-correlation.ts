// A correlation document validated field by field (problems carry file, line and field), its
// references to other rules still by id or name: resolve-correlations.ts ties them to the rules.
import type { RuleDocument } from '../collection.ts';
import { SigmaRuleError, type SourcePosition } from '../errors.ts';
import { SIGMA_LEVELS, type SigmaLevel } from '../rule.ts';
import { entryOf, type YamlMap, type YamlMapEntry } from '../yaml-tree.ts';
import {
  CONDITION_OPERATORS, CORRELATION_TYPES, type ConditionOperator, type CorrelationCondition, type CorrelationRule, type CorrelationType,
} from './correlation-rule.ts';
import { optionalBoolean, optionalText, requiredText, textItems, type Fail } from './yaml-fields.ts';

export interface RuleReference {
  /** An id or a name, as written. */
  readonly text: string;
  readonly position: SourcePosition;
}

export interface AliasDefinition {
  readonly alias: string;
  /** Referenced rule name → field in its matches. */
  readonly fields: readonly { readonly ruleName: string; readonly field: string; readonly position: SourcePosition }[];
}

/** A correlation rule before its references are resolved. */
export interface CorrelationDefinition {
  readonly rule: Omit<CorrelationRule, 'rules' | 'aliases'>;
  readonly references: readonly RuleReference[];
  readonly aliases: readonly AliasDefinition[];
}

const CORRELATION_KEYS = ['type', 'rules', 'aliases', 'group-by', 'timespan', 'condition', 'generate'];
const TIMESPAN_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function isCorrelationDocument(document: RuleDocument): boolean {
  return entryOf(document.root, 'correlation') !== undefined;
}

export function parseCorrelation(document: RuleDocument): CorrelationDefinition {
  const { root, file } = document;
  const fail: Fail = (position, field, reason) => {
    throw new SigmaRuleError(file, position, field, reason);
  };
  const section = entryOf(root, 'correlation')!;
  if (section.value.kind !== 'map') return fail(section.position, 'correlation', 'must be a map');
  const correlation = section.value;
  const detection = entryOf(root, 'detection');
  if (detection) fail(detection.position, 'detection', 'a correlation rule relates other rules\' matches and has no detection of its own');
  for (const entry of correlation.entries) {
    if (!CORRELATION_KEYS.includes(entry.key)) fail(entry.position, `correlation.${entry.key}`, `is not a correlation field (${CORRELATION_KEYS.join(', ')})`);
  }

  const title = requiredText(root, 'title', 'title', fail);
  const level = optionalText(root, 'level', 'level', fail);
  if (level !== undefined && !SIGMA_LEVELS.includes(level as SigmaLevel)) fail(entryOf(root, 'level')!.position, 'level', `must be one of ${SIGMA_LEVELS.join(', ')}`);
  const type = requiredText(correlation, 'type', 'correlation.type', fail);
  if (!CORRELATION_TYPES.includes(type as CorrelationType)) fail(entryOf(correlation, 'type')!.position, 'correlation.type', `must be one of ${CORRELATION_TYPES.join(', ')}`);
  const references = textItems(correlation, 'rules', 'correlation.rules', fail);
  if (references.length === 0) fail(entryOf(correlation, 'rules')?.position ?? section.position, 'correlation.rules', 'is required: the ids or names of the rules to correlate');
  const texts = (key: string) => textItems(root, key, key, fail).map((item) => item.text);
  // The specification places `generate` beside `correlation`; some tools write it inside.
  const generate = optionalBoolean(root, 'generate', 'generate', fail) ?? optionalBoolean(correlation, 'generate', 'correlation.generate', fail) ?? false;

  return {
    rule: {
      kind: 'correlation',
      id: optionalText(root, 'id', 'id', fail),
      name: optionalText(root, 'name', 'name', fail),
      title,
      status: optionalText(root, 'status', 'status', fail),
      level: level as SigmaLevel | undefined,
      description: optionalText(root, 'description', 'description', fail),
      author: optionalText(root, 'author', 'author', fail),
      tags: texts('tags'),
      references: texts('references'),
      falsepositives: texts('falsepositives'),
      file,
      document: document.index,
      type: type as CorrelationType,
      groupBy: groupByOf(correlation, fail),
      timespanMs: timespanOf(correlation, section, fail),
      condition: conditionOf(correlation, section, type as CorrelationType, references.length, fail),
      generate,
    },
    references,
    aliases: aliasesOf(entryOf(correlation, 'aliases'), fail),
  };
}

function groupByOf(correlation: YamlMap, fail: Fail): string[] {
  const names = textItems(correlation, 'group-by', 'correlation.group-by', fail);
  names.forEach((name, index) => {
    if (names.findIndex((other) => other.text === name.text) !== index) fail(name.position, 'correlation.group-by', `lists ${name.text} twice`);
  });
  return names.map((name) => name.text);
}

function timespanOf(correlation: YamlMap, section: YamlMapEntry, fail: Fail): number {
  const entry = entryOf(correlation, 'timespan');
  if (!entry) return fail(section.position, 'correlation.timespan', 'is required (a number and a unit: 30s, 5m, 1h, 7d)');
  const text = entry.value.kind === 'scalar' ? entry.value.value : undefined;
  const match = typeof text === 'string' ? /^(\d+)([smhd])$/.exec(text) : null;
  if (!match || Number(match[1]) === 0) return fail(entry.position, 'correlation.timespan', 'must be a positive number and a unit s, m, h or d (30s, 5m, 1h, 7d)');
  return Number(match[1]) * TIMESPAN_UNITS[match[2]];
}

function conditionOf(correlation: YamlMap, section: YamlMapEntry, type: CorrelationType, ruleCount: number, fail: Fail): CorrelationCondition {
  const entry = entryOf(correlation, 'condition');
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  // A temporal correlation's number is how many of its rules matched; by default all of them must.
  if (!entry) return temporal ? { bounds: { gte: ruleCount }, fields: [] } : fail(section.position, 'correlation.condition', 'is required');
  if (entry.value.kind !== 'map') return fail(entry.position, 'correlation.condition', 'must be a map such as {gte: 10}');
  const bounds: Partial<Record<ConditionOperator, number>> = {};
  let fields: string[] = [];
  for (const item of entry.value.entries) {
    const path = `correlation.condition.${item.key}`;
    if (item.key === 'field') {
      if (type !== 'value_count') fail(item.position, path, 'only a value_count correlation counts the values of a field');
      fields = textItems(entry.value, 'field', path, fail).map((field) => field.text);
      continue;
    }
    if (!CONDITION_OPERATORS.includes(item.key as ConditionOperator)) fail(item.position, path, `is not a condition (${CONDITION_OPERATORS.join(', ')}${type === 'value_count' ? ', field' : ''})`);
    const value = item.value.kind === 'scalar' ? item.value.value : undefined;
    if (typeof value !== 'string' || !/^\d+$/.test(value)) fail(item.position, path, 'must be a whole number, 0 or more');
    bounds[item.key as ConditionOperator] = Number(value);
  }
  if (Object.keys(bounds).length === 0) fail(entry.position, 'correlation.condition', `needs a bound: ${CONDITION_OPERATORS.join(', ')}`);
  if (type === 'value_count' && fields.length === 0) fail(entry.position, 'correlation.condition.field', 'is required: the field whose distinct values are counted');
  const lowest = Math.max(bounds.gt === undefined ? -Infinity : bounds.gt + 1, bounds.gte ?? -Infinity, bounds.eq ?? -Infinity);
  const highest = Math.min(bounds.lt === undefined ? Infinity : bounds.lt - 1, bounds.lte ?? Infinity, bounds.eq ?? Infinity);
  if (lowest > highest) fail(entry.position, 'correlation.condition', 'can never hold: its bounds leave no number');
  if (temporal && lowest > ruleCount) fail(entry.position, 'correlation.condition', `can never hold: the correlation relates ${ruleCount} rule${ruleCount === 1 ? '' : 's'}`);
  return { bounds, fields };
}

function aliasesOf(entry: YamlMapEntry | undefined, fail: Fail): AliasDefinition[] {
  if (!entry || (entry.value.kind === 'scalar' && entry.value.value === null)) return [];
  if (entry.value.kind !== 'map') return fail(entry.position, 'correlation.aliases', 'must map each alias to {rule name: field}');
  return entry.value.entries.map((alias) => {
    const path = `correlation.aliases.${alias.key}`;
    if (alias.value.kind !== 'map' || alias.value.entries.length === 0) return fail(alias.position, path, 'must map rule names to the field the alias stands for in their matches');
    return {
      alias: alias.key,
      fields: alias.value.entries.map((field) => {
        if (field.value.kind !== 'scalar' || typeof field.value.value !== 'string') return fail(field.position, `${path}.${field.key}`, 'must be a field name');
        return { ruleName: field.key, field: field.value.value, position: field.position };
      }),
    };
  });
}
