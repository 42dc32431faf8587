// The state of the estate at a glance: what is open, how incidents come in, what is detected most,
// where, with whom, and which ATT&CK tactics the detections fall under.
import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { AttackLink, ENTERPRISE_TACTICS, attackUrl } from '../components/attack-links.tsx';
import { searchUrl } from '../components/event-detail.tsx';
import { Empty, Guard } from '../components/states.tsx';
import { TimeChart } from '../components/time-chart.tsx';
import { TimeRangePicker } from '../components/time-range-picker.tsx';
import { formatCount, priorityLabel } from '../format.ts';
import { Link, navigate, useLocation, withChanges, type Location } from '../router.tsx';
import { chartSpan } from '../event-extent.ts';
import { rangeKey, rangeLabel, rangeOf, type RangeSelection } from '../time-range.ts';
import type { StatsOverview } from '../types.ts';
import { useResource } from '../use-resource.ts';

export function DashboardPage() {
  const location = useLocation();
  const range = rangeOf(location, '30d');
  const overview = useResource(async (signal) => {
    // No events at all: the server's default window, so the page still shows the open incidents.
    const span = await chartSpan('', range, signal);
    return api.overview(span ? { start_time: span.from, end_time: span.to } : {}, signal);
  }, [rangeKey(range)]);
  return (
    <div className="page dashboard-page">
      <header className="page-header">
        <h1>Dashboard</h1>
        <TimeRangePicker selection={range} onChange={(changes) => navigate(withChanges(location, changes))} />
      </header>
      <Guard resource={overview} what="the dashboard">
        {(data) => <DashboardView data={data} range={range} location={location} />}
      </Guard>
    </div>
  );
}

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <svg className="inline-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
      <rect className="inline-bar-track" x={0} y={0} width={100} height={8} rx={2} />
      <rect className="inline-bar-fill" x={0} y={0} width={Math.max(1, (value / Math.max(1, max)) * 100)} height={8} rx={2} />
    </svg>
  );
}

interface Column<T> { label: string; numeric?: boolean; mono?: boolean; cell(row: T): ReactNode }

/** A top-N list: its columns, and a bar of each row's share of the events. */
function TopTable<T extends { events: number }>({ title, rows, rowKey, columns, empty }: {
  title: string; rows: T[]; rowKey(row: T): string; columns: Column<T>[]; empty: string;
}) {
  const max = Math.max(0, ...rows.map((row) => row.events));
  const className = (column: Column<T>) => [column.numeric ? 'numeric' : '', column.mono ? 'mono' : ''].join(' ').trim() || undefined;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? <p className="muted">{empty}</p> : (
        <table className="data-table compact">
          <thead>
            <tr>
              {columns.map((column) => <th key={column.label} className={column.numeric ? 'numeric' : undefined}>{column.label}</th>)}
              <th className="bar-cell"><span className="sr-only">Share of events</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => <td key={column.label} className={className(column)}>{column.cell(row)}</td>)}
                <td className="bar-cell"><Bar value={row.events} max={max} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function DashboardView({ data, range, location }: { data: StatsOverview; range: RangeSelection; location: Location }) {
  // The tiles count every open incident (the workload now), so each opens the queue over all time.
  const queueOf = (level: number) => withChanges({ path: '/', params: location.params }, { priority: String(level), range: 'all' });
  const nothing = data.top_signatures.length === 0 && data.incidents_over_time.buckets.every((bucket) => bucket.count === 0);

  return (
    <>
      <section className="priority-tiles" aria-label="Open incidents by priority">
        {[3, 2, 1].map((level) => (
          <Link key={level} className={`tile tile-priority-${level}`} to={queueOf(level)}>
            <span className="tile-count">{formatCount(data.open_by_priority[String(level)] ?? 0)}</span>
            <span className="tile-label">open {priorityLabel(level)}</span>
          </Link>
        ))}
      </section>

      {nothing ? (
        <Empty title={`Nothing was detected in ${rangeLabel(range).toLowerCase()}.`}>
          {range.range !== 'all' && <Link to={withChanges(location, { range: 'all', from: undefined, to: undefined })}>Show all time</Link>}
        </Empty>
      ) : <DashboardFigures data={data} />}
    </>
  );
}

