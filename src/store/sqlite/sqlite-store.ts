// The Store on SQLite (better-sqlite3). Fixed statements are prepared once (statements.ts); list
// queries are assembled from whitelisted SQL pieces with bound values.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type {
  AuditEvent, Command, CommandTargetStatus, DomainFileSighting, DomainSighting, EdrEvent, EndpointEntity, FileSighting, FileSummary, Incident,
  IncidentComment, IncidentEndpointSummary, OAuthClient, Policy, PolicyList, PolicyTargetType, SystemActivity, User, UserRole,
} from '../../model/index.ts';
import { LATEST_TIME } from '../../model/index.ts';
import type {
  CommitBatch, EventFilter, IncidentFilter, NewAuditEvent, NewPolicy, NewSystemActivity, Page, PageResult, PolicyFilter, Store, StoredOAuthClient,
  StoredToken, TimeWindow,
} from '../store.ts';
import type { ClosedWindow, EndpointSummary, EventHistogram, EventTimeline, OverviewStats, RemoteParty, RemotePartySummary } from '../summaries.ts';
import { CommandTable } from './command-table.ts';
import { DeadLetterTable } from './dead-letter-table.ts';
import { EntityReader } from './entity-reader.ts';
import { EntitySummaries } from './entity-summary.ts';
import { EventHistograms } from './histogram-query.ts';
import { OverviewQuery } from './stats-query.ts';
import { EntityWriter } from './entity-writer.ts';
import { IngestMarks } from './ingest-marks.ts';
import { PolicyTable } from './policy-table.ts';
import { BackgroundCheckpointer } from './checkpointer.ts';
import { openDatabase } from './connection.ts';
import { endpointHitValues, foldEndpointHits } from './endpoint-merge.ts';
import { eventConditions, type EventKeyLookup } from './event-query.ts';
import { EventWriter } from './event-writer.ts';
import { incidentConditions, incidentOrderBy } from './incident-query.ts';
import { IncidentWriter } from './incident-writer.ts';
import { pageParams, sqlOrder, where, type Conditions, type SqlParam } from './query-parts.ts';
import { windowBounds, withoutNulls } from './rows.ts';
import { prepareStatements, type CountRow, type DocRow, type Statements } from './statements.ts';
import { EventLinker } from './event-links.ts';
import { SecretBox } from './secret-box.ts';
import { WebhookTable } from './webhook-table.ts';
import { RuleTable } from './rule-table.ts';

function parseDocs<T>(rows: DocRow[]): T[] {
  return rows.map((row) => JSON.parse(row.doc) as T);
}


/** A page of a time-windowed log (audit, system activities): its documents, newest first, and their count. */
function listLog<T>(
  rows: { all(...params: SqlParam[]): DocRow[] }, count: { get(...params: SqlParam[]): CountRow | undefined }, page: Page, window?: TimeWindow,
): PageResult<T> {
  const bounds = windowBounds(window);
  return { result: parseDocs<T>(rows.all(...bounds, ...pageParams(page))), total: count.get(...bounds)!.total };
}

export async function openSqliteStore(path: string): Promise<Store> {
  const db = openDatabase(path);
  try {
    return new SqliteStore(db, SecretBox.forDatabase(path), BackgroundCheckpointer.start(db));
  } catch (error) {
    db.close();
    throw error;
  }
}

class SqliteStore implements Store {
  private readonly incidents: IncidentWriter;
  private readonly events: EventWriter;
  private readonly sql: Statements;
  private readonly eventKeys: EventKeyLookup;
  private readonly writeBatch: Database.Transaction<(batch: CommitBatch) => number[]>;
  private readonly entities: EntityWriter;
  private readonly links: EventLinker;
  private readonly entityReader: EntityReader;
  private readonly policies: PolicyTable;
  private readonly commands: CommandTable;
  private readonly ingestMarks: IngestMarks;
  private readonly histograms: EventHistograms;
  private readonly overview: OverviewQuery;
  private readonly entitySummaries: EntitySummaries;
  readonly webhooks: WebhookTable;
  readonly rules: RuleTable;
  readonly deadLetters: DeadLetterTable;

