// One event as the EDR console's detail view shows it — a row per field, sorted, codes as
// "2: TCP", times as "2021-06-08 20:08:00 UTC" (the server renders it: ?view=display) — with the
// stored JSON one click away and the values an analyst pivots on as links.
import { Fragment, useState } from 'react';
import { api } from '../api.ts';
import { displayText } from '../format.ts';
import { Link } from '../router.tsx';
import { useResource } from '../use-resource.ts';
import type { DisplayEvent } from '../types.ts';
import { Guard } from './states.tsx';

/** Where a field's value leads. */
export function pivotFor(field: string, value: string): string | undefined {
  if (!value || value === 'null') return undefined;
  if (field === 'external_ip' || field === 'remote.ip') return `/ips/${encodeURIComponent(value)}`;
  if (field === 'device_uid') return `/endpoints/${encodeURIComponent(value)}`;
  if (field === 'incident') return `/incidents/${encodeURIComponent(value)}`;
  if (field === 'signature_id') return searchUrl(`signature_id:${value}`);
  if (field === 'device_ip') return searchUrl(`device_ip:${value}`);
  if (field === 'data_source_url_domain') {
    const host = hostOf(value);
    return host ? `/domains/${encodeURIComponent(host)}` : undefined;
  }
  return undefined;
}

/** "https://source.url.example.com/x" or "source.url.example.com" → the host name; undefined for anything else. */
function hostOf(value: string): string | undefined {
  let host = value;
  try {
    if (value.includes('://')) host = new URL(value).hostname;
  } catch {
    return undefined;
  }
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host) && !/^[\d.]+$/.test(host) ? host : undefined;
}

/** A field name that may break after "_" and "." in a narrow column header. */
export function FieldName({ name }: { name: string }) {
  const parts = name.split(/(?<=[_.])/);
  return <>{parts.map((part, index) => <Fragment key={index}>{part}{index < parts.length - 1 && <wbr />}</Fragment>)}</>;
}

export function searchUrl(query: string, range = 'all'): string {
  return `/search?${new URLSearchParams({ q: query, range }).toString()}`;
}

export function DisplayRows({ event }: { event: DisplayEvent }) {
  return (
    <dl className="detail-view">
      {Object.entries(event).map(([field, value]) => {
        const text = displayText(value);
        const target = pivotFor(field, text);
        return (
          <div key={field} className="detail-row" data-field={field}>
            <dt>{field}</dt>
            <dd>{target ? <Link to={target}>{text}</Link> : text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

export function RawJson({ uuid }: { uuid: string }) {
  const raw = useResource((signal) => api.rawEvent(uuid, signal), [uuid]);
  return (
    <Guard resource={raw} what="the stored event">
      {(event) => <pre className="raw-json" data-testid="raw-json">{JSON.stringify(event, null, 2)}</pre>}
    </Guard>
  );
}

/** The detail view of `event`, with a toggle to the stored JSON (and a link to its page unless on it). */
export function EventDetail({ event, onItsPage = false }: { event: DisplayEvent; onItsPage?: boolean }) {
  const [raw, setRaw] = useState(false);
  return (
    <div className="event-detail">
      <div className="event-detail-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={!raw} className={raw ? 'tab' : 'tab active'} onClick={() => setRaw(false)}>Details</button>
        <button type="button" role="tab" aria-selected={raw} className={raw ? 'tab active' : 'tab'} onClick={() => setRaw(true)}>Raw JSON</button>
        {!onItsPage && <Link className="tab-link" to={`/events/${encodeURIComponent(event.event_uuid)}`}>Open event page</Link>}
      </div>
      {raw ? <RawJson uuid={event.event_uuid} /> : <DisplayRows event={event} />}
    </div>
  );
}
