// The console's entity pages: an endpoint (from the inventory, its events' addresses and its
// incidents) and a remote party, an address or a domain (which endpoints reached it, when, under
// which signatures, and the incidents naming it).
//
// An address is found through the time index, which holds external_ip, device_ref and
// signature_id (migration 10): the window's index entries are read, never the rows. A domain is
// not a column: the endpoints that reached it and when come from domain_instances, and only those
// endpoints' events over those times are read, through the device index.
import type Database from 'better-sqlite3';
import { domainOf } from '../../model/index.ts';
import type { TimeWindow } from '../store.ts';
import type { EndpointSummary, IncidentBrief, PartyEndpoint, PartySignature, RemoteParty, RemotePartySummary } from '../summaries.ts';
import { addKeyCondition, type EventKey, type TimeRange } from './event-keys.ts';
import { addRange, timeRange, where, type Conditions, type SqlParam } from './query-parts.ts';
import { windowBounds, withoutNulls } from './rows.ts';

/** Incidents an entity page lists; the total counts them all. */
const INCIDENT_LIMIT = 100;
/** Endpoints and signatures a remote party's page lists, most events first. */
const PARTY_LIST_LIMIT = 200;
/** The ends of JavaScript's time range, standing in for an open end of a window. */
const EARLIEST_MS = -8.64e15;
const LATEST_MS = 8.64e15;

interface InventoryRow { id: number; device_uid: string; device_name: string | null; device_ip: string | null; first_seen: string; last_seen: string; event_count: number }
/** Events of one endpoint under one signature. */
interface PartyRow { device_ref: number | null; signature_id: number | null; events: number; first: number; last: number; sample: number }
interface DomainDeviceRow { device_uid: string; first_seen: string; last_seen: string }

const BRIEF_COLUMNS = "uuid, atp_incident_id, json_extract(doc, '$.summary') AS summary, priority_level, state, first_event_seen, last_event_seen";
const PARTY_COLUMNS = 'device_ref, signature_id, COUNT(*) AS events, MIN(device_time) AS first, MAX(device_time) AS last, MAX(id) AS sample';
/** Most recently active first. */
const BRIEF_ORDER = 'ORDER BY last_event_seen DESC, atp_incident_id DESC';

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

function eventKeyOf(row: { id: number; first_seen: string; last_seen: string }): EventKey {
  return { ref: row.id, firstMs: Date.parse(row.first_seen), lastMs: Date.parse(row.last_seen) };
}

/** Adds up rows into per-key totals, keeping the earliest and latest times and the newest event. */
function addUp<K>(totals: Map<K, PartyRow>, key: K, row: PartyRow): void {
  const total = totals.get(key);
  if (!total) {
    totals.set(key, { ...row });
    return;
  }
  total.events += row.events;
  total.first = Math.min(total.first, row.first);
  total.last = Math.max(total.last, row.last);
  total.sample = Math.max(total.sample, row.sample);
}

function mostEvents<K>(totals: Map<K, PartyRow>): [K, PartyRow][] {
  return [...totals].sort(([, a], [, b]) => b.events - a.events || b.last - a.last).slice(0, PARTY_LIST_LIMIT);
}

export class EntitySummaries {
  private readonly inventory: Database.Statement<[string], InventoryRow>;
  private readonly inventoryById: Database.Statement<[number], InventoryRow>;
  private readonly endpointIncidents: Database.Statement<[string, number], IncidentBrief>;
  private readonly countEndpointIncidents: Database.Statement<[string], { total: number }>;
  private readonly addressEvents: Database.Statement<[number, number, string], PartyRow>;
  private readonly domainDevices: Database.Statement<[string, string, string], DomainDeviceRow>;
  private readonly signatureName: Database.Statement<[number], { name: unknown }>;

  constructor(private readonly db: Database.Database) {
    // The same reading of an event's domain as the entity tables' (entity-sightings.ts).
    db.function('vigil_event_domain', { deterministic: true }, (field: unknown, url: unknown) => domainOf(field, url));
    const inventoryColumns = 'id, device_uid, device_name, device_ip, first_seen, last_seen, event_count';
    this.inventory = db.prepare(`SELECT ${inventoryColumns} FROM endpoints WHERE device_uid = ?`);
    this.inventoryById = db.prepare(`SELECT ${inventoryColumns} FROM endpoints WHERE id = ?`);
    const ofEndpoint = 'FROM incidents WHERE uuid IN (SELECT incident_uuid FROM incident_endpoints WHERE device_uid = ?)';
    this.endpointIncidents = db.prepare(`SELECT ${BRIEF_COLUMNS} ${ofEndpoint} ${BRIEF_ORDER} LIMIT ?`);
    this.countEndpointIncidents = db.prepare(`SELECT COUNT(*) AS total ${ofEndpoint}`);
    this.addressEvents = db.prepare(`SELECT ${PARTY_COLUMNS} FROM events
      WHERE device_time BETWEEN ? AND ? AND external_ip = ? GROUP BY device_ref, signature_id`);
    this.domainDevices = db.prepare(`SELECT device_uid, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen FROM domain_instances
      WHERE domain = ? AND last_seen >= ? AND first_seen <= ? GROUP BY device_uid`);
    this.signatureName = db.prepare("SELECT json_extract(doc, '$.signature_name') AS name FROM events WHERE id = ?");
  }