  constructor(private readonly db: Database.Database, secrets: SecretBox, private readonly checkpointer?: BackgroundCheckpointer) {
    this.incidents = new IncidentWriter(db);
    this.events = new EventWriter(db);
    this.sql = prepareStatements(db);
    this.entities = new EntityWriter(db);
    this.links = new EventLinker(db);
    this.entityReader = new EntityReader(db);
    this.policies = new PolicyTable(db);
    this.commands = new CommandTable(db);
    this.ingestMarks = new IngestMarks(db);
    this.webhooks = new WebhookTable(db, secrets);
    this.rules = new RuleTable(db);
    this.deadLetters = new DeadLetterTable(db);
    this.writeBatch = db.transaction((batch: CommitBatch) => this.writeBatchInTransaction(batch));
    this.eventKeys = {
      device: (deviceUid) => {
        const row = this.sql.deviceKey.get(deviceUid);
        return row && { ref: row.ref, firstMs: Date.parse(row.first_seen), lastMs: Date.parse(row.last_seen) };
      },
      incident: (incident) => this.sql.incidentKey.get(incident),
    };
    this.histograms = new EventHistograms(db, this.eventKeys);
    this.overview = new OverviewQuery(db);
    this.entitySummaries = new EntitySummaries(db);
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    this.db.close();
  }

  async existingEventUuids(uuids: string[]): Promise<Set<string>> {
    return this.events.storedUuids(uuids);
  }

  async commit(batch: CommitBatch): Promise<void> {
    const ids = this.writeBatch.immediate(batch);
    this.checkpointer?.committed();
    // Written back only once committed, so a failed batch leaves the caller's incidents untouched.
    batch.createdIncidents.forEach((incident, index) => { incident.atp_incident_id = ids[index]; });
  }

  /** Writes a batch; returns the atp_incident_ids given to the created incidents, in order. */
  private writeBatchInTransaction(batch: CommitBatch): number[] {
    // Incidents first: incident_endpoints rows reference them.
    let nextId = this.incidents.nextId();
    const ids = batch.createdIncidents.map((incident) => {
      const id = nextId++;
      this.incidents.insert({ ...incident, atp_incident_id: id });
      return id;
    });
    for (const incident of batch.updatedIncidents) this.incidents.replace(incident);
    for (const hit of foldEndpointHits(batch.endpointHits)) this.sql.upsertEndpointHit.run(...endpointHitValues(hit));
    this.events.insert(batch.events, batch.texts);
    if (batch.links?.length) this.links.linkAll(batch.links);
    this.entities.record(batch.events);
    this.ingestMarks.record();
    return ids;
  }

  async openIncidentsByKey(keys: string[], span: Required<TimeWindow>): Promise<Map<string, Incident[]>> {
    const open = new Map<string, Incident[]>();
    for (const incident of parseDocs<Incident>(this.sql.openIncidents.all(JSON.stringify(keys), span.from, span.to))) {
      const ofKey = open.get(incident.grouping_key);
      if (ofKey) ofKey.push(incident);
      else open.set(incident.grouping_key, [incident]);
    }
    return open;
  }

  async getIncident(uuidOrId: string | number): Promise<Incident | undefined> {
    const byId = typeof uuidOrId === 'number' || /^\d+$/.test(uuidOrId);
    const row = byId ? this.sql.incidentById.get(Number(uuidOrId)) : this.sql.incidentByUuid.get(uuidOrId);
    return row && (JSON.parse(row.doc) as Incident);
  }

  async listIncidents(filter: IncidentFilter, page: Page): Promise<PageResult<Incident>> {
    return this.listDocs<Incident>('incidents', incidentConditions(filter), incidentOrderBy(filter), page);
  }

  async incidentEndpoints(uuid: string): Promise<IncidentEndpointSummary[]> {
    return this.sql.incidentEndpoints.all(uuid).map((row) => withoutNulls<IncidentEndpointSummary>(row));
  }

  async updateIncident(uuid: string, change: { state?: number; resolution?: number; assignee?: string | null }, at: string): Promise<Incident | undefined> {
    return this.db.transaction(() => {
      const row = this.sql.incidentByUuid.get(uuid);
      if (!row) return undefined;
      const incident = JSON.parse(row.doc) as Incident;
      if (change.state !== undefined) incident.state = change.state;
      if (change.resolution !== undefined) incident.resolution = change.resolution;
      if (change.assignee !== undefined) incident.assignee = change.assignee;
      incident.updated = at;
      this.incidents.replace(incident);
      return incident;
    }).immediate();
  }

