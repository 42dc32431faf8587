// Versioned schema migrations. Each runs once, in its own transaction, and is recorded in
// schema_migrations; opening an existing database applies only the ones it has not seen.
// Never edit a released migration: append a new one.
import type Database from 'better-sqlite3';
import { DEAD_LETTER_TABLES_SQL } from './dead-letter-table.ts';
import { RULE_TABLE_SQL } from './rule-table.ts';
import { WEBHOOK_TABLES_SQL } from './webhook-table.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Times are ISO-8601 UTC text with milliseconds (the model's format): fixed width, so text order
// is time order and rows stay readable in the sqlite3 shell. The events table is the exception:
// see its comment.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      -- The table every ingested event goes to, so each index here is paid on every insert
      -- (docs/PERFORMANCE.md). device_time is epoch milliseconds (the document keeps the ISO
      -- text): a short integer key. The device and the incident are small integer keys
      -- (endpoints.id, incident_refs.id) rather than 36-character uuids.
      CREATE TABLE events (
        id                INTEGER PRIMARY KEY,
        event_uuid        TEXT NOT NULL UNIQUE,
        type_id           INTEGER NOT NULL,
        device_time       INTEGER NOT NULL,
        severity          INTEGER,
        severity_id       INTEGER,
        event_id          INTEGER,
        -- No foreign keys: checking them would cost a lookup per insert, and the store sets both.
        device_ref        INTEGER,
        device_ip         TEXT,
        device_name       TEXT,
        external_ip       TEXT,
        signature_id      INTEGER,
        traffic_direction INTEGER,
        incident_ref      INTEGER,
        doc               TEXT NOT NULL
      );
      CREATE INDEX events_device_time ON events (device_time);
      -- Led by the hour (device_time / 3600000, the expression event-keys.ts repeats) so that
      -- new entries land in the current hour's few pages rather than at one place per device or
      -- incident, which would dirty a page per event; a lookup seeks once per hour of its range.
      CREATE INDEX events_device ON events (device_time / 3600000, device_ref, device_time) WHERE device_ref IS NOT NULL;
      CREATE INDEX events_incident ON events (device_time / 3600000, incident_ref, device_time) WHERE incident_ref IS NOT NULL;

      -- Every incident uuid that stored events name (Vigil's own, or another EDR's in imported
      -- events) and the time range of those events, in epoch milliseconds.
      CREATE TABLE incident_refs (
        id         INTEGER PRIMARY KEY,
        incident   TEXT NOT NULL UNIQUE,
        first_time INTEGER NOT NULL,
        last_time  INTEGER NOT NULL
      );

      CREATE TABLE incidents (
        uuid             TEXT PRIMARY KEY,
        atp_incident_id  INTEGER NOT NULL UNIQUE,
        state            INTEGER NOT NULL,
        priority_level   INTEGER NOT NULL,
        time             TEXT NOT NULL,
        updated          TEXT NOT NULL,
        first_event_seen TEXT NOT NULL,
        last_event_seen  TEXT NOT NULL,
        grouping_key     TEXT NOT NULL,
        doc              TEXT NOT NULL
      );
      CREATE INDEX incidents_grouping ON incidents (grouping_key, state, last_event_seen);
      CREATE INDEX incidents_time ON incidents (time, atp_incident_id);

      CREATE TABLE incident_endpoints (
        incident_uuid TEXT NOT NULL REFERENCES incidents (uuid),
        endpoint_key  TEXT NOT NULL,
        device_uid    TEXT,
        device_ip     TEXT,
        device_name   TEXT,
        event_count   INTEGER NOT NULL,
        first_seen    TEXT NOT NULL,
        last_seen     TEXT NOT NULL,
        PRIMARY KEY (incident_uuid, endpoint_key)
      );
      CREATE INDEX incident_endpoints_device_uid ON incident_endpoints (device_uid, incident_uuid) WHERE device_uid IS NOT NULL;

      CREATE TABLE comments (
        id                      INTEGER PRIMARY KEY,
        incident_uuid           TEXT NOT NULL REFERENCES incidents (uuid),
        comment                 TEXT NOT NULL,
        time                    TEXT NOT NULL,
        user_id                 INTEGER NOT NULL,
        incident_responder_name TEXT NOT NULL
      );
      CREATE INDEX comments_incident ON comments (incident_uuid, time);

      CREATE TABLE audit (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        type_id     INTEGER NOT NULL,
        device_time TEXT NOT NULL,
        log_time    TEXT NOT NULL,
        user_name   TEXT NOT NULL,
        doc         TEXT NOT NULL
      );

      CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE,
        role          TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created       TEXT NOT NULL
      );

      CREATE TABLE tokens (
        id      INTEGER PRIMARY KEY,
        hash    TEXT NOT NULL UNIQUE,
        kind    TEXT NOT NULL,
        role    TEXT NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
        name    TEXT NOT NULL,
        expires TEXT,
        created TEXT NOT NULL
      );

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- The endpoint inventory; id is the device key of events.
      CREATE TABLE endpoints (
        id          INTEGER PRIMARY KEY,
        device_uid  TEXT NOT NULL UNIQUE,
        device_name TEXT,
        device_ip   TEXT,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        event_count INTEGER NOT NULL
      );
      CREATE INDEX endpoints_last_seen ON endpoints (last_seen);
    `,
  },
  {
    version: 2,
    name: 'oauth clients',
    sql: `
      -- OAuth2 clients (client credentials grant); the secret is kept only as its sha256 hex.
      CREATE TABLE oauth_clients (
        id          INTEGER PRIMARY KEY,
        client_id   TEXT NOT NULL UNIQUE,
        secret_hash TEXT NOT NULL,
        role        TEXT NOT NULL CHECK (role IN ('admin', 'user')),
        name        TEXT NOT NULL,
        created     TEXT NOT NULL
      );

      -- The tokens a client was issued go with it: deleting the client revokes them.
      ALTER TABLE tokens ADD COLUMN oauth_client_id INTEGER REFERENCES oauth_clients (id) ON DELETE CASCADE;
      CREATE INDEX tokens_oauth_client ON tokens (oauth_client_id);
    `,
  },
  {
    version: 3,
    name: 'system activities',
    sql: `
      -- What the server itself did (started, stopping…): /atpapi/v2/systemactivities.
      CREATE TABLE system_activities (
        id          INTEGER PRIMARY KEY,
        uuid        TEXT NOT NULL UNIQUE,
        type_id     INTEGER NOT NULL,
        device_time TEXT NOT NULL,
        log_time    TEXT NOT NULL,
        doc         TEXT NOT NULL
      );
      CREATE INDEX system_activities_device_time ON system_activities (device_time);

      -- /atpapi/v2/auditevents windows the audit log on device_time.
      CREATE INDEX audit_device_time ON audit (device_time);
    `,
  },
  {
    version: 4,
    name: 'policies, commands and entities',
    sql: `
      -- Deny and allow lists (/atpapi/v2/policies/deny_list, allow_list). One value once per list.
      CREATE TABLE policies (
        id           INTEGER PRIMARY KEY,
        list         TEXT NOT NULL CHECK (list IN ('deny', 'allow')),
        target_type  TEXT NOT NULL,
        target_value TEXT NOT NULL,
        comment      TEXT,
        created      TEXT NOT NULL,
        created_by   TEXT NOT NULL,
        UNIQUE (list, target_type, target_value)
      );

      -- Response commands (/atpapi/v2/commands) and the state of each target.
      CREATE TABLE commands (
        id          INTEGER PRIMARY KEY,
        command_id  TEXT NOT NULL UNIQUE,
        action      TEXT NOT NULL,
        issuer_name TEXT NOT NULL,
        created     TEXT NOT NULL,
        updated     TEXT NOT NULL
      );
      CREATE TABLE command_targets (
        command_ref INTEGER NOT NULL REFERENCES commands (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        target      TEXT NOT NULL,
        -- delete_endpoint_file: the file's sha256 on that endpoint.
        hash        TEXT,
        state       INTEGER NOT NULL,
        error_code  INTEGER NOT NULL,
        message     TEXT NOT NULL,
        PRIMARY KEY (command_ref, position)
      );

      -- Files and domains seen in events, kept as they arrive so that entity lookups
      -- (/atpapi/v2/entities, associations) need no scan of the events.
      CREATE TABLE files (
        sha2                   TEXT PRIMARY KEY,
        md5                    TEXT,
        name                   TEXT,
        size                   INTEGER,
        signature_company_name TEXT,
        first_seen             TEXT NOT NULL,
        last_seen              TEXT NOT NULL
      ) WITHOUT ROWID;
      -- One row per file, endpoint and place (folder + name) it was seen.
      CREATE TABLE file_instances (
        sha2       TEXT NOT NULL,
        device_uid TEXT NOT NULL,
        folder     TEXT NOT NULL,
        name       TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen  TEXT NOT NULL,
        PRIMARY KEY (sha2, device_uid, folder, name)
      ) WITHOUT ROWID;
      CREATE INDEX file_instances_last_seen ON file_instances (last_seen);
      -- One row per domain, URL, endpoint and remote address.
      CREATE TABLE domain_instances (
        domain      TEXT NOT NULL,
        url         TEXT NOT NULL,
        device_uid  TEXT NOT NULL,
        external_ip TEXT NOT NULL,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        PRIMARY KEY (domain, url, device_uid, external_ip)
      ) WITHOUT ROWID;
      CREATE INDEX domain_instances_last_seen ON domain_instances (last_seen);
      -- A file that came from a domain (an event naming both, such as a download).
      CREATE TABLE domain_files (
        domain     TEXT NOT NULL,
        url        TEXT NOT NULL,
        sha2       TEXT NOT NULL,
        device_uid TEXT NOT NULL,
        name       TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen  TEXT NOT NULL,
        PRIMARY KEY (domain, url, sha2, device_uid, name)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'ingest marks',
    sql: `
      -- The last event id committed by each commit time: a cursor's query time becomes an event id
      -- bound, so paging stays stable while events (late ones too) keep arriving. Kept 24 hours.
      CREATE TABLE ingest_marks (
        at_ms  INTEGER PRIMARY KEY,
        max_id INTEGER NOT NULL
      );
      -- Events stored before marks existed were all committed before any cursor of today.
      INSERT INTO ingest_marks (at_ms, max_id) SELECT 0, id FROM events ORDER BY id DESC LIMIT 1;
    `,
  },
  {
    version: 6,
    name: 'time index covers type and signature',
    sql: `
      -- The time index with type_id and signature_id after device_time: a query on a time range
      -- and detection types or signatures (and its total) is answered from the index alone
      -- (docs/PERFORMANCE.md, query benchmark). New entries still append in time order.
      DROP INDEX events_device_time;
      CREATE INDEX events_time_type_signature ON events (device_time, type_id, signature_id);
    `,
  },
  { version: 7, name: 'Sigma rules', sql: RULE_TABLE_SQL },
  { version: 8, name: 'dead letters', sql: DEAD_LETTER_TABLES_SQL },
  { version: 9, name: 'webhooks, their outbox and delivery log', sql: WEBHOOK_TABLES_SQL },
  {
    version: 10,
    name: 'indexes for the console\'s aggregations',
    sql: `
      -- The console's dashboard, remote-party pages and incident timelines count events by
      -- signature, endpoint and remote address over a time range: with device_ref and external_ip
      -- in the time index (and device_ref in the incident index) they read index entries only,
      -- never the rows with their documents. Widening costs no extra B-tree on insert
      -- (docs/PERFORMANCE.md).
      DROP INDEX events_time_type_signature;
      CREATE INDEX events_time_pivots ON events (device_time, type_id, signature_id, device_ref, external_ip);
      DROP INDEX events_incident;
      CREATE INDEX events_incident ON events (device_time / 3600000, incident_ref, device_time, device_ref) WHERE incident_ref IS NOT NULL;
      -- Incidents active in a window (first event before its end, last after its start), by state and priority.
      CREATE INDEX incidents_activity ON incidents (last_event_seen, first_event_seen, state, priority_level);
    `,
  },
];

/** Applies the migrations the database has not seen yet; returns the versions applied. */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)');
  const current = (db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as { version: number }).version;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`the database schema is at version ${current}, newer than this Vigil knows (${latest}): upgrade Vigil or use another data directory`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, applied) VALUES (?, ?)');
  const applied: number[] = [];
  for (const migration of migrations.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
    })();
    applied.push(migration.version);
  }
  return applied;
}
