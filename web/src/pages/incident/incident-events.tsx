// The incident's events, oldest first, with the values as the EDR's detail view writes them;
// a click opens a row's full detail view, and its raw JSON is one more click.
import { Fragment, useState } from 'react';
import { api } from '../../api.ts';
import { EventDetail, FieldName } from '../../components/event-detail.tsx';
import { Empty, Guard } from '../../components/states.tsx';
import { displayText, formatCount } from '../../format.ts';
import type { DisplayEvent } from '../../types.ts';
import { useResource } from '../../use-resource.ts';

const PAGE_SIZE = 25;
/** The signature and description are the incident's own (in its header); the rest varies by event. */
export const EVENT_COLUMNS = [
  'device_time', 'device_name', 'device_ip', 'external_ip', 'external_port', 'traffic_direction', 'network_protocol', 'severity', 'event_id', 'type_id',
] as const;

export function EventRows({ events, columns }: { events: DisplayEvent[]; columns: readonly string[] }) {
  const [open, setOpen] = useState<string>();
  return (
    <div className="table-wrap">
      <table className="data-table events-table">
        <thead>
          <tr>
            <th className="expander-cell"><span className="sr-only">Details</span></th>
            {columns.map((column) => <th key={column} className="mono"><FieldName name={column} /></th>)}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const expanded = open === event.event_uuid;
            return (
              <Fragment key={event.event_uuid}>
                <tr className={expanded ? 'clickable expanded' : 'clickable'} data-event={event.event_uuid} onClick={() => setOpen(expanded ? undefined : event.event_uuid)}>
                  <td className="expander-cell">
                    <button type="button" className="expander" aria-expanded={expanded} aria-label={expanded ? 'Hide the details' : 'Show the details'}>{expanded ? '▾' : '▸'}</button>
                  </td>
                  {columns.map((column) => <td key={column} data-field={column}>{displayText(event[column])}</td>)}
                </tr>
                {expanded && (
                  <tr className="detail-row-container">
                    <td colSpan={columns.length + 1}><EventDetail event={event} /></td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function IncidentEvents({ incidentUuid, total, version }: { incidentUuid: string; total: number; version: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const events = useResource(
    (signal) => api.displayEvents({ incident: incidentUuid, order: 'asc', limit: PAGE_SIZE, next: cursor }, signal),
    [incidentUuid, cursor, version],
  );
  return (
    <Guard resource={events} what="the events">
      {(page) => page.result.length === 0 ? <Empty title="This incident has no events stored." /> : (
        <>
          <EventRows events={page.result} columns={EVENT_COLUMNS} />
          <nav className="pager" aria-label="Event pages">
            <span className="muted">
              {formatCount(cursors.length * PAGE_SIZE + 1)}–{formatCount(cursors.length * PAGE_SIZE + page.result.length)} of {formatCount(page.total || total)} events, oldest first
            </span>
            <button type="button" className="button-secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>← Previous</button>
            <button type="button" className="button-secondary" disabled={!page.next} onClick={() => page.next && setCursors([...cursors, page.next])}>Next →</button>
          </nav>
        </>
      )}
    </Guard>
  );
}
