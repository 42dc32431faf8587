// Reading the entity tables (files, file_instances, domain_instances, domain_files and the endpoint
// inventory) for entity lookups and associations. Sightings carry the endpoint's current name and
// address from the inventory.
import type Database from 'better-sqlite3';
import type { DomainFileSighting, DomainSighting, EndpointEntity, FileSighting, FileSummary } from '../../model/index.ts';
import type { TimeWindow } from '../store.ts';
import { windowBounds, withoutNulls } from './rows.ts';

const ENDPOINT_COLUMNS = 'x.device_uid, e.device_name, e.device_ip';

type Rows = Database.Statement<unknown[], Record<string, unknown>>;

export class EntityReader {
  private readonly known: Database.Statement<[string], { device_uid: string }>;
  private readonly endpoints: Rows;
  private readonly file: Rows;
  private readonly fileSightings: Rows;
  private readonly fileSightingsOf: Rows;
  private readonly domainSightings: Rows;
  private readonly domainFileSightings: Rows;

  constructor(db: Database.Database) {
    this.known = db.prepare('SELECT device_uid FROM endpoints WHERE device_uid IN (SELECT value FROM json_each(?))');
    this.endpoints = db.prepare(`SELECT device_uid, device_name, device_ip, first_seen, last_seen, event_count FROM endpoints
      WHERE last_seen BETWEEN ? AND ? ORDER BY last_seen DESC, id DESC LIMIT ?`);
    this.file = db.prepare('SELECT sha2, md5, name, size, signature_company_name, first_seen, last_seen FROM files WHERE sha2 = ?');
    const fileSighting = `SELECT x.sha2, x.name, x.folder, ${ENDPOINT_COLUMNS}, x.first_seen, x.last_seen
      FROM file_instances x LEFT JOIN endpoints e ON e.device_uid = x.device_uid`;
    this.fileSightings = db.prepare(`${fileSighting} WHERE x.last_seen BETWEEN ? AND ? ORDER BY x.last_seen DESC LIMIT ?`);
    this.fileSightingsOf = db.prepare(`${fileSighting} WHERE x.sha2 = ? AND x.last_seen BETWEEN ? AND ? ORDER BY x.last_seen DESC LIMIT ?`);
    this.domainSightings = db.prepare(`SELECT x.domain AS data_source_url_domain, x.url AS data_source_url, x.external_ip, ${ENDPOINT_COLUMNS}, x.first_seen, x.last_seen
      FROM domain_instances x LEFT JOIN endpoints e ON e.device_uid = x.device_uid
      WHERE x.last_seen BETWEEN ? AND ? ORDER BY x.last_seen DESC LIMIT ?`);
    this.domainFileSightings = db.prepare(`SELECT x.domain AS data_source_url_domain, x.url AS data_source_url, x.sha2, x.name, f.signature_company_name,
        ${ENDPOINT_COLUMNS}, x.first_seen, x.last_seen
      FROM domain_files x LEFT JOIN endpoints e ON e.device_uid = x.device_uid LEFT JOIN files f ON f.sha2 = x.sha2
      WHERE x.last_seen BETWEEN ? AND ? ORDER BY x.last_seen DESC LIMIT ?`);
  }

  knownDevices(deviceUids: string[]): Set<string> {
    return new Set(this.known.all(JSON.stringify(deviceUids)).map((row) => row.device_uid));
  }

  endpointsSeen(window: TimeWindow, limit: number): EndpointEntity[] {
    return this.endpoints.all(...windowBounds(window), limit).map((row) => withoutNulls<EndpointEntity>(row));
  }

  getFile(sha2: string): FileSummary | undefined {
    const row = this.file.get(sha2.toLowerCase());
    return row && withoutNulls<FileSummary>(row);
  }

  fileSightingsIn(window: TimeWindow, limit: number, sha2?: string): FileSighting[] {
    const rows = sha2 === undefined
      ? this.fileSightings.all(...windowBounds(window), limit)
      : this.fileSightingsOf.all(sha2.toLowerCase(), ...windowBounds(window), limit);
    return rows.map((row) => withoutNulls<FileSighting>(row));
  }

  domainSightingsIn(window: TimeWindow, limit: number): DomainSighting[] {
    return this.domainSightings.all(...windowBounds(window), limit).map((row) => withoutNulls<DomainSighting>(row));
  }

  domainFileSightingsIn(window: TimeWindow, limit: number): DomainFileSighting[] {
    return this.domainFileSightings.all(...windowBounds(window), limit).map((row) => withoutNulls<DomainFileSighting>(row));
  }
}
