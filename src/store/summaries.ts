// What the analyst console's dashboards and entity pages read: counts over time, top lists and
// summaries of an endpoint or a remote party, computed by the store from its indexes.
import type { AttackRef, TechniqueRef } from '../model/index.ts';

/** Consecutive buckets of `interval_ms` each, aligned to multiples of it; every bucket is listed, empty ones too. */
export interface TimeBucket { start: string; count: number }
export interface BucketedCounts { interval_ms: number; buckets: TimeBucket[] }
export interface EventHistogram extends BucketedCounts { total: number }

/** Events per endpoint; `device_uid` is '' for the events that name none. */
export interface TimelineSeries { device_uid: string; device_name?: string; device_ip?: string; buckets: TimeBucket[] }
export interface EventTimeline { interval_ms: number; start: string; end: string; series: TimelineSeries[] }

/** An inclusive device_time window (ISO) that has both ends. */
export interface ClosedWindow { from: string; to: string }

export interface SignatureCount { signature_id: number; signature_name?: string; events: number; endpoints: number }
export interface EndpointCount { device_uid: string; device_name?: string; device_ip?: string; events: number; incidents: number }
export interface RemoteCount { external_ip: string; events: number; endpoints: number }
/** Incidents that share one ATT&CK reference and technique list. */
export interface IncidentAttackCount { attack?: AttackRef; techniques?: TechniqueRef[]; incidents: number }

export interface OverviewStats {
  /** Open (not closed) incidents active in the window, by priority_level "1" (low) to "3" (high). */
  open_by_priority: Record<'1' | '2' | '3', number>;
  /** Incidents by the time of their first event. */
  incidents_over_time: BucketedCounts;
  top_signatures: SignatureCount[];
  top_endpoints: EndpointCount[];
  top_remote: RemoteCount[];
  /** Incidents active in the window, grouped by what they say about ATT&CK. */
  incident_attacks: IncidentAttackCount[];
}

export interface IncidentBrief {
  uuid: string;
  atp_incident_id: number;
  summary: string;
  priority_level: number;
  state: number;
  first_event_seen: string;
  last_event_seen: string;
}

export interface EndpointSummary {
  device_uid: string;
  device_name?: string;
  /** Addresses its events carried, most recently seen first. */
  device_ips: string[];
  first_seen: string;
  last_seen: string;
  events: number;
  /** Most recently active first, at most 100; `incidents_total` counts them all. */
  incidents: IncidentBrief[];
  incidents_total: number;
}

export interface PartyEndpoint { device_uid: string; device_name?: string; device_ip?: string; events: number; first_seen: string; last_seen: string }
export interface PartySignature { signature_id: number; signature_name?: string; events: number }

/** A remote address (`external_ip`) or a domain, as the events and incidents name it. */
export type RemoteParty = { ip: string } | { domain: string };

export interface RemotePartySummary {
  first_seen: string;
  last_seen: string;
  events: number;
  /** Most events first, at most 200; `endpoints_total` counts them all. */
  endpoints: PartyEndpoint[];
  endpoints_total: number;
  /** Most events first, at most 200. */
  signatures: PartySignature[];
  incidents: IncidentBrief[];
  incidents_total: number;
}
