// Adding observations of an endpoint to its stored summary, for an incident's endpoints and for
// the endpoint inventory alike: counts add up, the first/last times widen, and the most recent
// non-empty address and name win.
import type { EdrEvent, IncidentEndpoint } from '../../model/index.ts';
import type { EndpointHit } from '../store.ts';

/**
 * The ON CONFLICT update of an upsert into a table with device_ip, device_name, event_count,
 * first_seen and last_seen. Unqualified names are the stored row, `excluded` the new observation.
 */
export const MERGE_ENDPOINT_OBSERVATION = `
  event_count = event_count + excluded.event_count,
  first_seen = min(first_seen, excluded.first_seen),
  last_seen = max(last_seen, excluded.last_seen),
  device_ip = CASE WHEN coalesce(excluded.device_ip, '') <> '' AND (device_ip IS NULL OR excluded.last_seen >= last_seen)
                   THEN excluded.device_ip ELSE device_ip END,
  device_name = CASE WHEN coalesce(excluded.device_name, '') <> '' AND (device_name IS NULL OR excluded.last_seen >= last_seen)
                     THEN excluded.device_name ELSE device_name END`;

/** Which endpoint an incident hit belongs to: the most stable identity it carries. */
function endpointKey(endpoint: IncidentEndpoint): string {
  return endpoint.device_uid || endpoint.device_ip || endpoint.device_name || 'unknown';
}

/** The incident_endpoints upsert's parameters, in statements.ts order; empty strings count as absent. */
export function endpointHitValues(hit: EndpointHit): [string, string, string | null, string | null, string | null, number, string, string] {
  return [
    hit.incident_uuid, endpointKey(hit), hit.device_uid || null, hit.device_ip || null, hit.device_name || null,
    hit.event_count, hit.first_seen, hit.last_seen,
  ];
}

/**
 * The hits with those on one incident_endpoints row folded into one where that is exact: when every
 * hit on the row gives the same address and name, the merge above keeps or takes them the same way
 * whatever the order or grouping (counts add, times widen). A row whose hits disagree keeps its
 * hits as they are, in order, as the address taken then depends on each hit's time.
 */
export function foldEndpointHits(hits: EndpointHit[]): EndpointHit[] {
  const rows = new Map<string, { hits: EndpointHit[]; agree: boolean }>();
  for (const hit of hits) {
    const key = `${hit.incident_uuid}\u0000${endpointKey(hit)}`;
    const row = rows.get(key);
    if (!row) rows.set(key, { hits: [hit], agree: true });
    else {
      row.agree &&= (row.hits[0].device_ip || null) === (hit.device_ip || null) && (row.hits[0].device_name || null) === (hit.device_name || null);
      row.hits.push(hit);
    }
  }
  if (rows.size === hits.length) return hits;
  return [...rows.values()].flatMap(({ hits: ofRow, agree }) => {
    if (!agree || ofRow.length === 1) return ofRow;
    const folded = { ...ofRow[0] };
    for (const hit of ofRow.slice(1)) {
      folded.event_count += hit.event_count;
      if (hit.first_seen < folded.first_seen) folded.first_seen = hit.first_seen;
      if (hit.last_seen > folded.last_seen) folded.last_seen = hit.last_seen;
    }
    return [folded];
  });
}

export interface EndpointObservation {
  device_uid: string;
  device_ip: string | null;
  device_name: string | null;
  event_count: number;
  first_seen: string;
  last_seen: string;
}

interface Latest { value: string; time: string }

function later(current: Latest | undefined, value: unknown, time: string): Latest | undefined {
  if (typeof value !== 'string' || value === '') return current;
  return current === undefined || time >= current.time ? { value, time } : current;
}

/**
 * One observation per device_uid of a batch's events, merged by the same rules as the SQL above,
 * so that the inventory costs one upsert per device rather than one per event.
 */
export function observeEndpoints(events: Iterable<EdrEvent>): EndpointObservation[] {
  const seen = new Map<string, { count: number; first: string; last: string; ip?: Latest; name?: Latest }>();
  for (const event of events) {
    const uid = event.device_uid;
    if (typeof uid !== 'string' || uid === '') continue;
    const time = event.device_time;
    const device = seen.get(uid) ?? { count: 0, first: time, last: time };
    device.count += 1;
    if (time < device.first) device.first = time;
    if (time > device.last) device.last = time;
    device.ip = later(device.ip, event.device_ip, time);
    device.name = later(device.name, event.device_name, time);
    seen.set(uid, device);
  }
  return [...seen].map(([device_uid, device]) => ({
    device_uid,
    device_ip: device.ip?.value ?? null,
    device_name: device.name?.value ?? null,
    event_count: device.count,
    first_seen: device.first,
    last_seen: device.last,
  }));
}