  endpoint(deviceUid: string): EndpointSummary | undefined {
    const device = this.inventory.get(deviceUid);
    if (!device) return undefined;
    const conditions: Conditions = { sql: [], params: [] };
    addKeyCondition(conditions, 'device_ref', eventKeyOf(device), {});
    conditions.sql.push("device_ip IS NOT NULL AND device_ip <> ''");
    const addresses = this.db.prepare<SqlParam[], { device_ip: string }>(`SELECT device_ip, MAX(device_time) AS last FROM events ${where(conditions)}
      GROUP BY device_ip ORDER BY last DESC`).all(...conditions.params).map((row) => row.device_ip);
    const summary: EndpointSummary = {
      device_uid: device.device_uid,
      device_ips: device.device_ip !== null && !addresses.includes(device.device_ip) ? [device.device_ip, ...addresses] : addresses,
      first_seen: device.first_seen,
      last_seen: device.last_seen,
      events: device.event_count,
      incidents: this.endpointIncidents.all(device.device_uid, INCIDENT_LIMIT),
      incidents_total: this.countEndpointIncidents.get(device.device_uid)!.total,
    };
    if (device.device_name !== null) summary.device_name = device.device_name;
    return summary;
  }

  /** Undefined when no event in the window (open ends allowed) names the party. */
  remoteParty(party: RemoteParty, window: TimeWindow): RemotePartySummary | undefined {
    const bounds = timeRange(window.from, window.to, Date.parse);
    const range = { from: bounds.from ?? EARLIEST_MS, to: bounds.to ?? LATEST_MS };
    // ISO text bounds for the tables that keep times as text.
    const text = windowBounds(timeRange(window.from, window.to, (iso) => iso));
    const rows = 'ip' in party ? this.addressEvents.all(range.from, range.to, party.ip) : this.domainEvents(party.domain, range, text);
    if (rows.length === 0) return undefined;
    const incidents = 'ip' in party
      ? this.incidentsNaming("json_extract(doc, '$.remote.ip') = ?", party.ip, text)
      : this.incidentsNaming("vigil_event_domain(json_extract(doc, '$.remote.domain'), NULL) = ?", party.domain, text);
    return { ...this.rollUp(rows), ...incidents };
  }

  /**
   * The events of the endpoints domain_instances saw reaching `domain`, each between its first and
   * last sighting (within `range`), that name the domain.
   */
  private domainEvents(domain: string, range: Required<TimeRange>, [from, to]: [string, string]): PartyRow[] {
    const rows: PartyRow[] = [];
    let statement: Database.Statement<SqlParam[], PartyRow> | undefined;
    for (const sighting of this.domainDevices.all(domain, from, to)) {
      const device = this.inventory.get(sighting.device_uid);
      if (!device) continue;
      const seen: TimeRange = { from: Math.max(Date.parse(sighting.first_seen), range.from), to: Math.min(Date.parse(sighting.last_seen), range.to) };
      const conditions: Conditions = { sql: [], params: [] };
      addKeyCondition(conditions, 'device_ref', eventKeyOf(device), seen);
      addRange(conditions, 'device_time', seen);
      conditions.sql.push("vigil_event_domain(json_extract(doc, '$.data_source_url_domain'), json_extract(doc, '$.data_source_url')) = ?");
      conditions.params.push(domain);
      // Every endpoint's conditions have one shape: one statement serves them all.
      statement ??= this.db.prepare<SqlParam[], PartyRow>(`SELECT ${PARTY_COLUMNS} FROM events ${where(conditions)} GROUP BY device_ref, signature_id`);
      rows.push(...statement.all(...conditions.params));
    }
    return rows;
  }

  private rollUp(rows: PartyRow[]): Omit<RemotePartySummary, 'incidents' | 'incidents_total'> {
    const devices = new Map<number | null, PartyRow>();
    const signatures = new Map<number, PartyRow>();
    let first = Infinity;
    let last = -Infinity;
    let events = 0;
    for (const row of rows) {
      addUp(devices, row.device_ref, row);
      if (row.signature_id !== null) addUp(signatures, row.signature_id, row);
      events += row.events;
      first = Math.min(first, row.first);
      last = Math.max(last, row.last);
    }
    return {
      first_seen: isoOf(first),
      last_seen: isoOf(last),
      events,
      endpoints_total: devices.size,
      endpoints: mostEvents(devices).map(([ref, total]): PartyEndpoint => {
        const device = ref === null ? undefined : this.inventoryById.get(ref);
        return {
          ...withoutNulls<Omit<PartyEndpoint, 'events' | 'first_seen' | 'last_seen'>>({
            device_uid: device?.device_uid ?? '', device_name: device?.device_name ?? null, device_ip: device?.device_ip ?? null,
          }),
          events: total.events, first_seen: isoOf(total.first), last_seen: isoOf(total.last),
        };
      }),
      signatures: mostEvents(signatures).map(([signature_id, total]): PartySignature => {
        const name = this.signatureName.get(total.sample)?.name;
        return typeof name === 'string' ? { signature_id, signature_name: name, events: total.events } : { signature_id, events: total.events };
      }),
    };
  }

  /** The incidents active between the ISO bounds whose document matches `condition` (one bound value). */
  private incidentsNaming(condition: string, value: string, [from, to]: [string, string]): Pick<RemotePartySummary, 'incidents' | 'incidents_total'> {
    const matching = `FROM incidents WHERE last_event_seen >= ? AND first_event_seen <= ? AND ${condition}`;
    return {
      incidents: this.db.prepare<[string, string, string, number], IncidentBrief>(`SELECT ${BRIEF_COLUMNS} ${matching} ${BRIEF_ORDER} LIMIT ?`).all(from, to, value, INCIDENT_LIMIT),
      incidents_total: this.db.prepare<[string, string, string], { total: number }>(`SELECT COUNT(*) AS total ${matching}`).get(from, to, value)!.total,
    };
  }
}
