// Every write of an incident goes through here, so that the JSON document and the columns
// copied from it can never disagree.
import type Database from 'better-sqlite3';
import type { Incident } from '../../model/index.ts';

const COLUMNS = ['uuid', 'atp_incident_id', 'state', 'priority_level', 'time', 'updated', 'first_event_seen', 'last_event_seen', 'grouping_key'] as const;

/** The first atp_incident_id, as the EDR numbers them. */
export const FIRST_INCIDENT_ID = 100000;

type IncidentRow = Record<(typeof COLUMNS)[number] | 'doc', string | number>;

function incidentRow(incident: Incident): IncidentRow {
  const row = { doc: JSON.stringify(incident) } as IncidentRow;
  for (const column of COLUMNS) row[column] = incident[column];
  return row;
}

export class IncidentWriter {
  private readonly insertStatement: Database.Statement<[IncidentRow]>;
  private readonly replaceStatement: Database.Statement<[IncidentRow]>;
  private readonly maxIdStatement: Database.Statement<[], { max_id: number | null }>;

  constructor(db: Database.Database) {
    this.insertStatement = db.prepare(`INSERT INTO incidents (${COLUMNS.join(', ')}, doc) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}, @doc)`);
    this.replaceStatement = db.prepare(`UPDATE incidents SET ${COLUMNS.filter((c) => c !== 'uuid').map((c) => `${c} = @${c}`).join(', ')}, doc = @doc WHERE uuid = @uuid`);
    this.maxIdStatement = db.prepare('SELECT MAX(atp_incident_id) AS max_id FROM incidents');
  }

  /** The id the next created incident gets; call inside the transaction that inserts it. */
  nextId(): number {
    const { max_id } = this.maxIdStatement.get()!;
    return max_id === null ? FIRST_INCIDENT_ID : max_id + 1;
  }

  insert(incident: Incident): void {
    this.insertStatement.run(incidentRow(incident));
  }

  replace(incident: Incident): void {
    if (this.replaceStatement.run(incidentRow(incident)).changes === 0) {
      throw new Error(`cannot update incident ${incident.uuid}: it is not stored`);
    }
  }
}
