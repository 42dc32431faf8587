// Runs Sigma correlation rules over the matches of the rules they reference.
//
// API
//   const engine = new CorrelationEngine(correlations, options?)
//     `correlations` come from compileRuleFile / loadRuleTree (`.correlations`); the correlations they
//     reference are included by themselves. Referenced rules are known by object identity: feed the
//     SigmaRule objects of the same compile result.
//   engine.observe(rule, event, timeMs?, view?) → CorrelationHit[]
//     Feed every detection match (the rule SigmaEngine reported and the event). The time is the
//     event's own (eventTimeOf: device_time, @timestamp, UtcTime, TimeCreated…) unless given; a match
//     with neither is counted in `stats.untimed` and ignored. `view` is the field view the rule matched
//     on (an EDR event's Sysmon-named view), read for group-by fields; by default the event's shape's. Returns the hits this match completed,
//     hits of correlations chained on them, and hits of upper-bound windows that the match's time
//     closed.
//   engine.flush(nowMs = Infinity) → CorrelationHit[]
//     Advances the clock without a match (a timer's wall clock; Infinity at the end of an input) and
//     returns the upper-bound windows that closed. flush() with no argument closes everything.
//   engine.reportsMatchesOf(rule) → boolean
//     Whether a rule's own matches (or a correlation's own hits) are to be reported: false when it is
//     referenced by correlations and none of them says `generate: true`.
//   engine.stats → counts of matches that could not be used (CorrelationStats).
//
// Time is event time throughout; windows slide over it. The horizon is the newest event time seen
// (or flushed to) less `allowedLatenessMs`. Lower-bound conditions (gt, gte) fire as soon as a window
// holds, whatever order matches arrive in; a match up to one timespan behind the horizon still finds
// its partners. Upper-bound conditions (lt, lte, eq) are judged when their window ends before the
// horizon; a match for a window already judged is late and ignored. See correlation-state.ts.
//
// Memory is bounded per correlation rule: at most `maxGroupsPerRule` groups (the least recently
// updated is dropped) and `maxEventsPerGroup` matches per group (the oldest is dropped), raised for a
// rule to what its condition needs (gte: 5000 keeps 5000). Matches older than the horizon by two
// timespans (upper bound: one) are forgotten.
import { fieldViewOf } from '../shapes/index.ts';
import type { FieldView } from '../field-view.ts';
import type { JsonRecord } from '../json.ts';
import type { SigmaRule } from '../rule.ts';
import { fieldFor, isCorrelationRule, type CorrelatedRule, type CorrelationRule } from './correlation-rule.ts';
import { CorrelationState } from './correlation-state.ts';
import { eventTimeOf } from './event-time.ts';
import type { CorrelationHit, CorrelationStats } from './hit.ts';

export interface CorrelationOptions {
  /** Groups kept per correlation rule; 10 000 by default. */
  readonly maxGroupsPerRule?: number;
  /** Matches kept per group; 1 000 by default (more when a rule's condition needs more). */
  readonly maxEventsPerGroup?: number;
  /** Events a hit carries; 100 by default. */
  readonly maxEventsPerHit?: number;
  /** How far behind the newest event time matches may still arrive before windows are judged; 0 by default. */
  readonly allowedLatenessMs?: number;
}

/** A match or a hit, as a correlation reads it. */
interface Observation {
  readonly time: number;
  readonly firstTime: number;
  readonly events: readonly JsonRecord[];
  readonly eventCount: number;
  read(field: string): string | undefined;
}

/** Where a referenced rule's matches go: a correlation's state, under one entry of its `rules`. */
interface Route {
  readonly state: CorrelationState;
  readonly slot: number;
  readonly groupFields: readonly string[];
  readonly countedFields: readonly string[];
}

export class CorrelationEngine {
  /** Every correlation run, referenced ones before those referencing them. */
  readonly rules: readonly CorrelationRule[];
  readonly stats: CorrelationStats = { untimed: 0, ungrouped: 0, late: 0, evictedGroups: 0, evictedEvents: 0 };
  private readonly states: CorrelationState[];
  private readonly routes = new Map<CorrelatedRule, Route[]>();
  private readonly quiet = new Set<CorrelatedRule>();
  private readonly allowedLatenessMs: number;
  private watermark = -Infinity;
  private sequence = 0;

