// The dashboard's incident figures over a window: incidents count in it when their events do
// (first event at or before its end, last event at or after its start) — except the open ones by
// priority, which are the analysts' workload now, whenever their events happened. The incidents_activity
// index (migration 10) answers the counts without reading a row; only the ATT&CK grouping reads
// the documents of the window's incidents.
import type Database from 'better-sqlite3';
import type { AttackRef, TechniqueRef } from '../../model/index.ts';
import type { BucketedCounts, ClosedWindow, IncidentAttackCount, OverviewStats } from '../summaries.ts';
import { timeRange } from './query-parts.ts';
import { bucketRange, bucketsOf, planBuckets } from './time-buckets.ts';

interface AttackRow { attack: string | null; techniques: string | null; incidents: number }

export class IncidentStats {
  private readonly openByPriority: Database.Statement<[], { priority_level: number; count: number }>;
  private readonly firstEvents: Database.Statement<[string, string, string], { first_event_seen: string }>;
  private readonly attacks: Database.Statement<[string, string], AttackRow>;

  constructor(db: Database.Database) {
    this.openByPriority = db.prepare('SELECT priority_level, COUNT(*) AS count FROM incidents WHERE state <> 4 /* Closed */ GROUP BY priority_level');
    // Starting in the window implies ending after its start: the bound lets the index seek.
    this.firstEvents = db.prepare('SELECT first_event_seen FROM incidents WHERE last_event_seen >= ? AND first_event_seen BETWEEN ? AND ?');
    this.attacks = db.prepare(`SELECT json_extract(doc, '$.attack') AS attack, json_extract(doc, '$.techniques') AS techniques, COUNT(*) AS incidents
      FROM incidents WHERE last_event_seen >= ? AND first_event_seen <= ? GROUP BY attack, techniques`);
  }

  /** Open incidents by priority (all of them), the window's incidents by their first event's bucket, and their ATT&CK groups. */
  incidentFigures(window: ClosedWindow, wantedBuckets: number): Pick<OverviewStats, 'open_by_priority' | 'incidents_over_time' | 'incident_attacks'> {
    const { from, to } = timeRange(window.from, window.to, (iso) => iso);
    const open_by_priority: OverviewStats['open_by_priority'] = { 1: 0, 2: 0, 3: 0 };
    for (const row of this.openByPriority.all()) {
      const priority = String(row.priority_level);
      if (Object.hasOwn(open_by_priority, priority)) open_by_priority[priority as keyof typeof open_by_priority] = row.count;
    }
    return {
      open_by_priority,
      incidents_over_time: this.overTime(from!, to!, wantedBuckets),
      incident_attacks: this.attacks.all(from!, to!).map((row): IncidentAttackCount => {
        const group: IncidentAttackCount = { incidents: row.incidents };
        if (row.attack !== null) group.attack = JSON.parse(row.attack) as AttackRef;
        if (row.techniques !== null) group.techniques = JSON.parse(row.techniques) as TechniqueRef[];
        return group;
      }),
    };
  }

  private overTime(from: string, to: string, wantedBuckets: number): BucketedCounts {
    const plan = planBuckets(Date.parse(from), Date.parse(to), wantedBuckets);
    const { startMs } = bucketRange(plan, 0);
    const counts = new Map<number, number>();
    for (const { first_event_seen: time } of this.firstEvents.all(from, from, to)) {
      const index = Math.floor((Date.parse(time) - startMs) / plan.intervalMs);
      counts.set(index, (counts.get(index) ?? 0) + 1);
    }
    return { interval_ms: plan.intervalMs, buckets: bucketsOf(plan, (index) => counts.get(index)) };
  }
}
