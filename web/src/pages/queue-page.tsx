// The incident queue, the console's home: filters, sort and paging in the URL, new incidents
// pushed live, and the keyboard (j/k to move, Enter to open, / to query).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { PriorityBadge, StateBadge } from '../components/badges.tsx';
import { Pager } from '../components/pager.tsx';
import { isTyping, QueryBox } from '../components/query-box.tsx';
import { Empty, Failure, Loading } from '../components/states.tsx';
import { TimeRangePicker } from '../components/time-range-picker.tsx';
import { catalogEntries, formatCount, formatShortTime } from '../format.ts';
import { INCIDENT_STATE, PRIORITY_LEVEL, type Incident } from '../model.ts';
import { Link, navigate, useLocation, withChanges, type Location } from '../router.tsx';
import { boundsOf, rangeKey, rangeOf } from '../time-range.ts';
import { useIncidentStream } from '../use-incident-stream.ts';
import { useResource, type Resource } from '../use-resource.ts';
import type { Page } from '../types.ts';

/** Not closed: what is left to do. */
const DEFAULT_STATES = '1,2,3';
const PAGE_SIZE = 50;
/** Most urgent first; the API breaks ties. */
const DEFAULT_SORT = '-priority_level';
const SORTABLE = { priority: 'priority_level', id: 'atp_incident_id', last: 'last_event_seen', created: 'time' } as const;

function codeSet(text: string | null): Set<number> {
  return new Set((text ?? '').split(',').filter(Boolean).map(Number));
}

export function QueuePage() {
  const location = useLocation();
  const { params } = location;
  const query = params.get('q') ?? '';
  const states = params.get('state') ?? DEFAULT_STATES;
  const priorities = params.get('priority') ?? '';
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const cursor = params.get('cursor') ?? '';
  const deviceUid = params.get('device_uid') ?? '';
  const range = rangeOf(location, 'all');
  const change = (changes: Record<string, string | undefined>) => navigate(withChanges(location, { cursor: undefined, ...changes }));

  const incidents = useResource((signal) => {
    const { from, to } = boundsOf(range);
    return api.incidents({
      q: query, state: states === 'all' ? undefined : states, priority: priorities, sort, next: cursor, device_uid: deviceUid,
      from, to, time_field: from || to ? 'last_event_seen' : undefined, limit: PAGE_SIZE,
    }, signal);
  }, [query, states, priorities, sort, cursor, deviceUid, rangeKey(range)]);

  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [missed, setMissed] = useState(0);
  const refresh = useRef<ReturnType<typeof setTimeout>>(undefined);
  const stream = useIncidentStream((announcement) => {
    if (cursor) {
      setMissed((count) => count + 1);
      return;
    }
    setFresh((previous) => new Set(previous).add(announcement.uuid));
    clearTimeout(refresh.current);
    refresh.current = setTimeout(incidents.reload, 300);
  });
  useEffect(() => () => clearTimeout(refresh.current), []);
  useEffect(() => setMissed(0), [cursor]);

  return (
    <div className="page queue-page">
      <header className="page-header">
        <h1>Incidents</h1>
        <StreamIndicator status={stream} />
      </header>
      <section className="filters" aria-label="Filters">
        <QueryBox query={query} onSearch={(q) => change({ q })} error={incidents.error} label="Incident query"
          placeholder='Query, e.g. trickybot or priority_level:HIGH AND remote.ip:192.0.2.100 — press / to focus' />
        <div className="filter-row">
          <ChipGroup label="State" entries={catalogEntries(INCIDENT_STATE)} selected={states === 'all' ? new Set(catalogEntries(INCIDENT_STATE).map(([code]) => code)) : codeSet(states)}
            onChange={(codes) => change({ state: codes.length === 4 ? 'all' : codes.length === 0 ? 'all' : codes.join(',') })} />
          <ChipGroup label="Priority" entries={catalogEntries(PRIORITY_LEVEL).reverse()} selected={codeSet(priorities)}
            onChange={(codes) => change({ priority: codes.length === 3 ? undefined : codes.join(',') })} />
          <TimeRangePicker selection={range} onChange={change} />
          {deviceUid && (
            <span className="chip chip-active">
              Endpoint {deviceUid}
              <button type="button" className="chip-remove" aria-label="Remove the endpoint filter" onClick={() => change({ device_uid: undefined })}>×</button>
            </span>
          )}
        </div>
      </section>
      {missed > 0 && (
        <p className="banner" role="status">
          {missed} incident {missed === 1 ? 'change' : 'changes'} since this page loaded. <Link to={withChanges(location, { cursor: undefined })}>Back to the first page</Link>
        </p>
      )}
      <QueueTable location={location} incidents={incidents} fresh={fresh} sort={sort} onSort={(value) => change({ sort: value === DEFAULT_SORT ? undefined : value })} />
    </div>
  );
}

