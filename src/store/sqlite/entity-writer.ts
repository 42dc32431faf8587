// Keeping the file and domain tables up to date as events are committed: each sighting widens its
// row's first/last seen. Call inside the batch's transaction. Events that name no file or domain
// (most network detections) cost one look at a few fields.
import type Database from 'better-sqlite3';
import type { EdrEvent } from '../../model/index.ts';
import { sightingsOf } from './entity-sightings.ts';

const WIDEN_SEEN = 'first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen)';

export class EntityWriter {
  private readonly file: Database.Statement<unknown[]>;
  private readonly fileInstance: Database.Statement<unknown[]>;
  private readonly domainInstance: Database.Statement<unknown[]>;
  private readonly domainFile: Database.Statement<unknown[]>;

  constructor(db: Database.Database) {
    // The latest non-empty md5, name, size and signer win.
    this.file = db.prepare(`INSERT INTO files (sha2, md5, name, size, signature_company_name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (sha2) DO UPDATE SET
        md5 = coalesce(excluded.md5, md5), name = coalesce(nullif(excluded.name, ''), name), size = coalesce(excluded.size, size),
        signature_company_name = coalesce(excluded.signature_company_name, signature_company_name), ${WIDEN_SEEN}`);
    this.fileInstance = db.prepare(`INSERT INTO file_instances (sha2, device_uid, folder, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET ${WIDEN_SEEN}`);
    this.domainInstance = db.prepare(`INSERT INTO domain_instances (domain, url, device_uid, external_ip, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET ${WIDEN_SEEN}`);
    this.domainFile = db.prepare(`INSERT INTO domain_files (domain, url, sha2, device_uid, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET ${WIDEN_SEEN}`);
  }

  record(events: EdrEvent[]): void {
    for (const event of events) {
      const sightings = sightingsOf(event);
      if (!sightings) continue;
      const { device_uid: device, time, files, domain, domainFile } = sightings;
      for (const file of files) {
        this.file.run(file.sha2, file.md5, file.name, file.size, file.signature_company_name, time, time);
        this.fileInstance.run(file.sha2, device, file.folder, file.name, time, time);
      }
      if (!domain) continue;
      this.domainInstance.run(domain.domain, domain.url, device, domain.external_ip, time, time);
      if (domainFile) this.domainFile.run(domain.domain, domain.url, domainFile.sha2, device, domainFile.name, time, time);
    }
  }
}
