// Event search: the query language, a time range, a histogram of the matches, and a results table
// whose columns the analyst picks. Everything is in the URL; a row opens its event.
import { api, ApiError } from '../api.ts';
import { FieldName } from '../components/event-detail.tsx';
import { Pager } from '../components/pager.tsx';
import { QueryBox } from '../components/query-box.tsx';
import { Empty, Failure, Guard, Loading } from '../components/states.tsx';
import { TimeChart } from '../components/time-chart.tsx';
import { TimeRangePicker } from '../components/time-range-picker.tsx';
import { displayText, formatCount } from '../format.ts';
import { navigate, Link, useLocation, withChanges } from '../router.tsx';
import { chartSpan } from '../event-extent.ts';
import { boundsOf, rangeKey, rangeLabel, rangeOf } from '../time-range.ts';
import type { DisplayEvent, Histogram } from '../types.ts';
import { useResource } from '../use-resource.ts';

const PAGE_SIZE = 50;
export const DEFAULT_COLUMNS = ['device_time', 'type_id', 'device_name', 'device_ip', 'external_ip', 'external_port', 'traffic_direction', 'signature_name', 'severity'];
const COMMON_FIELDS = [
  ...DEFAULT_COLUMNS, 'event_id', 'network_protocol', 'description', 'app_name', 'user_name', 'internal_ip', 'internal_port', 'symc_device_action',
  'severity_id', 'mitre.tactic', 'mitre.technique_id', 'file.name', 'process.cmd_line', 'log_time', 'incident', 'event_uuid',
];
const EXAMPLES = ['external_ip:192.0.2.100 AND traffic_direction:Outbound', 'signature_name:"System Infected*"', 'type_id:4124 AND severity:Critical', 'trickybot'];

export function SearchPage() {
  const location = useLocation();
  const query = location.params.get('q') ?? '';
  const cursor = location.params.get('cursor') ?? '';
  const columns = (location.params.get('cols') ?? '').split(',').filter(Boolean);
  const shownColumns = columns.length > 0 ? columns : DEFAULT_COLUMNS;
  const range = rangeOf(location, '30d');
  const change = (changes: Record<string, string | undefined>) => navigate(withChanges(location, { cursor: undefined, ...changes }));

  const results = useResource((signal) => api.displayEvents({ q: query, ...boundsOf(range), limit: PAGE_SIZE, next: cursor }, signal), [query, cursor, rangeKey(range)]);
  const histogram = useResource(async (signal): Promise<Histogram | null> => {
    const span = await chartSpan(query, range, signal);
    return span ? api.histogram({ q: query, start_time: span.from, end_time: span.to }, signal) : null;
  }, [query, rangeKey(range)]);

  const queryError = results.error instanceof ApiError && results.error.position !== undefined ? results.error : undefined;

  return (
    <div className="page search-page">
      <header className="page-header">
        <h1>Event search</h1>
        <span className="muted">{rangeLabel(range)} · times UTC</span>
      </header>
      <section className="filters" aria-label="Search">
        <QueryBox query={query} onSearch={(q) => change({ q })} error={queryError} label="Event query"
          placeholder="Query, e.g. external_ip:192.0.2.100 AND traffic_direction:Outbound — press / to focus" />
        <div className="filter-row">
          <TimeRangePicker selection={range} onChange={change} />
          <ColumnPicker columns={shownColumns} found={results.data?.result ?? []} onChange={(cols) => change({ cols: cols.join(',') === DEFAULT_COLUMNS.join(',') ? undefined : cols.join(',') })} />
          <span className="examples muted small">
            Try: {EXAMPLES.map((example) => <button key={example} type="button" className="link-button mono" onClick={() => change({ q: example, range: 'all', from: undefined, to: undefined })}>{example}</button>)}
          </span>
        </div>
      </section>

      {!queryError && (
        <section className="panel histogram-panel" aria-label="Matches over time">
          {histogram.error ? <Failure error={histogram.error} what="the histogram" retry={histogram.reload} />
            : histogram.data === undefined ? <Loading what="the histogram" />
              : histogram.data && (
                <TimeChart buckets={histogram.data.buckets} intervalMs={histogram.data.interval_ms} title="Matching events over time" unit="events"
                  onSelect={(from, to) => change({ from, to, range: undefined })} />
              )}
        </section>
      )}

      {!queryError && (
        <Guard resource={results} what="the events">
          {(page) => page.result.length === 0 ? (
            <Empty title={`No events match ${query ? `“${query}”` : 'this search'} in ${rangeLabel(range).toLowerCase()}.`}>
              {range.range !== 'all' && <Link to={withChanges(location, { range: 'all', from: undefined, to: undefined, cursor: undefined })}>Search all time</Link>}
              <p className="muted small">The query language is described in docs/QUERY.md: field:value, AND/OR/NOT, wildcards, ranges, CIDR networks.</p>
            </Empty>
          ) : (
            <>
              <ResultsTable events={page.result} columns={shownColumns} />
              <footer className="table-footer">
                <span className="muted small">{formatCount(page.total)} matching events · newest first</span>
                <Pager location={location} shown={page.result.length} total={page.total} next={page.next} noun="events" />
              </footer>
            </>
          )}
        </Guard>
      )}
    </div>
  );
}

function ResultsTable({ events, columns }: { events: DisplayEvent[]; columns: string[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table results-table">
        <thead><tr>{columns.map((column) => <th key={column} className="mono"><FieldName name={column} /></th>)}</tr></thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.event_uuid} className="clickable" data-event={event.event_uuid} onClick={() => navigate(`/events/${encodeURIComponent(event.event_uuid)}`)}>
              {columns.map((column, index) => (
                <td key={column} data-field={column}>
                  {index === 0 ? <Link to={`/events/${encodeURIComponent(event.event_uuid)}`}>{displayText(event[column]) || '(none)'}</Link> : displayText(event[column])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ColumnPicker({ columns, found, onChange }: { columns: string[]; found: DisplayEvent[]; onChange(columns: string[]): void }) {
  const available = [...new Set([...columns, ...COMMON_FIELDS, ...found.flatMap((event) => Object.keys(event))])];
  const toggle = (field: string) => onChange(columns.includes(field) ? columns.filter((column) => column !== field) : [...columns, field]);
  return (
    <details className="column-picker">
      <summary className="button-secondary">Columns ({columns.length})</summary>
      <div className="column-picker-menu">
        <button type="button" className="link-button" onClick={() => onChange(DEFAULT_COLUMNS)}>Reset to the default columns</button>
        {available.map((field) => (
          <label key={field} className="checkbox mono">
            <input type="checkbox" checked={columns.includes(field)} onChange={() => toggle(field)} disabled={columns.length === 1 && columns.includes(field)} />
            {field}
          </label>
        ))}
      </div>
    </details>
  );
}
