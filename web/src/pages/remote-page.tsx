// A remote party (an IP address or a domain): which endpoints talked to it, when, under which
// signatures, and the incidents it is part of.
import { api } from '../api.ts';
import { searchUrl } from '../components/event-detail.tsx';
import { IncidentsPanel } from '../components/incident-list.tsx';
import { Guard } from '../components/states.tsx';
import { formatCount, formatShortTime, formatTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';

export function RemotePage({ kind, value }: { kind: 'ip' | 'domain'; value: string }) {
  const remote = useResource((signal) => (kind === 'ip' ? api.remoteIp(value, signal) : api.remoteDomain(value, signal)), [kind, value]);
  // Events name a domain in data_source_url_domain, sometimes as a whole URL.
  const partyQuery = kind === 'ip' ? `external_ip:${value}` : `data_source_url_domain:"*${value}*"`;
  const eventsQuery = searchUrl(partyQuery);
  return (
    <div className="page entity-page">
      <header className="page-header">
        <div>
          <p className="muted small">{kind === 'ip' ? 'Remote IP address' : 'Domain'}</p>
          <h1 className="mono">{value}</h1>
        </div>
      </header>
      <Guard resource={remote} what={`${kind === 'ip' ? 'the address' : 'the domain'} ${value}`}>
        {(data) => (
          <>
            <dl className="entity-facts panel">
              <div><dt>First seen</dt><dd>{formatTime(data.first_seen)}</dd></div>
              <div><dt>Last seen</dt><dd>{formatTime(data.last_seen)}</dd></div>
              <div><dt>Events</dt><dd><Link to={eventsQuery}>{formatCount(data.events)}</Link></dd></div>
              <div><dt>Endpoints</dt><dd>{formatCount(data.endpoints.length)}</dd></div>
            </dl>
            <div className="dashboard-grid two">
              <section className="panel">
                <h2>Endpoints that talked to it <span className="count">{data.endpoints.length}</span></h2>
                <table className="data-table compact">
                  <thead><tr><th>Endpoint</th><th>device_ip</th><th className="numeric">Events</th><th>First</th><th>Last</th></tr></thead>
                  <tbody>
                    {data.endpoints.map((endpoint) => (
                      <tr key={endpoint.device_uid}>
                        <td><Link to={`/endpoints/${encodeURIComponent(endpoint.device_uid)}`}>{endpoint.device_name ?? endpoint.device_uid}</Link></td>
                        <td className="mono">{endpoint.device_ip ?? '—'}</td>
                        <td className="numeric">{formatCount(endpoint.events)}</td>
                        <td className="nowrap">{formatShortTime(endpoint.first_seen)}</td>
                        <td className="nowrap">{formatShortTime(endpoint.last_seen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="panel">
                <h2>Signatures</h2>
                {data.signatures.length === 0 ? <p className="muted">No signature matched traffic with it.</p> : (
                  <table className="data-table compact">
                    <thead><tr><th>Signature</th><th className="numeric">Events</th></tr></thead>
                    <tbody>
                      {data.signatures.map((signature) => (
                        <tr key={signature.signature_id}>
                          <td><Link to={searchUrl(`signature_id:${signature.signature_id} AND ${partyQuery}`)}>{signature.signature_name || signature.signature_id}</Link></td>
                          <td className="numeric">{formatCount(signature.events)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>
            <IncidentsPanel incidents={data.incidents} />
          </>
        )}
      </Guard>
    </div>
  );
}
