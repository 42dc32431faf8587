// Writing events: those not stored yet, each with the integer keys of its device and incident
// (event-keys.ts), keeping the endpoint inventory and the incident keys' time ranges up to date.
import type Database from 'better-sqlite3';
import type { EdrEvent } from '../../model/index.ts';
import { MERGE_ENDPOINT_OBSERVATION, observeEndpoints } from './endpoint-merge.ts';
import { epochMs, eventValues, INSERT_EVENT_SQL } from './event-columns.ts';

type Ref = { id: number };

/** Per incident uuid, the earliest and latest device_time (ISO) of the events naming it. */
function incidentSpans(events: EdrEvent[]): Map<string, { first: string; last: string }> {
  const spans = new Map<string, { first: string; last: string }>();
  for (const { incident, device_time: time } of events) {
    if (typeof incident !== 'string') continue;
    const span = spans.get(incident);
    if (!span) spans.set(incident, { first: time, last: time });
    else if (time < span.first) span.first = time;
    else if (time > span.last) span.last = time;
  }
  return spans;
}

function refOf(refs: Map<string, number>, value: unknown): number | null {
  return typeof value === 'string' ? refs.get(value) ?? null : null;
}

export class EventWriter {
  private readonly storedStatement: Database.Statement<[string], { event_uuid: string }>;
  private readonly endpointStatement: Database.Statement<[string, string | null, string | null, string, string, number], Ref>;
  private readonly incidentRefStatement: Database.Statement<[string, number | null, number | null], Ref>;
  private readonly insertStatement: Database.Statement<unknown[]>;

  constructor(db: Database.Database) {
    this.storedStatement = db.prepare('SELECT event_uuid FROM events WHERE event_uuid IN (SELECT value FROM json_each(?))');
    this.endpointStatement = db.prepare(`INSERT INTO endpoints (device_uid, device_name, device_ip, first_seen, last_seen, event_count)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (device_uid) DO UPDATE SET ${MERGE_ENDPOINT_OBSERVATION}
      RETURNING id`);
    this.incidentRefStatement = db.prepare(`INSERT INTO incident_refs (incident, first_time, last_time) VALUES (?, ?, ?)
      ON CONFLICT (incident) DO UPDATE SET first_time = min(first_time, excluded.first_time), last_time = max(last_time, excluded.last_time)
      RETURNING id`);
    this.insertStatement = db.prepare(INSERT_EVENT_SQL);
  }

  /** Of the given uuids, those already stored. */
  storedUuids(uuids: string[]): Set<string> {
    return new Set(this.storedStatement.all(JSON.stringify(uuids)).map((row) => row.event_uuid));
  }

  /**
   * Inserts the events not stored yet (of repeats within `events`, the first); call inside the
   * batch's transaction. The keys are upserted first, once per device and incident of the batch.
   * `texts`: the JSON text of some events, stored instead of serializing them again.
   */
  insert(events: EdrEvent[], texts?: ReadonlyMap<EdrEvent, string>): void {
    const seen = this.storedUuids(events.map((event) => event.event_uuid));
    const fresh: EdrEvent[] = [];
    for (const event of events) {
      if (seen.has(event.event_uuid)) continue;
      seen.add(event.event_uuid);
      fresh.push(event);
    }
    const deviceRefs = new Map<string, number>();
    for (const device of observeEndpoints(fresh)) {
      const { id } = this.endpointStatement.get(device.device_uid, device.device_name, device.device_ip, device.first_seen, device.last_seen, device.event_count)!;
      deviceRefs.set(device.device_uid, id);
    }
    const incidentRefs = new Map<string, number>();
    for (const [incident, span] of incidentSpans(fresh)) {
      incidentRefs.set(incident, this.incidentRefStatement.get(incident, epochMs(span.first), epochMs(span.last))!.id);
    }
    for (const event of fresh) this.insertStatement.run(eventValues(event, refOf(deviceRefs, event.device_uid), refOf(incidentRefs, event.incident), texts?.get(event)));
  }
}
