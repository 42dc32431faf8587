// The store's fixed SQL, prepared once per connection.
import type Database from 'better-sqlite3';
import type { EndpointEntity, IncidentComment, IncidentEndpointSummary, OAuthClient, User } from '../../model/index.ts';
import type { StoredOAuthClient, StoredToken } from '../store.ts';
import { endpointHitValues, MERGE_ENDPOINT_OBSERVATION } from './endpoint-merge.ts';
import type { EventKey } from './event-keys.ts';

export interface DocRow { doc: string }
export interface CountRow { total: number }
interface UserRow extends User { password_hash: string }
type NullableRow<T> = { [K in keyof T]-?: T[K] | null };

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    upsertEndpointHit: db.prepare<ReturnType<typeof endpointHitValues>>(`INSERT INTO incident_endpoints (incident_uuid, endpoint_key, device_uid, device_ip, device_name, event_count, first_seen, last_seen)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (incident_uuid, endpoint_key) DO UPDATE SET ${MERGE_ENDPOINT_OBSERVATION}`),
    // The keys of events (event-keys.ts).
    deviceKey: db.prepare<[string], { ref: number; first_seen: string; last_seen: string }>('SELECT id AS ref, first_seen, last_seen FROM endpoints WHERE device_uid = ?'),
    incidentKey: db.prepare<[string], EventKey>('SELECT id AS ref, first_time AS firstMs, last_time AS lastMs FROM incident_refs WHERE incident = ?'),
    openIncidents: db.prepare<[string, string, string], DocRow>(`SELECT doc FROM incidents
      WHERE grouping_key IN (SELECT value FROM json_each(?)) AND state <> 4 /* Closed */ AND last_event_seen >= ? AND first_event_seen <= ?
      ORDER BY last_event_seen, atp_incident_id`),
    incidentByUuid: db.prepare<[string], DocRow>('SELECT doc FROM incidents WHERE uuid = ?'),
    incidentById: db.prepare<[number], DocRow>('SELECT doc FROM incidents WHERE atp_incident_id = ?'),
    incidentEndpoints: db.prepare<[string], NullableRow<IncidentEndpointSummary>>(`SELECT device_uid, device_ip, device_name, event_count, first_seen, last_seen
      FROM incident_endpoints WHERE incident_uuid = ? ORDER BY first_seen, endpoint_key`),
    insertComment: db.prepare(`INSERT INTO comments (incident_uuid, comment, time, user_id, incident_responder_name)
      SELECT @incident_uuid, @comment, @time, @user_id, @incident_responder_name
      WHERE EXISTS (SELECT 1 FROM incidents WHERE uuid = @incident_uuid)`),
    comments: db.prepare<[string, string, number, number], IncidentComment>(`SELECT comment, time, user_id, incident_responder_name
      FROM comments WHERE incident_uuid = ? AND time <= ? ORDER BY time DESC, id DESC LIMIT ? OFFSET ?`),
    countComments: db.prepare<[string, string], CountRow>('SELECT COUNT(*) AS total FROM comments WHERE incident_uuid = ? AND time <= ?'),
    event: db.prepare<[string], DocRow>('SELECT doc FROM events WHERE event_uuid = ?'),
    // In the order first seen (the row id): a new endpoint goes to the end, so offset pages never
    // shift; by last_seen, every event moved its endpoint to the top while a client paged.
    endpoints: db.prepare<[number, number], NullableRow<EndpointEntity>>(`SELECT device_uid, device_name, device_ip, first_seen, last_seen, event_count
      FROM endpoints ORDER BY id LIMIT ? OFFSET ?`),
    countEndpoints: db.prepare<[], CountRow>('SELECT COUNT(*) AS total FROM endpoints'),
    insertAudit: db.prepare(`INSERT INTO audit (uuid, type_id, device_time, log_time, user_name, doc)
      VALUES (@uuid, @type_id, @device_time, @log_time, @user_name, @doc)`),
    // Windows on device_time: ISO text, so text order is time order; the open bounds are '' and '~'.
    audit: db.prepare<[string, string, number, number], DocRow>('SELECT doc FROM audit WHERE device_time BETWEEN ? AND ? ORDER BY id DESC LIMIT ? OFFSET ?'),
    countAudit: db.prepare<[string, string], CountRow>('SELECT COUNT(*) AS total FROM audit WHERE device_time BETWEEN ? AND ?'),
    insertSystemActivity: db.prepare(`INSERT INTO system_activities (uuid, type_id, device_time, log_time, doc)
      VALUES (@uuid, @type_id, @device_time, @log_time, @doc)`),
    systemActivities: db.prepare<[string, string, number, number], DocRow>(`SELECT doc FROM system_activities
      WHERE device_time BETWEEN ? AND ? ORDER BY id DESC LIMIT ? OFFSET ?`),
    countSystemActivities: db.prepare<[string, string], CountRow>('SELECT COUNT(*) AS total FROM system_activities WHERE device_time BETWEEN ? AND ?'),
    insertUser: db.prepare<[string, string, string, string], User>(`INSERT INTO users (username, role, password_hash, created) VALUES (?, ?, ?, ?)
      RETURNING id, username, role, created`),
    userByName: db.prepare<[string], UserRow>('SELECT id, username, role, password_hash, created FROM users WHERE username = ?'),
    userById: db.prepare<[number], User>('SELECT id, username, role, created FROM users WHERE id = ?'),
    countUsers: db.prepare<[], CountRow>('SELECT COUNT(*) AS total FROM users'),
    insertToken: db.prepare<[Required<Omit<StoredToken, 'id'>> & { hash: string; created: string }], StoredToken>(`INSERT INTO tokens (hash, kind, role, user_id, oauth_client_id, name, expires, created)
      VALUES (@hash, @kind, @role, @user_id, @oauth_client_id, @name, @expires, @created)
      RETURNING id, kind, role, user_id, oauth_client_id, name, expires`),
    tokenByHash: db.prepare<[string], StoredToken>('SELECT id, kind, role, user_id, oauth_client_id, name, expires FROM tokens WHERE hash = ?'),
    deleteToken: db.prepare<[string]>('DELETE FROM tokens WHERE hash = ?'),
    deleteExpiredTokens: db.prepare<[string]>('DELETE FROM tokens WHERE expires IS NOT NULL AND expires <= ?'),
    insertOAuthClient: db.prepare<[Omit<StoredOAuthClient, 'id'>], OAuthClient>(`INSERT INTO oauth_clients (client_id, secret_hash, role, name, created)
      VALUES (@client_id, @secret_hash, @role, @name, @created)
      RETURNING client_id, name, role, created`),
    oauthClientByClientId: db.prepare<[string], StoredOAuthClient>('SELECT id, client_id, secret_hash, role, name, created FROM oauth_clients WHERE client_id = ?'),
    oauthClients: db.prepare<[], OAuthClient>('SELECT client_id, name, role, created FROM oauth_clients ORDER BY created, id'),
    deleteOAuthClient: db.prepare<[string]>('DELETE FROM oauth_clients WHERE client_id = ?'),
    setting: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
}
