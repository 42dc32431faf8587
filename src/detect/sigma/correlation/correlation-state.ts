// The state of one correlation rule: its groups, each with its matches sorted by event time, and the
// windows over them.
//
// - A condition with only lower bounds (gt, gte) is checked on every match, over sliding windows of
//   event time that contain it: it fires as soon as some window of `timespan` holds.
// - A condition with an upper bound (lt, lte, eq) is judged when its window is over: the window opens
//   at the group's earliest unjudged match and ends `timespan` later; it is judged once the horizon
//   (the newest event time seen, less the allowed lateness) has passed its end.
// - A hit is the matches that make it: the first window (earliest start) holding the new match in
//   which the condition holds, narrowed around the new match while it still holds. Those matches are
//   consumed: they never count towards another hit of the rule (for event_count the count starts
//   over). The group's other matches stay, and may make a later hit with newer ones.
// - A judged window's matches are dropped whether it held or not.
// - Windows are inclusive: matches exactly `timespan` apart are in one window.
import { conditionHolds, judgedAtClose, type CorrelationRule } from './correlation-rule.ts';
import { DeadlineQueue } from './deadline-queue.ts';
import type { CorrelationHit, CorrelationStats } from './hit.ts';
import { comesBefore, eventsBehind, windowValue, type WindowEntry } from './window.ts';

export interface StateLimits {
  readonly maxGroups: number;
  readonly maxEntriesPerGroup: number;
  readonly maxEventsPerHit: number;
}

interface Group {
  readonly key: string;
  readonly values: readonly string[];
  readonly entries: WindowEntry[];
  /** The end of the last judged window (upper-bound conditions). */
  judgedUntil: number;
  deadline: number;
}

export class CorrelationState {
  private readonly groups = new Map<string, Group>();
  private readonly deadlines = new DeadlineQueue<Group>();
  private readonly atClose: boolean;
  private readonly limits: StateLimits;

  constructor(readonly rule: CorrelationRule, limits: StateLimits, private readonly reported: boolean, private readonly stats: CorrelationStats) {
    this.atClose = judgedAtClose(rule.condition);
    // A group must be able to hold as many matches as the condition needs to be decided.
    const { gt, gte, lt, lte, eq } = rule.condition.bounds;
    const needed = Math.max((gt ?? -1) + 1, gte ?? 0, lt ?? 0, (lte ?? -1) + 1, (eq ?? -1) + 1);
    this.limits = { ...limits, maxEntriesPerGroup: Math.max(limits.maxEntriesPerGroup, needed) };
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** Adds a match to its group; a lower-bound condition it completes is the hit returned. */
  add(values: readonly string[], entry: WindowEntry, horizon: number): CorrelationHit | undefined {
    const key = JSON.stringify(values);
    let group = this.groups.get(key);
    if (this.atClose && (entry.time + this.rule.timespanMs < horizon || (group && entry.time <= group.judgedUntil))) {
      this.stats.late++;
      return undefined;
    }
    if (group) {
      // Map order is recency order: the first group is the least recently updated.
      this.groups.delete(key);
    } else {
      if (this.groups.size >= this.limits.maxGroups) {
        this.groups.delete(this.groups.keys().next().value!);
        this.stats.evictedGroups++;
      }
      group = { key, values, entries: [], judgedUntil: -Infinity, deadline: Infinity };
    }
    this.groups.set(key, group);
    let position: number | undefined = insertSorted(group.entries, entry);
    if (group.entries.length > this.limits.maxEntriesPerGroup) {
      group.entries.shift();
      this.stats.evictedEvents++;
      // The new match itself is dropped when it was the oldest.
      position = position === 0 ? undefined : position - 1;
    }
    const hit = this.atClose || position === undefined ? undefined : this.checkAround(group, position);
    if (group.entries.length === 0) this.groups.delete(key);
    else this.schedule(group);
    return hit;
  }

  /** Judges the windows that ended before `horizon` and forgets matches too old to matter. */
  expire(horizon: number): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    const span = this.rule.timespanMs;
    for (let due = this.deadlines.popBefore(horizon); due; due = this.deadlines.popBefore(horizon)) {
      const group = due.item;
      if (this.groups.get(group.key) !== group || group.deadline !== due.at) continue;
      group.deadline = Infinity; // popped: the next deadline is pushed whatever it is
      const { entries } = group;
      if (this.atClose) {
        while (entries.length > 0 && entries[0].time + span < horizon) {
          const end = entries[0].time + span;
          const count = entries.findIndex((entry) => entry.time > end);
          const window = entries.splice(0, count === -1 ? entries.length : count);
          const value = windowValue(this.rule.type, window);
          if (conditionHolds(this.rule.condition, value)) hits.push(this.hitOf(group, window, value));
          group.judgedUntil = end;
        }
      } else {
        // A late match (up to a timespan behind the horizon) can still pair with these.
        const keepFrom = entries.findIndex((entry) => entry.time + 2 * span >= horizon);
        entries.splice(0, keepFrom === -1 ? entries.length : keepFrom);
      }
      const forgotten = this.atClose ? entries.length === 0 && group.judgedUntil + span < horizon : entries.length === 0;
      if (forgotten) this.groups.delete(group.key);
      else this.schedule(group);
    }
    if (this.deadlines.size > 2 * this.groups.size + 64) this.deadlines.reset([...this.groups.values()].map((group) => ({ at: group.deadline, item: group })));
    return hits;
  }

