// What the API answers, as the console reads it (docs/API.md, /work contract for the console routes).
import type { Incident, IncidentEndpointSummary, Principal } from './model.ts';

export interface Page<T> { result: T[]; next: string | null; total: number }

export interface Session { user: Principal; csrf_token?: string }
/** The login's answer; the console reads the session afterwards (its `user` is the account, not the principal). */
export interface LoginAnswer { token: string; csrf_token: string; expires: string }

export interface Attribution { id: string; name: string; kind: 'group' | 'malware' | 'tool'; url?: string; technique: string }

export interface IncidentDetail extends Incident {
  endpoints: IncidentEndpointSummary[];
  explanation: string;
  attribution: Attribution[];
  events_total: number;
}

/** An event as stored: codes, ISO times, nested objects. */
export type RawEvent = Record<string, unknown> & { event_uuid: string };
/** An event as the EDR console's detail view shows it: dotted names, "2: TCP", "2021-06-08 20:08:00 UTC". */
export type DisplayEvent = Record<string, string | number | boolean | null | undefined> & { event_uuid: string };

export interface Bucket { start: string; count: number }
export interface Histogram { interval_ms: number; total: number; buckets: Bucket[] }

export interface TimelineSeries { device_uid: string; device_name?: string; device_ip?: string; buckets: Bucket[] }
export interface Timeline { interval_ms: number; start: string; end: string; series: TimelineSeries[] }

export interface StatsOverview {
  open_by_priority: Record<string, number>;
  incidents_over_time: { interval_ms: number; buckets: Bucket[] };
  top_signatures: { signature_id: number; signature_name: string; events: number; endpoints: number }[];
  top_endpoints: { device_uid: string; device_name?: string; device_ip?: string; events: number; incidents: number }[];
  top_remote: { external_ip: string; events: number; endpoints: number }[];
  tactics: { tactic_uid: string; tactic_name: string; incidents: number; techniques: { technique_uid: string; technique_name: string; incidents: number }[] }[];
}

export interface IncidentBrief {
  uuid: string; atp_incident_id: number; summary: string; priority_level: number; state: number; first_event_seen: string; last_event_seen: string;
}

export interface EndpointEntity {
  device_uid: string; device_name?: string; device_ips: string[]; first_seen: string; last_seen: string; events: number; incidents: IncidentBrief[];
}

export interface RemoteEntity {
  ip?: string; domain?: string; first_seen: string; last_seen: string; events: number;
  endpoints: { device_uid: string; device_name?: string; device_ip?: string; events: number; first_seen: string; last_seen: string }[];
  signatures: { signature_id: number; signature_name: string; events: number }[];
  incidents: IncidentBrief[];
}

/** Incident changes are announced on GET /api/v1/stream as `incident` events. */
export interface IncidentAnnouncement { kind: 'created' | 'updated' | 'closed'; uuid: string; at: string; incident?: Incident }
