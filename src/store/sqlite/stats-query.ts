// The dashboard's figures over a device_time window: the top signatures, endpoints and remote
// parties of the window's events, and the incident figures (incident-stats.ts).
//
// The three top lists come from one pass: the window's events grouped by (signature, device,
// remote address), read from the time index alone (it holds all three since migration 10), then
// rolled up here. Separate GROUP BYs would each sort every event of the window.
import type Database from 'better-sqlite3';
import type { ClosedWindow, EndpointCount, OverviewStats, RemoteCount, SignatureCount } from '../summaries.ts';
import { IncidentStats } from './incident-stats.ts';
import { timeRange } from './query-parts.ts';

interface PivotRow { signature_id: number | null; device_ref: number | null; external_ip: string | null; events: number; sample: number }
interface EndpointRow { device_uid: string; device_name: string | null; device_ip: string | null }

interface Tally { events: number; devices: Set<number>; sample: number }

export interface OverviewOptions {
  /** Entries per top list. */
  top: number;
  /** About how many buckets the incidents over time get. */
  buckets: number;
}

function tally<K>(tallies: Map<K, Tally>, key: K, row: PivotRow): void {
  const entry = tallies.get(key) ?? { events: 0, devices: new Set<number>(), sample: row.sample };
  entry.events += row.events;
  if (row.device_ref !== null) entry.devices.add(row.device_ref);
  entry.sample = Math.max(entry.sample, row.sample);
  tallies.set(key, entry);
}

/** The `top` entries with the most events; ties go to the smaller key, so that the list is stable. */
function topOf<K extends string | number>(tallies: Map<K, Tally>, top: number): [K, Tally][] {
  return [...tallies].sort(([keyA, a], [keyB, b]) => b.events - a.events || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0)).slice(0, top);
}

export class OverviewQuery {
  private readonly incidentStats: IncidentStats;
  private readonly pivots: Database.Statement<[number, number], PivotRow>;
  private readonly signatureName: Database.Statement<[number], { name: unknown }>;
  private readonly endpoint: Database.Statement<[number], EndpointRow>;
  private readonly endpointIncidents: Database.Statement<[string, string, string], { total: number }>;

  constructor(db: Database.Database) {
    this.incidentStats = new IncidentStats(db);
    this.pivots = db.prepare(`SELECT signature_id, device_ref, external_ip, COUNT(*) AS events, MAX(id) AS sample
      FROM events WHERE device_time BETWEEN ? AND ? GROUP BY signature_id, device_ref, external_ip`);
    // The name as the latest event of the signature in the window gives it.
    this.signatureName = db.prepare("SELECT json_extract(doc, '$.signature_name') AS name FROM events WHERE id = ?");
    this.endpoint = db.prepare('SELECT device_uid, device_name, device_ip FROM endpoints WHERE id = ?');
    this.endpointIncidents = db.prepare(`SELECT COUNT(*) AS total FROM incident_endpoints
      WHERE device_uid = ? AND last_seen >= ? AND first_seen <= ?`);
  }

  overview(window: ClosedWindow, options: OverviewOptions): OverviewStats {
    const bounds = timeRange(window.from, window.to, Date.parse);
    const signatures = new Map<number, Tally>();
    const devices = new Map<number, Tally>();
    const remotes = new Map<string, Tally>();
    for (const row of this.pivots.all(bounds.from!, bounds.to!)) {
      if (row.signature_id !== null) tally(signatures, row.signature_id, row);
      if (row.device_ref !== null) tally(devices, row.device_ref, row);
      if (row.external_ip !== null && row.external_ip !== '') tally(remotes, row.external_ip, row);
    }
    const { from, to } = timeRange(window.from, window.to, (iso) => iso);
    return {
      ...this.incidentStats.incidentFigures(window, options.buckets),
      top_signatures: topOf(signatures, options.top).map(([signature_id, entry]): SignatureCount => {
        const name = this.signatureName.get(entry.sample)?.name;
        const row: SignatureCount = { signature_id, events: entry.events, endpoints: entry.devices.size };
        if (typeof name === 'string') row.signature_name = name;
        return row;
      }),
      top_endpoints: topOf(devices, options.top).flatMap(([ref, entry]): EndpointCount[] => {
        const device = this.endpoint.get(ref);
        if (!device) return [];
        const row: EndpointCount = { device_uid: device.device_uid, events: entry.events, incidents: this.endpointIncidents.get(device.device_uid, from!, to!)!.total };
        if (device.device_name !== null) row.device_name = device.device_name;
        if (device.device_ip !== null) row.device_ip = device.device_ip;
        return [row];
      }),
      top_remote: topOf(remotes, options.top).map(([external_ip, entry]): RemoteCount => ({ external_ip, events: entry.events, endpoints: entry.devices.size })),
    };
  }
}