  async addComment(uuid: string, comment: IncidentComment): Promise<boolean> {
    return this.sql.insertComment.run({ incident_uuid: uuid, ...comment }).changes === 1;
  }

  async listComments(uuid: string, page: Page, postedBy = LATEST_TIME): Promise<PageResult<IncidentComment>> {
    return {
      result: this.sql.comments.all(uuid, postedBy, ...pageParams(page)),
      total: this.sql.countComments.get(uuid, postedBy)!.total,
    };
  }

  async getEvent(eventUuid: string): Promise<EdrEvent | undefined> {
    const row = this.sql.event.get(eventUuid);
    return row && (JSON.parse(row.doc) as EdrEvent);
  }

  async listEvents(filter: EventFilter, page: Page): Promise<PageResult<EdrEvent>> {
    const order = sqlOrder(filter.order, 'desc');
    const conditions = eventConditions(filter, this.eventKeys);
    if (filter.committedBy !== undefined) {
      conditions.sql.push('id <= ?');
      conditions.params.push(this.ingestMarks.boundOf(filter.committedBy));
    }
    return this.listDocs<EdrEvent>('events', conditions, `ORDER BY device_time ${order}, id ${order}`, page);
  }

  async listEndpoints(page: Page): Promise<PageResult<EndpointEntity>> {
    return {
      result: this.sql.endpoints.all(...pageParams(page)).map((row) => withoutNulls<EndpointEntity>(row)),
      total: this.sql.countEndpoints.get()!.total,
    };
  }

  async appendAudit(event: NewAuditEvent): Promise<AuditEvent> {
    const stored: AuditEvent = { ...event, uuid: randomUUID(), log_time: new Date().toISOString() };
    this.sql.insertAudit.run({
      uuid: stored.uuid, type_id: stored.type_id, device_time: stored.device_time, log_time: stored.log_time, user_name: stored.user_name, doc: JSON.stringify(stored),
    });
    return stored;
  }

  async listAudit(page: Page, window?: TimeWindow): Promise<PageResult<AuditEvent>> {
    return listLog<AuditEvent>(this.sql.audit, this.sql.countAudit, page, window);
  }

  async appendSystemActivity(activity: NewSystemActivity): Promise<SystemActivity> {
    const stored: SystemActivity = { ...activity, uuid: randomUUID(), log_time: new Date().toISOString() };
    this.sql.insertSystemActivity.run({
      uuid: stored.uuid, type_id: stored.type_id, device_time: stored.device_time, log_time: stored.log_time, doc: JSON.stringify(stored),
    });
    return stored;
  }

  async listSystemActivities(page: Page, window?: TimeWindow): Promise<PageResult<SystemActivity>> {
    return listLog<SystemActivity>(this.sql.systemActivities, this.sql.countSystemActivities, page, window);
  }

  async listPolicies(list: PolicyList, filter: PolicyFilter, page: Page): Promise<PageResult<Policy>> {
    return this.policies.list(list, filter, page);
  }

  async addPolicies(list: PolicyList, policies: NewPolicy[], createdBy: string, at: string): Promise<{ policy: Policy; created: boolean }[]> {
    return this.policies.add(list, policies, createdBy, at);
  }

  async deletePolicy(list: PolicyList, id: string): Promise<Policy | undefined> {
    return this.policies.delete(list, id);
  }

  async policyListsOf(targetType: PolicyTargetType, values: string[]): Promise<Map<string, PolicyList>> {
    return this.policies.listsOf(targetType, values);
  }

  async createCommand(command: Command): Promise<void> {
    this.commands.create(command);
  }

  async getCommand(commandId: string): Promise<Command | undefined> {
    return this.commands.get(commandId);
  }

  async updateCommandTargets(commandId: string, targets: CommandTargetStatus[], at: string): Promise<void> {
    this.commands.updateTargets(commandId, targets, at);
  }

  async listCommands(page: Page): Promise<PageResult<Command>> {
    return this.commands.list(page);
  }

  async knownDevices(deviceUids: string[]): Promise<Set<string>> {
    return this.entityReader.knownDevices(deviceUids);
  }

