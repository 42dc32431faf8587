// One incident, laid out for the decision: what was detected and where (header, explanation,
// diagram), how far it reaches (endpoints, timeline), the evidence (events), and the actions and
// pivots beside it. Changes by other analysts arrive through the stream.
import { api } from '../api.ts';
import { AttackLink } from '../components/attack-links.tsx';
import { PriorityBadge, StateBadge } from '../components/badges.tsx';
import { searchUrl } from '../components/event-detail.tsx';
import { Guard } from '../components/states.tsx';
import { formatCount, formatDuration, formatShortTime, formatTime } from '../format.ts';
import type { IncidentDetail } from '../types.ts';
import { Link } from '../router.tsx';
import { useIncidentStream } from '../use-incident-stream.ts';
import { useResource } from '../use-resource.ts';
import { Comments, IncidentActions } from './incident/incident-actions.tsx';
import { IncidentEvents } from './incident/incident-events.tsx';
import { directionOf, NetworkDiagram } from './incident/network-diagram.tsx';
import { TimelineChart } from './incident/timeline-chart.tsx';

export function IncidentPage({ id }: { id: string }) {
  const incident = useResource((signal) => api.incident(id, signal), [id]);
  useIncidentStream((announcement) => {
    if (announcement.uuid === incident.data?.uuid) incident.reload();
  });
  return (
    <div className="page incident-page">
      <Guard resource={incident} what={`incident ${id}`}>
        {(data) => <IncidentView incident={data} reload={incident.reload} />}
      </Guard>
    </div>
  );
}

