// Links events stored by earlier batches to an incident that a later batch opened for them (the
// events behind a Sigma correlation hit): the incident_ref column and the document's `incident` and
// `event_source`, as if the event had been linked when it arrived. An event that already belongs to
// an incident keeps it: an event names one incident.
import type Database from 'better-sqlite3';
import type { EventLink } from '../store.ts';

export class EventLinker {
  private readonly incidentRef: Database.Statement<[string, number, number], { id: number }>;
  private readonly link: Database.Statement<[number, string, string]>;

  constructor(db: Database.Database) {
    this.incidentRef = db.prepare(`INSERT INTO incident_refs (incident, first_time, last_time) VALUES (?, ?, ?)
      ON CONFLICT (incident) DO UPDATE SET first_time = min(first_time, excluded.first_time), last_time = max(last_time, excluded.last_time)
      RETURNING id`);
    this.link = db.prepare(`UPDATE events SET incident_ref = ?, doc = json_set(doc, '$.incident', ?, '$.event_source', 1)
      WHERE event_uuid = ? AND incident_ref IS NULL`);
  }

  /** Call inside the batch's transaction, after its own events are inserted. */
  linkAll(links: readonly EventLink[]): void {
    for (const { event_uuid, incident, device_time } of links) {
      const time = Date.parse(device_time);
      const { id } = this.incidentRef.get(incident, time, time)!;
      this.link.run(id, incident, event_uuid);
    }
  }
}