  /**
   * The widest windows holding the entry at `position`: one per earlier match within a timespan,
   * anchored there. A window ending where the previous one ended is inside it and was checked.
   */
  private checkAround(group: Group, position: number): CorrelationHit | undefined {
    const { entries } = group;
    const span = this.rule.timespanMs;
    const time = entries[position].time;
    let start = position;
    while (start > 0 && entries[start - 1].time >= time - span) start--;
    let end = position + 1;
    let previousEnd = -1;
    for (let anchor = start; anchor <= position; anchor++) {
      while (end < entries.length && entries[end].time <= entries[anchor].time + span) end++;
      if (end === previousEnd) continue;
      previousEnd = end;
      const holds = (from: number, to: number) => conditionHolds(this.rule.condition, windowValue(this.rule.type, entries.slice(from, to)));
      if (!holds(anchor, end)) continue;
      // The hit is the matches that make it: the window narrowed, around the new match, while it holds.
      let last = end;
      while (last - 1 > position && holds(anchor, last - 1)) last--;
      let first = anchor;
      while (first < position && holds(first + 1, last)) first++;
      const window = entries.splice(first, last - first);
      return this.hitOf(group, window, windowValue(this.rule.type, window));
    }
    return undefined;
  }

  private schedule(group: Group): void {
    const span = this.rule.timespanMs;
    const { entries } = group;
    const deadline = this.atClose
      ? (entries.length > 0 ? entries[0].time + span : group.judgedUntil + span)
      : entries[0].time + 2 * span;
    if (deadline === group.deadline) return;
    group.deadline = deadline;
    this.deadlines.push(deadline, group);
  }

  private hitOf(group: Group, window: readonly WindowEntry[], value: number): CorrelationHit {
    return {
      rule: this.rule,
      groupKey: Object.fromEntries(this.rule.groupBy.map((name, index) => [name, group.values[index]])),
      value,
      events: eventsBehind(window, this.limits.maxEventsPerHit),
      eventCount: window.reduce((sum, entry) => sum + entry.eventCount, 0),
      firstTime: window.reduce((first, entry) => Math.min(first, entry.firstTime), Infinity),
      lastTime: window.reduce((last, entry) => Math.max(last, entry.time), -Infinity),
      reported: this.reported,
    };
  }
}

/** Inserts in time order (late matches are rare: the scan starts at the end) and returns the position. */
function insertSorted(entries: WindowEntry[], entry: WindowEntry): number {
  let index = entries.length;
  while (index > 0 && comesBefore(entry, entries[index - 1])) index--;
  entries.splice(index, 0, entry);
  return index;
}
