// What the correlation engine reports: a correlation that held for one group in one window, and its
// counts of matches it could not use.
import type { JsonRecord } from '../json.ts';
import type { CorrelationRule } from './correlation-rule.ts';

export interface CorrelationHit {
  readonly rule: CorrelationRule;
  /** The group's values, by group-by name (alias names as the rule writes them); {} without group-by. */
  readonly groupKey: Readonly<Record<string, string>>;
  /** The number the condition held for: events, distinct values, or rules matched (in order). */
  readonly value: number;
  /** The events behind the hit, in time order, at most `maxEventsPerHit` of them. */
  readonly events: readonly JsonRecord[];
  /** How many events were behind it, before the bound. */
  readonly eventCount: number;
  /** Event times (epoch ms) of the first and last match behind the hit. */
  readonly firstTime: number;
  readonly lastTime: number;
  /**
   * Whether to report the hit: false for a correlation that only feeds others (referenced without
   * `generate: true`). Hits are returned either way, so tools can show the whole chain.
   */
  readonly reported: boolean;
}

export interface CorrelationStats {
  /** Matches without a readable time (and none given). */
  untimed: number;
  /** Matches lacking a group-by or counted field: they belong to no group. */
  ungrouped: number;
  /** Matches whose window had already been judged (upper-bound conditions only). */
  late: number;
  /** Groups dropped, least recently updated first, at `maxGroupsPerRule`. */
  evictedGroups: number;
  /** Matches dropped from a group, oldest first, at its events cap. */
  evictedEvents: number;
}
