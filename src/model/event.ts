// The canonical event: the Symantec EDR event schema (reference §5). Known hot fields are typed;
// every other field a source sends is kept as it came.

export interface MitreRef {
  tactic?: string;
  tactic_uid?: string;
  technique_id?: string;
  technique_name?: string;
  [field: string]: unknown;
}

export interface EdrEvent {
  /** Unique identity; a content hash ("sha256:…") when the source sent none. */
  event_uuid: string;
  type_id: number;
  /** ISO-8601 UTC with milliseconds, e.g. 2021-06-08T20:08:00.000Z. */
  device_time: string;
  /** When Vigil (or the upstream manager) logged it; ISO-8601 UTC. */
  log_time: string;
  event_id?: number;
  /** The source's own severity (SEP scale 0–15, 0 most serious). */
  severity?: number;
  /** Normalized severity: 1 Info … 5 Critical, 6 Fatal. */
  severity_id?: number;
  device_uid?: string;
  device_name?: string;
  device_ip?: string;
  external_ip?: string;
  external_port?: number;
  internal_ip?: string;
  internal_port?: number;
  network_protocol?: number;
  traffic_direction?: number;
  signature_id?: number;
  signature_name?: string;
  symc_device_action?: number;
  description?: string;
  mitre?: MitreRef;
  /** The uuid of the incident this event belongs to. */
  incident?: string;
  [field: string]: unknown;
}

/** The fields detection sets on an event (Sigma's), and those correlation sets. */
export const DETECTION_EVENT_FIELDS = ['sigma_error', 'sigma'] as const;
export const CORRELATION_EVENT_FIELDS = ['incident', 'event_source'] as const;

/**
 * The fields only Vigil sets on an event, after normalization, in the order the pipeline sets
 * them: the Sigma matches (or why the rules could not run) at detection, then the incident link.
 * A sender's own are kept as `source_<field>`.
 */
export const VIGIL_EVENT_FIELDS = [...DETECTION_EVENT_FIELDS, ...CORRELATION_EVENT_FIELDS] as const;

/** Fields whose values are catalog codes, rendered "code: label" for display. */
export const CODED_FIELDS = ['type_id', 'event_id', 'severity', 'severity_id', 'network_protocol', 'traffic_direction', 'symc_device_action'] as const;