  async endpointsSeen(window: TimeWindow, limit: number): Promise<EndpointEntity[]> {
    return this.entityReader.endpointsSeen(window, limit);
  }

  async getFile(sha2: string): Promise<FileSummary | undefined> {
    return this.entityReader.getFile(sha2);
  }

  async fileSightings(window: TimeWindow, limit: number, sha2?: string): Promise<FileSighting[]> {
    return this.entityReader.fileSightingsIn(window, limit, sha2);
  }

  async domainSightings(window: TimeWindow, limit: number): Promise<DomainSighting[]> {
    return this.entityReader.domainSightingsIn(window, limit);
  }

  async domainFileSightings(window: TimeWindow, limit: number): Promise<DomainFileSighting[]> {
    return this.entityReader.domainFileSightingsIn(window, limit);
  }

  async eventHistogram(filter: EventFilter & ClosedWindow, buckets: number): Promise<EventHistogram> {
    return this.histograms.histogram(filter, buckets);
  }

  async incidentTimeline(incident: string, window: ClosedWindow, buckets: number): Promise<EventTimeline> {
    return this.histograms.timeline(incident, window, buckets);
  }

  async overviewStats(window: ClosedWindow, options: { top: number; buckets: number }): Promise<OverviewStats> {
    return this.overview.overview(window, options);
  }

  async endpointSummary(deviceUid: string): Promise<EndpointSummary | undefined> {
    return this.entitySummaries.endpoint(deviceUid);
  }

  async remotePartySummary(party: RemoteParty, window: TimeWindow): Promise<RemotePartySummary | undefined> {
    return this.entitySummaries.remoteParty(party, window);
  }

  async createUser(username: string, role: UserRole, passwordHash: string): Promise<User> {
    return this.sql.insertUser.get(username, role, passwordHash, new Date().toISOString())!;
  }

  async findUser(username: string): Promise<(User & { password_hash: string }) | undefined> {
    return this.sql.userByName.get(username);
  }

  async getUser(id: number): Promise<User | undefined> {
    return this.sql.userById.get(id);
  }

  async countUsers(): Promise<number> {
    return this.sql.countUsers.get()!.total;
  }

  async createToken(token: Omit<StoredToken, 'id'> & { hash: string }): Promise<StoredToken> {
    const now = new Date().toISOString();
    // Sessions and OAuth tokens expire within hours; issuing a new one sweeps out the dead.
    this.sql.deleteExpiredTokens.run(now);
    return this.sql.insertToken.get({ ...token, oauth_client_id: token.oauth_client_id ?? null, created: now })!;
  }

  async findToken(hash: string): Promise<StoredToken | undefined> {
    return this.sql.tokenByHash.get(hash);
  }

  async deleteToken(hash: string): Promise<void> {
    this.sql.deleteToken.run(hash);
  }

  async createOAuthClient(client: Omit<StoredOAuthClient, 'id' | 'created'>): Promise<OAuthClient> {
    return this.sql.insertOAuthClient.get({ ...client, created: new Date().toISOString() })!;
  }

  async findOAuthClient(clientId: string): Promise<StoredOAuthClient | undefined> {
    return this.sql.oauthClientByClientId.get(clientId);
  }

  async listOAuthClients(): Promise<OAuthClient[]> {
    return this.sql.oauthClients.all();
  }

  async deleteOAuthClient(clientId: string): Promise<boolean> {
    // The tokens go by ON DELETE CASCADE (foreign_keys is on for every connection).
    return this.sql.deleteOAuthClient.run(clientId).changes === 1;
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.sql.setting.get(key)?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.sql.setSetting.run(key, value);
  }

  /** One page of JSON documents from `table`, plus the count of all matching rows. */
  private listDocs<T>(table: 'events' | 'incidents', conditions: Conditions, orderBy: string, page: Page): PageResult<T> {
    const whereClause = where(conditions);
    const rows = this.db.prepare<SqlParam[], DocRow>(`SELECT doc FROM ${table} ${whereClause} ${orderBy} LIMIT ? OFFSET ?`)
      .all(...conditions.params, ...pageParams(page));
    const { total } = this.db.prepare<SqlParam[], CountRow>(`SELECT COUNT(*) AS total FROM ${table} ${whereClause}`).get(...conditions.params)!;
    return { result: parseDocs<T>(rows), total };
  }
}
