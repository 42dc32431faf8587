// Keeping the file and domain tables up to date as events are committed: each sighting widens its
// row's first/last seen. Call inside the batch's transaction. Events that name no file or domain
// (most network detections) cost one look at a few fields.
import type Database from 'better-sqlite3';
import type { EdrEvent } from '../../model/index.ts';
import { sightingsOf, type FileFacts } from './entity-sightings.ts';

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
    const seen = new EntitySeen();
    for (const event of events) {
      const sightings = sightingsOf(event);
      if (!sightings) continue;
      const { device_uid: device, time, files, domain, domainFile } = sightings;
      for (const file of files) {
        seen.file(file, time);
        seen.row(seen.fileInstances, [file.sha2, device, file.folder, file.name], time);
      }
      if (!domain) continue;
      seen.row(seen.domainInstances, [domain.domain, domain.url, device, domain.external_ip], time);
      if (domainFile) seen.row(seen.domainFiles, [domain.domain, domain.url, domainFile.sha2, device, domainFile.name], time);
    }
    for (const file of seen.files.values()) this.file.run(file.sha2, file.md5, file.name, file.size, file.signature_company_name, file.first, file.last);
    for (const { values, first, last } of seen.fileInstances.values()) this.fileInstance.run(...values, first, last);
    for (const { values, first, last } of seen.domainInstances.values()) this.domainInstance.run(...values, first, last);
    for (const { values, first, last } of seen.domainFiles.values()) this.domainFile.run(...values, first, last);
  }
}

interface Seen { first: string; last: string }

/**
 * A batch's sightings with those of the same row folded together, so that a file every endpoint
 * reports (or an endpoint reaching the same URL again) costs one upsert per batch rather than one
 * per event. The fold is the upserts' own merge, which gives the same row whatever the grouping:
 * first and last seen widen, and each of a file's facts is the last one given (a name, the last
 * non-empty one).
 */
class EntitySeen {
  readonly files = new Map<string, FileFacts & Seen>();
  readonly fileInstances = new Map<string, { values: string[] } & Seen>();
  readonly domainInstances = new Map<string, { values: string[] } & Seen>();
  readonly domainFiles = new Map<string, { values: string[] } & Seen>();

  /** A sighting of the file at `time`. */
  file(facts: FileFacts, time: string): void {
    const known = this.files.get(facts.sha2);
    if (!known) {
      this.files.set(facts.sha2, { ...facts, first: time, last: time });
      return;
    }
    known.md5 = facts.md5 ?? known.md5;
    if (facts.name !== '') known.name = facts.name;
    known.size = facts.size ?? known.size;
    known.signature_company_name = facts.signature_company_name ?? known.signature_company_name;
    widen(known, time);
  }

  /** A sighting of the row with these key values at `time`. */
  row(rows: Map<string, { values: string[] } & Seen>, values: string[], time: string): void {
    const key = values.join('\u0000');
    const known = rows.get(key);
    if (known) widen(known, time);
    else rows.set(key, { values, first: time, last: time });
  }
}

function widen(seen: Seen, time: string): void {
  if (time < seen.first) seen.first = time;
  if (time > seen.last) seen.last = time;
}