  constructor(correlations: readonly CorrelationRule[], options: CorrelationOptions = {}) {
    this.rules = withReferenced(correlations);
    this.allowedLatenessMs = options.allowedLatenessMs ?? 0;
    const limits = {
      maxGroups: options.maxGroupsPerRule ?? 10_000,
      maxEntriesPerGroup: options.maxEventsPerGroup ?? 1_000,
      maxEventsPerHit: options.maxEventsPerHit ?? 100,
    };
    const generated = new Set<CorrelatedRule>();
    for (const correlation of this.rules) {
      for (const rule of correlation.rules.flat()) (correlation.generate ? generated : this.quiet).add(rule);
    }
    for (const rule of generated) this.quiet.delete(rule);
    this.states = this.rules.map((correlation) => {
      const state = new CorrelationState(correlation, limits, this.reportsMatchesOf(correlation), this.stats);
      correlation.rules.forEach((rules, slot) => {
        for (const rule of rules) {
          const route = {
            state, slot,
            groupFields: correlation.groupBy.map((name) => fieldFor(correlation, name, rule)),
            countedFields: correlation.condition.fields.map((name) => fieldFor(correlation, name, rule)),
          };
          const routes = this.routes.get(rule);
          if (routes) routes.push(route);
          else this.routes.set(rule, [route]);
        }
      });
      return state;
    });
  }

  observe(rule: SigmaRule, event: JsonRecord, timeMs: number | undefined = eventTimeOf(event), matchedView?: FieldView): CorrelationHit[] {
    if (timeMs === undefined || !Number.isFinite(timeMs)) {
      if (this.routes.has(rule)) this.stats.untimed++;
      return [];
    }
    this.watermark = Math.max(this.watermark, timeMs);
    const hits: CorrelationHit[] = [];
    let view: FieldView | undefined = matchedView;
    this.feed(rule, {
      time: timeMs,
      firstTime: timeMs,
      events: [event],
      eventCount: 1,
      read: (field) => textOf((view ??= fieldViewOf(event)).get(field)),
    }, hits);
    this.expire(hits);
    return hits;
  }

  flush(nowMs = Infinity): CorrelationHit[] {
    this.watermark = Math.max(this.watermark, nowMs);
    const hits: CorrelationHit[] = [];
    this.expire(hits);
    return hits;
  }

  reportsMatchesOf(rule: CorrelatedRule): boolean {
    return !this.quiet.has(rule);
  }

  /** Groups held now, over all correlation rules. */
  get groupCount(): number {
    return this.states.reduce((sum, state) => sum + state.groupCount, 0);
  }

  private get horizon(): number {
    return this.watermark - this.allowedLatenessMs;
  }

  private feed(rule: CorrelatedRule, observation: Observation, hits: CorrelationHit[]): void {
    for (const { state, slot, groupFields, countedFields } of this.routes.get(rule) ?? []) {
      const values = groupFields.map((field) => observation.read(field));
      const counted = countedFields.map((field) => observation.read(field));
      if (values.includes(undefined) || counted.includes(undefined)) {
        this.stats.ungrouped++;
        continue;
      }
      const hit = state.add(values as string[], {
        time: observation.time,
        firstTime: observation.firstTime,
        seq: this.sequence++,
        slot,
        value: counted.length === 0 ? undefined : JSON.stringify(counted),
        events: observation.events,
        eventCount: observation.eventCount,
      }, this.horizon);
      if (hit) this.take(hit, hits);
    }
  }

  /** Records a hit and feeds it to the correlations chained on its rule. */
  private take(hit: CorrelationHit, hits: CorrelationHit[]): void {
    hits.push(hit);
    let view: FieldView | undefined;
    const last = hit.events.at(-1);
    this.feed(hit.rule, {
      time: hit.lastTime,
      firstTime: hit.firstTime,
      events: hit.events,
      eventCount: hit.eventCount,
      // A chained correlation groups by the inner one's group values, else by its last event's fields.
      read: (field) => hit.groupKey[field] ?? (last ? textOf((view ??= fieldViewOf(last)).get(field)) : undefined),
    }, hits);
  }

  private expire(hits: CorrelationHit[]): void {
    // Inner correlations first, so that their closing hits reach outer ones in the same pass.
    for (const state of this.states) for (const hit of state.expire(this.horizon)) this.take(hit, hits);
  }
}

/** The correlations and every correlation they reference, referenced ones first, each once. */
function withReferenced(correlations: readonly CorrelationRule[]): CorrelationRule[] {
  const ordered: CorrelationRule[] = [];
  const visit = (rule: CorrelationRule) => {
    if (ordered.includes(rule)) return;
    for (const referenced of rule.rules.flat()) if (isCorrelationRule(referenced)) visit(referenced);
    ordered.push(rule);
  };
  correlations.forEach(visit);
  return ordered;
}

/** A field's value as group and count keys compare it; undefined when absent. */
function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
