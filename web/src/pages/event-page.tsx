// One event on its own page (a search result's click-through): the detail view, the raw JSON,
// and where to go from it.
import { api } from '../api.ts';
import { EventDetail, searchUrl } from '../components/event-detail.tsx';
import { Guard } from '../components/states.tsx';
import { displayText } from '../format.ts';
import { Link } from '../router.tsx';
import type { DisplayEvent } from '../types.ts';
import { useResource } from '../use-resource.ts';

export function EventPage({ uuid }: { uuid: string }) {
  const event = useResource((signal) => api.displayEvent(uuid, signal), [uuid]);
  return (
    <div className="page event-page">
      <Guard resource={event} what={`event ${uuid}`}>
        {(data) => (
          <>
            <header className="page-header">
              <div>
                <p className="muted small mono">{data.event_uuid}</p>
                <h1>{displayText(data.description ?? data.signature_name ?? data.type_id) || 'Event'}</h1>
                <p className="muted">{displayText(data.type_id)} · {displayText(data.device_time)}</p>
              </div>
            </header>
            <div className="event-layout">
              <section className="panel"><EventDetail event={data} onItsPage /></section>
              <EventPivots event={data} />
            </div>
          </>
        )}
      </Guard>
    </div>
  );
}

function EventPivots({ event }: { event: DisplayEvent }) {
  const text = (field: string) => displayText(event[field]);
  const signature = /^\d+/.exec(text('signature_id'))?.[0];
  return (
    <aside className="panel side-panel pivots" aria-label="Pivots">
      <h2>Pivot</h2>
      <ul className="plain-list">
        {text('incident') && <li><Link to={`/incidents/${encodeURIComponent(text('incident'))}`}>The incident of this event</Link></li>}
        {text('device_uid') && <li><Link to={`/endpoints/${encodeURIComponent(text('device_uid'))}`}>Endpoint {text('device_name') || text('device_uid')}</Link></li>}
        {text('external_ip') && <li><Link to={`/ips/${encodeURIComponent(text('external_ip'))}`}>Remote party {text('external_ip')}</Link></li>}
        {text('external_ip') && <li><Link to={searchUrl(`external_ip:${text('external_ip')}`)}>All events with external_ip {text('external_ip')}</Link></li>}
        {signature && <li><Link to={searchUrl(`signature_id:${signature}`)}>All events of signature {signature}</Link></li>}
      </ul>
    </aside>
  );
}
