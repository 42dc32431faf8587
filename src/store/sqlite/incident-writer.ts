// Every write of an incident goes through here, so that the JSON document and the columns
// copied from it can never disagree.
import type Database from 'better-sqlite3';
import type { Incident } from '../../model/index.ts';

const COLUMNS = ['uuid', 'atp_incident_id', 'state', 'priority_level', 'time', 'updated', 'first_event_seen', 'last_event_seen', 'grouping_key'] as const;
const UPDATED_COLUMNS = COLUMNS.filter((column) => column !== 'uuid');

/** The first atp_incident_id, as the EDR numbers them. */
export const FIRST_INCIDENT_ID = 100000;

type SqlValue = string | number;

export class IncidentWriter {
  private readonly insertStatement: Database.Statement<SqlValue[]>;
  private readonly replaceStatement: Database.Statement<SqlValue[]>;
  private readonly maxIdStatement: Database.Statement<[], { max_id: number | null }>;

  constructor(db: Database.Database) {
    this.insertStatement = db.prepare(`INSERT INTO incidents (${COLUMNS.join(', ')}, doc) VALUES (${COLUMNS.map(() => '?').join(', ')}, ?)`);
    this.replaceStatement = db.prepare(`UPDATE incidents SET ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')}, doc = ? WHERE uuid = ?`);
    this.maxIdStatement = db.prepare('SELECT MAX(atp_incident_id) AS max_id FROM incidents');
  }

  /** The id the next created incident gets; call inside the transaction that inserts it. */
  nextId(): number {
    const { max_id } = this.maxIdStatement.get()!;
    return max_id === null ? FIRST_INCIDENT_ID : max_id + 1;
  }

  insert(incident: Incident): void {
    this.insertStatement.run(...COLUMNS.map((column) => incident[column]), JSON.stringify(incident));
  }

  replace(incident: Incident): void {
    const values = [...UPDATED_COLUMNS.map((column) => incident[column]), JSON.stringify(incident), incident.uuid];
    if (this.replaceStatement.run(...values).changes === 0) {
      throw new Error(`cannot update incident ${incident.uuid}: it is not stored`);
    }
  }
}
