// The incidents of an entity page: priority, id, summary, state, activity.
import { formatShortTime } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { IncidentBrief } from '../types.ts';
import { PriorityBadge, StateBadge } from './badges.tsx';

export function IncidentsPanel({ incidents }: { incidents: IncidentBrief[] }) {
  return (
    <section className="panel">
      <h2>Incidents <span className="count">{incidents.length}</span></h2>
      {incidents.length === 0 ? <p className="muted">No incidents.</p> : <IncidentTable incidents={incidents} />}
    </section>
  );
}

function IncidentTable({ incidents }: { incidents: IncidentBrief[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table compact">
        <thead><tr><th>Priority</th><th>ID</th><th>Summary</th><th>State</th><th>First seen</th><th>Last seen</th></tr></thead>
        <tbody>
          {incidents.map((incident) => (
            <tr key={incident.uuid} className="clickable" onClick={() => navigate(`/incidents/${incident.atp_incident_id}`)}>
              <td><PriorityBadge level={incident.priority_level} /></td>
              <td className="mono"><Link to={`/incidents/${incident.atp_incident_id}`}>{incident.atp_incident_id}</Link></td>
              <td>{incident.summary}</td>
              <td><StateBadge state={incident.state} /></td>
              <td className="nowrap">{formatShortTime(incident.first_event_seen)}</td>
              <td className="nowrap">{formatShortTime(incident.last_event_seen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