function DashboardFigures({ data }: { data: StatsOverview }) {
  const tactics = new Map(data.tactics.map((tactic) => [tactic.tactic_uid, tactic]));
  const otherTactics = data.tactics.filter((tactic) => !ENTERPRISE_TACTICS.some(([uid]) => uid === tactic.tactic_uid));
  return (
    <>

      <section className="panel" aria-labelledby="over-time-heading">
        <h2 id="over-time-heading">Incidents over time</h2>
        {data.incidents_over_time.buckets.length > 0
          ? <TimeChart buckets={data.incidents_over_time.buckets} intervalMs={data.incidents_over_time.interval_ms} title="Incidents over time" unit="incidents" />
          : <p className="muted">No incidents in this range.</p>}
      </section>

      <div className="dashboard-grid">
        <TopTable title="Top signatures" rows={data.top_signatures} rowKey={(row) => String(row.signature_id)} empty="No signatures matched."
          columns={[
            { label: 'Signature', cell: (row) => <><Link to={searchUrl(`signature_id:${row.signature_id}`)}>{row.signature_name || row.signature_id}</Link> <span className="muted mono small">{row.signature_id}</span></> },
            { label: 'Events', numeric: true, cell: (row) => formatCount(row.events) },
            { label: 'Endpoints', numeric: true, cell: (row) => formatCount(row.endpoints) },
          ]} />
        <TopTable title="Top endpoints" rows={data.top_endpoints} rowKey={(row) => row.device_uid} empty="No endpoints reported events."
          columns={[
            { label: 'Endpoint', cell: (row) => <Link to={`/endpoints/${encodeURIComponent(row.device_uid)}`}>{row.device_name ?? row.device_uid}</Link> },
            { label: 'device_ip', mono: true, cell: (row) => row.device_ip ?? '—' },
            { label: 'Events', numeric: true, cell: (row) => formatCount(row.events) },
            { label: 'Incidents', numeric: true, cell: (row) => formatCount(row.incidents) },
          ]} />
        <TopTable title="Top remote parties" rows={data.top_remote} rowKey={(row) => row.external_ip} empty="No remote parties in events."
          columns={[
            { label: 'external_ip', mono: true, cell: (row) => <Link to={`/ips/${encodeURIComponent(row.external_ip)}`}>{row.external_ip}</Link> },
            { label: 'Events', numeric: true, cell: (row) => formatCount(row.events) },
            { label: 'Endpoints', numeric: true, cell: (row) => formatCount(row.endpoints) },
          ]} />
      </div>

      <section className="panel" aria-labelledby="attack-heading">
        <h2 id="attack-heading">ATT&amp;CK tactics detected</h2>
        <div className="attack-matrix">
          {[...ENTERPRISE_TACTICS.map(([uid, name]) => tactics.get(uid) ?? { tactic_uid: uid, tactic_name: name, incidents: 0, techniques: [] }), ...otherTactics].map((tactic) => (
            <div key={tactic.tactic_uid} className={tactic.incidents > 0 ? 'attack-tactic detected' : 'attack-tactic'}>
              <a className="attack-tactic-name" href={attackUrl(tactic.tactic_uid)} target="_blank" rel="noreferrer noopener">{tactic.tactic_name}</a>
              <span className="attack-tactic-count">{tactic.incidents > 0 ? `${formatCount(tactic.incidents)} incident${tactic.incidents === 1 ? '' : 's'}` : '—'}</span>
              <ul>
                {tactic.techniques.map((technique) => (
                  <li key={technique.technique_uid}>
                    <AttackLink uid={technique.technique_uid} name={technique.technique_name} /> <span className="muted small">×{technique.incidents}</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
