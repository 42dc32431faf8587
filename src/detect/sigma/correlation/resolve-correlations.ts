// Ties correlation rules to the rules they reference by id or name: first in their own file (the
// specification's multi-document collections), else in the other files loaded with it. Chained
// correlations resolve recursively; an unknown reference, a cycle or an alias for a rule the
// correlation does not reference is an error at the line that says it.
import { SigmaRuleError } from '../errors.ts';
import type { SigmaRule } from '../rule.ts';
import type { CorrelatedRule, CorrelationRule } from './correlation-rule.ts';
import type { CorrelationDefinition, RuleReference } from './parse-correlation.ts';

export interface ResolvableFile {
  readonly file: string;
  readonly rules: readonly SigmaRule[];
  readonly definitions: readonly CorrelationDefinition[];
  /** Ids and names of the file's rejected documents. */
  readonly rejected: readonly string[];
}

export interface ResolvedCorrelations {
  readonly correlations: CorrelationRule[];
  readonly errors: SigmaRuleError[];
}

type Target = { readonly file: string } & ({ readonly rule: SigmaRule } | { readonly definition: CorrelationDefinition });

/** One result per file, in the order given. */
export function resolveCorrelations(files: readonly ResolvableFile[]): ResolvedCorrelations[] {
  const byReference = new Map<string, Target[]>();
  const add = (key: string | undefined, target: Target) => {
    if (key === undefined) return;
    const targets = byReference.get(key);
    if (targets) targets.push(target);
    else byReference.set(key, [target]);
  };
  const rejected = new Set(files.flatMap((file) => file.rejected));
  for (const { file, rules, definitions } of files) {
    for (const rule of rules) for (const key of new Set([rule.id, rule.name])) add(key, { file, rule });
    for (const definition of definitions) for (const key of new Set([definition.rule.id, definition.rule.name])) add(key, { file, definition });
  }

  const results = new Map(files.map((file) => [file.file, { correlations: [] as CorrelationRule[], errors: [] as SigmaRuleError[] }]));
  /** null: rejected; 'resolving': on the current path, so reaching it again is a cycle. */
  const resolved = new Map<CorrelationDefinition, CorrelationRule | null | 'resolving'>();

  const resolve = (definition: CorrelationDefinition): CorrelationRule | null => {
    const known = resolved.get(definition);
    if (known !== undefined && known !== 'resolving') return known;
    resolved.set(definition, 'resolving');
    let rule: CorrelationRule | null;
    try {
      rule = resolveOne(definition, (reference) => targetsOf(reference, definition));
    } catch (error) {
      if (!(error instanceof SigmaRuleError)) throw error;
      results.get(definition.rule.file)!.errors.push(error);
      rule = null;
    }
    resolved.set(definition, rule);
    return rule;
  };

  const targetsOf = (reference: RuleReference, from: CorrelationDefinition): CorrelatedRule[] => {
    const fail = (reason: string): never => {
      throw new SigmaRuleError(from.rule.file, reference.position, 'correlation.rules', reason);
    };
    const targets = byReference.get(reference.text) ?? [];
    const local = targets.filter((target) => target.file === from.rule.file);
    const chosen = local.length > 0 ? local : targets;
    if (chosen.length === 0 && rejected.has(reference.text)) fail(`${reference.text} is a rule that was rejected`);
    if (chosen.length === 0) fail(`${reference.text} is the id or name of no rule in this file or the rules loaded with it`);
    return chosen.map((target) => {
      if ('rule' in target) return target.rule;
      if (resolved.get(target.definition) === 'resolving') fail(`${reference.text} leads back to this correlation: correlations cannot form a cycle`);
      return resolve(target.definition) ?? fail(`${reference.text} is a rule that was rejected`);
    });
  };

  for (const { definitions } of files) {
    for (const definition of definitions) {
      const rule = resolve(definition);
      if (rule) results.get(definition.rule.file)!.correlations.push(rule);
    }
  }
  return files.map((file) => results.get(file.file)!);
}

function resolveOne(definition: CorrelationDefinition, targetsOf: (reference: RuleReference) => CorrelatedRule[]): CorrelationRule {
  const { file } = definition.rule;
  const rules: CorrelatedRule[][] = [];
  const seen = new Set<CorrelatedRule>();
  for (const reference of definition.references) {
    const targets = targetsOf(reference);
    if (targets.some((target) => seen.has(target))) {
      throw new SigmaRuleError(file, reference.position, 'correlation.rules', `${reference.text} names a rule the correlation already lists`);
    }
    for (const target of targets) seen.add(target);
    rules.push(targets);
  }
  const aliases = new Map<string, Map<CorrelatedRule, string>>();
  for (const { alias, fields } of definition.aliases) {
    const perRule = new Map<CorrelatedRule, string>();
    for (const { ruleName, field, position } of fields) {
      const named = [...seen].filter((rule) => rule.name === ruleName || rule.id === ruleName);
      if (named.length === 0) throw new SigmaRuleError(file, position, `correlation.aliases.${alias}.${ruleName}`, 'is the name of no rule in correlation.rules');
      for (const rule of named) perRule.set(rule, field);
    }
    aliases.set(alias, perRule);
  }
  return { ...definition.rule, rules, aliases };
}
