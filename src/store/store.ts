// The store interface. Async although SQLite is synchronous, so that a PostgreSQL store plugs in
// without touching callers. Every method that writes does so in one transaction.
import type {
  AuditEvent, Command, CommandTargetStatus, DomainFileSighting, DomainSighting, EdrEvent, EndpointEntity, FileSighting, FileSummary, Incident,
  IncidentComment, IncidentEndpointSummary, OAuthClient, Policy, PolicyList, PolicyTargetType, Role, SystemActivity, User, UserRole,
} from '../model/index.ts';

import type { QueryNode } from '../query/index.ts';
import type { DeadLetterStore } from './dead-letter-store.ts';
import type { RuleStore } from './rule-store.ts';
import type { ClosedWindow, EndpointSummary, EventHistogram, EventTimeline, OverviewStats, RemoteParty, RemotePartySummary } from './summaries.ts';
import type { WebhookStore } from './webhook-store.ts';

export type * from './webhook-store.ts';
export type * from './rule-store.ts';
export type * from './dead-letter-store.ts';
export type * from './summaries.ts';

export interface Page { offset: number; limit: number }

/** A parsed query-language filter; `now` (ISO) fixes what "now" means across a cursor's pages. */
export interface StoreQuery { ast: QueryNode; now: string }
export interface PageResult<T> { result: T[]; total: number }

/** One endpoint's share of an incident in a batch: added to the stored summary. */
export interface EndpointHit {
  incident_uuid: string;
  device_uid?: string;
  device_ip?: string;
  device_name?: string;
  event_count: number;
  first_seen: string;
  last_seen: string;
}

/** Everything one pipeline batch writes, committed atomically. */
export interface CommitBatch {
  /** New events only (duplicates already removed), each with `incident` set where it belongs to one. */
  events: EdrEvent[];
  /** Incidents to insert; `atp_incident_id` is assigned by the store (sequential from 100000) and written back. */
  createdIncidents: Incident[];
  /** Incidents to replace whole (counts, times, priority and endpoint list already merged). */
  updatedIncidents: Incident[];
  endpointHits: EndpointHit[];
  /** Events stored by earlier batches that now belong to one of these incidents (those behind a correlation hit). */
  links?: EventLink[];
  /** Of some events, their JSON text as it stands (exactly `JSON.stringify(event)`), made elsewhere: stored as it is. */
  texts?: ReadonlyMap<EdrEvent, string>;
}

export interface EventLink {
  event_uuid: string;
  /** The incident's uuid. */
  incident: string;
  device_time: string;
}

export type SortOrder = 'asc' | 'desc';

export interface IncidentFilter {
  state?: number[];
  priority_level?: number[];
  /** Inclusive range on `time` (creation) unless `timeField` says otherwise. */
  from?: string;
  to?: string;
  timeField?: 'time' | 'updated' | 'first_event_seen' | 'last_event_seen';
  device_uid?: string;
  query?: StoreQuery;
  sort?: { field: 'time' | 'updated' | 'priority_level' | 'atp_incident_id' | 'last_event_seen'; order: SortOrder };
  /** Only incidents created by this time (ISO): a cursor's query time, so that its pages stay stable while incidents open. */
  createdBy?: string;
}

/** Simple equality filters on event fields; values compare as strings or numbers. */
export interface EventFilter {
  from?: string;
  to?: string;
  incident?: string;
  /** Field (dotted path allowed) → required value. */
  equals?: Record<string, string | number>;
  query?: StoreQuery;
  order?: SortOrder;
  /** Only events committed by this time (ISO): a cursor's query time, so that its pages stay stable while events arrive. */
  committedBy?: string;
}

export interface NewAuditEvent extends Omit<AuditEvent, 'uuid' | 'log_time'> {}
export interface NewSystemActivity extends Omit<SystemActivity, 'uuid' | 'log_time'> {}

/** An inclusive range on `device_time` (ISO); an absent bound is open. */
export interface TimeWindow { from?: string; to?: string }

export interface PolicyFilter {
  id?: string;
  target_type?: PolicyTargetType;
  target_value?: string;
}

export interface NewPolicy {
  target_type: PolicyTargetType;
  target_value: string;
  comment?: string;
}

export interface StoredToken {
  id: number;
  kind: 'session' | 'ingest' | 'oauth';
  role: Role;
  user_id: number | null;
  /** The OAuth client an 'oauth' token was issued to; deleting the client deletes its tokens. */
  oauth_client_id?: number | null;
  name: string;
  expires: string | null;
}

export interface StoredOAuthClient extends OAuthClient {
  id: number;
  secret_hash: string;
}

export interface Store {
  close(): Promise<void>;

  /** Of the given uuids, those already stored. */
  existingEventUuids(uuids: string[]): Promise<Set<string>>;
  commit(batch: CommitBatch): Promise<void>;
  /**
   * Per grouping key, the non-closed incidents whose events reach into `span` (last_event_seen at
   * or after `span.from`, first_event_seen at or before `span.to`; ISO-8601), oldest last event first.
   */
  openIncidentsByKey(keys: string[], span: Required<TimeWindow>): Promise<Map<string, Incident[]>>;