function IncidentView({ incident, reload }: { incident: IncidentDetail; reload(): void }) {
  const version = `${incident.updated}|${incident.event_count}`;
  const remote = incident.remote;
  const lifetime = Date.parse(incident.last_event_seen) - Date.parse(incident.first_event_seen);
  return (
    <>
      <header className="incident-header">
        <div className="incident-title-row">
          <PriorityBadge level={incident.priority_level} />
          <StateBadge state={incident.state} resolution={incident.resolution} />
          <span className="incident-id mono">Incident {incident.atp_incident_id}</span>
          {incident.assignee && <span className="muted">assigned to <strong>{incident.assignee}</strong></span>}
        </div>
        <h1>{incident.description}</h1>
        <dl className="incident-facts">
          <div><dt>Rule</dt><dd>{incident.rule_name} <span className="muted mono">{incident.atp_rule_id}</span></dd></div>
          <div><dt>Detection</dt><dd>{incident.detection_type}</dd></div>
          {incident.attack && (
            <>
              <div><dt>ATT&amp;CK tactic</dt><dd><AttackLink uid={incident.attack.tactic_uid} name={incident.attack.tactic_name} /></dd></div>
              <div><dt>Technique</dt><dd><AttackLink uid={incident.attack.technique_uid} name={incident.attack.technique_name} /></dd></div>
            </>
          )}
          {(incident.techniques ?? []).filter((technique) => technique.technique_uid !== incident.attack?.technique_uid).map((technique) => (
            <div key={technique.technique_uid}><dt>Also</dt><dd><AttackLink uid={technique.technique_uid} name={technique.technique_name} /></dd></div>
          ))}
          <div><dt>Endpoints</dt><dd>{formatCount(incident.endpoints.length)}</dd></div>
          <div><dt>Events</dt><dd>{formatCount(incident.event_count)}</dd></div>
          <div><dt>Activity</dt><dd>{formatShortTime(incident.first_event_seen)} – {formatShortTime(incident.last_event_seen)} UTC ({formatDuration(Math.max(lifetime, 1000))})</dd></div>
          <div><dt>Created</dt><dd>{formatTime(incident.time)}</dd></div>
        </dl>
      </header>

      <div className="incident-layout">
        <div className="incident-main">
          <section className="panel recommended" aria-labelledby="recommended-heading">
            <h2 id="recommended-heading">Recommended action</h2>
            <ol>{incident.recommended_action.split('\n').filter(Boolean).map((line) => <li key={line}>{line}</li>)}</ol>
          </section>

          {remote && (remote.ip || remote.domain) && (
            <section className="panel" aria-labelledby="traffic-heading">
              <h2 id="traffic-heading">Traffic</h2>
              <NetworkDiagram endpoints={incident.endpoints} remote={remote} direction={directionOf(incident.traffic_direction)} />
            </section>
          )}

          <section className="panel explanation" aria-labelledby="explanation-heading">
            <h2 id="explanation-heading">What happened</h2>
            {incident.explanation.split('\n').map((line) => <p key={line}>{line}</p>)}
          </section>

          <section className="panel" aria-labelledby="endpoints-heading">
            <h2 id="endpoints-heading">Affected endpoints <span className="count">{incident.endpoints.length}</span></h2>
            <EndpointsTable incident={incident} />
          </section>

          <section className="panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <TimelineChart incidentId={incident.uuid} version={version} />
          </section>
        </div>

        <aside className="incident-side" aria-label="Actions and pivots">
          <IncidentActions incident={incident} onChanged={reload} />
          <Pivots incident={incident} />
          {incident.attribution.length > 0 && (
            <section className="panel side-panel">
              <h2>Known users of this technique</h2>
              <p className="muted small">Groups and software of the ATT&amp;CK catalog that the detection names. A hint, not a verdict.</p>
              <ul className="plain-list">
                {incident.attribution.map((entry) => (
                  <li key={entry.id}>
                    {entry.url ? <a href={entry.url} target="_blank" rel="noreferrer noopener">{entry.name}</a> : entry.name}
                    <span className="muted small"> {entry.kind} {entry.id}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Comments incident={incident} version={version} onChanged={reload} />
        </aside>
      </div>

      {/* Full width: the events have many columns. */}
      <section className="panel" aria-labelledby="events-heading">
        <h2 id="events-heading">Events <span className="count">{formatCount(incident.events_total)}</span></h2>
        <IncidentEvents incidentUuid={incident.uuid} total={incident.events_total} version={version} />
      </section>
    </>
  );
}

function EndpointsTable({ incident }: { incident: IncidentDetail }) {
  return (
    <div className="table-wrap">
      <table className="data-table endpoints-table">
        <thead>
          <tr><th>Name</th><th>device_ip</th><th>device_uid</th><th className="numeric">Events</th><th>First seen</th><th>Last seen</th><th>Pivots</th></tr>
        </thead>
        <tbody>
          {incident.endpoints.map((endpoint) => {
            const uid = endpoint.device_uid;
            return (
              <tr key={uid ?? endpoint.device_ip} data-device-ip={endpoint.device_ip}>
                <td>{uid ? <Link to={`/endpoints/${encodeURIComponent(uid)}`}>{endpoint.device_name ?? uid}</Link> : endpoint.device_name}</td>
                <td className="mono">{endpoint.device_ip ?? '—'}</td>
                <td className="mono small truncate" title={uid}>{uid ?? '—'}</td>
                <td className="numeric">{formatCount(endpoint.event_count)}</td>
                <td className="nowrap">{formatShortTime(endpoint.first_seen)}</td>
                <td className="nowrap">{formatShortTime(endpoint.last_seen)}</td>
                <td className="nowrap pivots-cell">
                  {uid && <Link to={`/?state=all&device_uid=${encodeURIComponent(uid)}`}>incidents</Link>}
                  {uid && <Link to={searchUrl(`device_uid:"${uid}"`)}>events</Link>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Pivots({ incident }: { incident: IncidentDetail }) {
  const remote = incident.remote;
  return (
    <section className="panel side-panel pivots" aria-labelledby="pivots-heading">
      <h2 id="pivots-heading">Pivot</h2>
      <ul className="plain-list">
        {remote?.ip && (
          <>
            <li><Link to={searchUrl(`external_ip:${remote.ip}`)}>All events with external_ip {remote.ip}</Link></li>
            <li><Link to={`/ips/${encodeURIComponent(remote.ip)}`}>Remote party {remote.ip}: who talked to it</Link></li>
          </>
        )}
        {remote?.domain && <li><Link to={`/domains/${encodeURIComponent(remote.domain)}`}>Domain {remote.domain}</Link></li>}
        {incident.signature_id !== undefined && (
          <li><Link to={searchUrl(`signature_id:${incident.signature_id}`)}>All events of signature {incident.signature_id}{incident.signature_name ? ` (${incident.signature_name})` : ''}</Link></li>
        )}
        {incident.endpoints.length === 1 && incident.endpoints[0].device_uid && (
          <li><Link to={`/?state=all&device_uid=${encodeURIComponent(incident.endpoints[0].device_uid)}`}>All incidents of {incident.endpoints[0].device_name ?? 'this endpoint'}</Link></li>
        )}
        <li><Link to={searchUrl(`incident:${incident.uuid}`)}>This incident's events in search</Link></li>
      </ul>
      {incident.endpoints.length > 1 && <p className="muted small">Incidents of each endpoint: the “incidents” links in the endpoints table.</p>}
    </section>
  );
}
