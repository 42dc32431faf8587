// An endpoint: its names and addresses, when it was seen, its incidents and its latest events.
import { api } from '../api.ts';
import { searchUrl } from '../components/event-detail.tsx';
import { IncidentsPanel } from '../components/incident-list.tsx';
import { Guard } from '../components/states.tsx';
import { formatCount, formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import { EventRows } from './incident/incident-events.tsx';

const RECENT_COLUMNS = ['device_time', 'type_id', 'external_ip', 'external_port', 'traffic_direction', 'signature_name', 'severity'] as const;

export function EndpointPage({ deviceUid }: { deviceUid: string }) {
  const endpoint = useResource((signal) => api.endpoint(deviceUid, signal), [deviceUid]);
  const recent = useResource((signal) => api.displayEvents({ q: `device_uid:"${deviceUid}"`, limit: 20 }, signal), [deviceUid]);
  const eventsQuery = searchUrl(`device_uid:"${deviceUid}"`);
  return (
    <div className="page entity-page">
      <Guard resource={endpoint} what={`endpoint ${deviceUid}`}>
        {(data) => (
          <>
            <header className="page-header">
              <div>
                <p className="muted small">Endpoint</p>
                <h1>{data.device_name ?? data.device_uid}</h1>
                <p className="muted mono small">{data.device_uid}</p>
              </div>
            </header>
            <dl className="entity-facts panel">
              <div><dt>IP addresses</dt><dd className="mono">{data.device_ips.join(', ') || '—'}</dd></div>
              <div><dt>First seen</dt><dd>{formatTime(data.first_seen)}</dd></div>
              <div><dt>Last seen</dt><dd>{formatTime(data.last_seen)}</dd></div>
              <div><dt>Events</dt><dd><Link to={eventsQuery}>{formatCount(data.events)}</Link></dd></div>
              <div><dt>Incidents</dt><dd><Link to={`/?state=all&device_uid=${encodeURIComponent(data.device_uid)}`}>{formatCount(data.incidents.length)}</Link></dd></div>
            </dl>
            <IncidentsPanel incidents={data.incidents} />
          </>
        )}
      </Guard>
      <section className="panel">
        <h2>Latest events <Link className="heading-link" to={eventsQuery}>all in search →</Link></h2>
        <Guard resource={recent} what="the endpoint's events">
          {(page) => page.result.length === 0 ? <p className="muted">No events.</p> : <EventRows events={page.result} columns={RECENT_COLUMNS} />}
        </Guard>
      </section>
    </div>
  );
}