/** Enter on a focused button or link belongs to it, not to the selected row. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['A', 'BUTTON', 'SUMMARY'].includes(target.tagName);
}

function StreamIndicator({ status }: { status: ReturnType<typeof useIncidentStream> }) {
  const text = { live: 'Live', connecting: 'Connecting…', down: 'Live updates unavailable' }[status];
  return <span className={`stream stream-${status}`} title="New and changed incidents appear without reloading">{text}</span>;
}

function ChipGroup({ label, entries, selected, onChange }: {
  label: string; entries: [number, string][]; selected: Set<number>; onChange(codes: number[]): void;
}) {
  const toggle = (code: number) => {
    const next = new Set(selected);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    onChange([...next].sort());
  };
  return (
    <fieldset className="chip-group">
      <legend className="field-label">{label}</legend>
      {entries.map(([code, name]) => (
        <button key={code} type="button" className={selected.has(code) ? 'chip chip-active' : 'chip'} aria-pressed={selected.has(code)} onClick={() => toggle(code)}>
          {name}
        </button>
      ))}
    </fieldset>
  );
}

function SortHeader({ label, field, sort, onSort }: { label: string; field: string; sort: string; onSort(sort: string): void }) {
  const active = sort.replace(/^-/, '') === field;
  const descending = sort.startsWith('-');
  const next = active && descending ? field : `-${field}`;
  return (
    <th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}<span className="sort-mark" aria-hidden="true">{active ? (descending ? '▼' : '▲') : '↕'}</span>
      </button>
    </th>
  );
}

interface QueueTableProps {
  location: Location;
  incidents: Resource<Page<Incident>>;
  fresh: Set<string>;
  sort: string;
  onSort(sort: string): void;
}

function QueueTable({ location, incidents, fresh, sort, onSort }: QueueTableProps) {
  const [selected, setSelected] = useState(0);
  const rows = incidents.data?.result ?? [];
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const open = useCallback((incident: Incident) => navigate(`/incidents/${incident.atp_incident_id}`), []);

  useEffect(() => setSelected((index) => Math.min(index, Math.max(0, rows.length - 1))), [rows.length]);
  useEffect(() => {
    const keys = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.metaKey || event.ctrlKey || event.altKey || rows.length === 0) return;
      if (event.key === 'j' || event.key === 'ArrowDown') setSelected((index) => Math.min(rows.length - 1, index + 1));
      else if (event.key === 'k' || event.key === 'ArrowUp') setSelected((index) => Math.max(0, index - 1));
      else if ((event.key === 'Enter' && !isControl(event.target)) || event.key === 'o') open(rows[selected]);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', keys);
    return () => window.removeEventListener('keydown', keys);
  }, [rows, selected, open]);
  useEffect(() => {
    tableRef.current?.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  if (incidents.error) {
    // Query errors are shown at their position by the query box.
    if ((incidents.error as { position?: number }).position !== undefined) return null;
    return <Failure error={incidents.error} what="the incidents" retry={incidents.reload} />;
  }
  if (!incidents.data) return <Loading what="incidents" />;
  if (rows.length === 0) {
    return (
      <Empty title="No incidents match these filters.">
        <p className="muted">Closed incidents are hidden unless the state filter includes Closed. Detections become incidents as events arrive (see docs/INCIDENTS.md).</p>
        <Link to="/?state=all">Show every incident</Link>
      </Empty>
    );
  }
  return (
    <>
      <div className="table-wrap">
        <table className="data-table queue-table">
          <thead>
            <tr>
              <SortHeader label="Priority" field={SORTABLE.priority} sort={sort} onSort={onSort} />
              <SortHeader label="ID" field={SORTABLE.id} sort={sort} onSort={onSort} />
              <th>Description</th>
              <th>Tactic</th>
              <th className="numeric">Endpoints</th>
              <th className="numeric">Events</th>
              <th>First seen</th>
              <SortHeader label="Last seen" field={SORTABLE.last} sort={sort} onSort={onSort} />
              <th>State</th>
              <th>Assignee</th>
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {rows.map((incident, index) => (
              <tr key={incident.uuid} data-incident={incident.atp_incident_id}
                className={[index === selected ? 'selected' : '', fresh.has(incident.uuid) ? 'fresh' : '', 'clickable'].join(' ')}
                onClick={() => open(incident)} aria-selected={index === selected}>
                <td><PriorityBadge level={incident.priority_level} /></td>
                <td className="mono"><Link to={`/incidents/${incident.atp_incident_id}`}>{incident.atp_incident_id}</Link></td>
                <td className="description-cell">
                  <span className="description">{incident.description}</span>
                  <span className="muted small">{incident.summary}</span>
                </td>
                <td>{incident.attack?.tactic_name ?? '—'}</td>
                <td className="numeric">{formatCount(incident.deviceUid.length)}</td>
                <td className="numeric">{formatCount(incident.event_count)}</td>
                <td className="nowrap">{formatShortTime(incident.first_event_seen)}</td>
                <td className="nowrap">{formatShortTime(incident.last_event_seen)}</td>
                <td><StateBadge state={incident.state} resolution={incident.resolution} /></td>
                <td>{incident.assignee ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <footer className="table-footer">
        <span className="muted small"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> query · times UTC</span>
        <Pager location={location} shown={rows.length} total={incidents.data.total} next={incidents.data.next} noun="incidents" />
      </footer>
    </>
  );
}