  getIncident(uuidOrId: string | number): Promise<Incident | undefined>;
  listIncidents(filter: IncidentFilter, page: Page): Promise<PageResult<Incident>>;
  incidentEndpoints(uuid: string): Promise<IncidentEndpointSummary[]>;
  /** Changes state, resolution or assignee; sets `updated`. Undefined when no such incident. */
  updateIncident(uuid: string, change: { state?: number; resolution?: number; assignee?: string | null }, at: string): Promise<Incident | undefined>;
  addComment(uuid: string, comment: IncidentComment): Promise<boolean>;
  /** Newest first; with `postedBy` (ISO, a cursor's query time), only comments posted by then. */
  listComments(uuid: string, page: Page, postedBy?: string): Promise<PageResult<IncidentComment>>;

  getEvent(eventUuid: string): Promise<EdrEvent | undefined>;
  listEvents(filter: EventFilter, page: Page): Promise<PageResult<EdrEvent>>;
  listEndpoints(page: Page): Promise<PageResult<EndpointEntity>>;

  appendAudit(event: NewAuditEvent): Promise<AuditEvent>;
  /** Newest first. */
  listAudit(page: Page, window?: TimeWindow): Promise<PageResult<AuditEvent>>;

  appendSystemActivity(activity: NewSystemActivity): Promise<SystemActivity>;
  /** Newest first. */
  listSystemActivities(page: Page, window?: TimeWindow): Promise<PageResult<SystemActivity>>;

  /** Oldest first (ids count up). */
  listPolicies(list: PolicyList, filter: PolicyFilter, page: Page): Promise<PageResult<Policy>>;
  /** Adds the policies not on the list yet; returns each one's policy, new or already there, in order. */
  addPolicies(list: PolicyList, policies: NewPolicy[], createdBy: string, at: string): Promise<{ policy: Policy; created: boolean }[]>;
  /** Removes one policy; undefined when the list has no such id. */
  deletePolicy(list: PolicyList, id: string): Promise<Policy | undefined>;
  /** Of `values` (of one target type), those on a list, with the list; deny wins over allow. */
  policyListsOf(targetType: PolicyTargetType, values: string[]): Promise<Map<string, PolicyList>>;

  createCommand(command: Command): Promise<void>;
  getCommand(commandId: string): Promise<Command | undefined>;
  /** Replaces the targets' states (same targets, same order) and sets `updated`. */
  updateCommandTargets(commandId: string, targets: CommandTargetStatus[], at: string): Promise<void>;
  /** Newest first. */
  listCommands(page: Page): Promise<PageResult<Command>>;

  /** Of the given device_uids, those in the endpoint inventory. */
  knownDevices(deviceUids: string[]): Promise<Set<string>>;
  /** Endpoints last seen inside the window, most recently seen first, at most `limit`. */
  endpointsSeen(window: TimeWindow, limit: number): Promise<EndpointEntity[]>;
  getFile(sha2: string): Promise<FileSummary | undefined>;
  /** Where files were seen (endpoint, folder, name), last seen inside the window, newest first, at most `limit`. */
  fileSightings(window: TimeWindow, limit: number, sha2?: string): Promise<FileSighting[]>;
  domainSightings(window: TimeWindow, limit: number): Promise<DomainSighting[]>;
  domainFileSightings(window: TimeWindow, limit: number): Promise<DomainFileSighting[]>;

  /** The console's figures (summaries.ts). Matching events per time bucket of the filter's window. */
  eventHistogram(filter: EventFilter & ClosedWindow, buckets: number): Promise<EventHistogram>;
  /** The events of an incident (uuid) per endpoint and time bucket of the window. */
  incidentTimeline(incident: string, window: ClosedWindow, buckets: number): Promise<EventTimeline>;
  /** The dashboard: top signatures, endpoints and remote parties of the window's events, and its incidents. */
  overviewStats(window: ClosedWindow, options: { top: number; buckets: number }): Promise<OverviewStats>;
  /** Undefined when the inventory has no such device_uid. */
  endpointSummary(deviceUid: string): Promise<EndpointSummary | undefined>;
  /** Undefined when no event of the window names the party. */
  remotePartySummary(party: RemoteParty, window: TimeWindow): Promise<RemotePartySummary | undefined>;

  createUser(username: string, role: UserRole, passwordHash: string): Promise<User>;
  findUser(username: string): Promise<(User & { password_hash: string }) | undefined>;
  getUser(id: number): Promise<User | undefined>;
  countUsers(): Promise<number>;

  /** Stores a token by the sha256 hex of its secret (never the secret itself), and deletes tokens that have expired. */
  createToken(token: Omit<StoredToken, 'id'> & { hash: string }): Promise<StoredToken>;
  findToken(hash: string): Promise<StoredToken | undefined>;
  deleteToken(hash: string): Promise<void>;

  /** Stores a client by the sha256 hex of its secret; the secret itself is never stored. */
  createOAuthClient(client: Omit<StoredOAuthClient, 'id' | 'created'>): Promise<OAuthClient>;
  findOAuthClient(clientId: string): Promise<StoredOAuthClient | undefined>;
  listOAuthClients(): Promise<OAuthClient[]>;
  /** Deletes the client and every token issued to it; false when there was no such client. */
  deleteOAuthClient(clientId: string): Promise<boolean>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /** Webhooks, their outbox and delivery log. */
  readonly webhooks: WebhookStore;

  /** Sigma rules kept as data. */
  readonly rules: RuleStore;

  /** Lines that could not be ingested, kept for replay (docs/CONNECTORS.md). */
  readonly deadLetters: DeadLetterStore;
}
