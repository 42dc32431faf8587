// A compiled Sigma correlation rule (specification v2.0.2): which rules' matches it relates, how it
// groups them, over what timespan, and the condition on the number it computes per group and window.
import type { SigmaRule } from '../rule.ts';

export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered'] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];

/** What a correlation relates: detection rules, or other correlations (chaining). */
export type CorrelatedRule = SigmaRule | CorrelationRule;

export const CONDITION_OPERATORS = ['gt', 'gte', 'lt', 'lte', 'eq'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export interface CorrelationCondition {
  /** The bounds, all of which must hold (a range is `gt` and `lte` together). */
  readonly bounds: Partial<Readonly<Record<ConditionOperator, number>>>;
  /** value_count: the fields whose distinct values (their combination, when several) are counted. */
  readonly fields: readonly string[];
}

/** The metadata a correlation rule shares with detection rules. */
type RuleMetadata = Pick<SigmaRule, 'id' | 'name' | 'title' | 'status' | 'level' | 'description' | 'author' | 'tags' | 'references' | 'falsepositives' | 'file' | 'document'>;

export interface CorrelationRule extends RuleMetadata {
  readonly kind: 'correlation';
  readonly type: CorrelationType;
  /**
   * The referenced rules, one list per entry of `correlation.rules`, in order (temporal_ordered's
   * order). An entry lists several rules when several share its id or name (`action: repeat`).
   */
  readonly rules: readonly (readonly CorrelatedRule[])[];
  /** Group names; empty puts every match in one group. */
  readonly groupBy: readonly string[];
  /** group-by (or counted) name → the field it reads in the matches of one referenced rule. */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<CorrelatedRule, string>>;
  readonly timespanMs: number;
  readonly condition: CorrelationCondition;
  /** Whether the referenced rules also report their own matches (`generate: true`). */
  readonly generate: boolean;
}

export function isCorrelationRule(rule: CorrelatedRule): rule is CorrelationRule {
  return 'kind' in rule && rule.kind === 'correlation';
}

export function conditionHolds(condition: CorrelationCondition, value: number): boolean {
  const { gt, gte, lt, lte, eq } = condition.bounds;
  return (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt)
    && (lte === undefined || value <= lte) && (eq === undefined || value === eq);
}

/**
 * A condition with only lower bounds holds for a window as soon as enough matches are in it; one with
 * an upper bound (lt, lte, eq) can only be judged once the window is over.
 */
export function judgedAtClose(condition: CorrelationCondition): boolean {
  const { lt, lte, eq } = condition.bounds;
  return lt !== undefined || lte !== undefined || eq !== undefined;
}

/** The field a group or counted name reads in the matches of `rule`: its alias there, else the name itself. */
export function fieldFor(correlation: CorrelationRule, name: string, rule: CorrelatedRule): string {
  return correlation.aliases.get(name)?.get(rule) ?? name;
}
