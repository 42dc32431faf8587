// Incidents, the alerts that feed them, and their comments (reference §4).

export interface AttackRef {
  tactic_uid: string;
  tactic_name: string;
  technique_uid: string;
  technique_name: string;
}

/** A technique a detection names; `technique_name` is absent when the ATT&CK catalog does not know the id. */
export interface TechniqueRef {
  technique_uid: string;
  technique_name?: string;
}

/** What a detection rule says about one event. */
export interface Alert {
  /** `atp_rule_id` of the rule, e.g. "MaliciousTrafficIncident". */
  rule_id: string;
  rule_name: string;
  detection_type: string;
  /** Incident description, e.g. "Malicious traffic detected: <signature>". */
  description: string;
  priority_level: number;
  /** Alerts with the same key join the same open incident. */
  grouping_key: string;
  attack?: AttackRef;
  /** Every technique the rule names (Sigma tags): the incident's summary lists them, "<host>: <names>". */
  techniques?: TechniqueRef[];
  recommended_action: string;
  event_uuid: string;
  event_time: string;
  endpoint: IncidentEndpoint;
  /** The remote party of a network detection. */
  remote?: { ip?: string; port?: number; domain?: string };
  traffic_direction?: number;
  signature_id?: number;
  signature_name?: string;
  threat_name?: string;
}

/** An endpoint involved in an incident. */
export interface IncidentEndpoint {
  device_uid?: string;
  device_ip?: string;
  device_name?: string;
}

export interface IncidentEndpointSummary extends IncidentEndpoint {
  event_count: number;
  first_seen: string;
  last_seen: string;
}

export interface Incident {
  uuid: string;
  atp_incident_id: number;
  priority_level: number;
  state: number;
  resolution: number;
  /** Creation time; `device_time` equals it. */
  time: string;
  device_time: string;
  updated: string;
  first_event_seen: string;
  last_event_seen: string;
  atp_rule_id: string;
  rule_name: string;
  detection_type: string;
  description: string;
  summary: string;
  recommended_action: string;
  log_name: string;
  event_count: number;
  /** Device uids of the affected endpoints (ATP 3.x `deviceUid`). */
  deviceUid: string[];
  grouping_key: string;
  attack?: AttackRef;
  /** The techniques of its alerts, in the order they were first seen (Sigma incidents). */
  techniques?: TechniqueRef[];
  remote?: { ip?: string; port?: number; domain?: string };
  traffic_direction?: number;
  signature_id?: number;
  signature_name?: string;
  assignee?: string | null;
}

export interface IncidentComment {
  comment: string;
  time: string;
  user_id: number;
  incident_responder_name: string;
}

/** An entry of the audit log, in the EDR's type_id 20 (session) / 21 (entity) shape. */
export interface AuditEvent {
  uuid: string;
  type_id: 20 | 21;
  /** 20: 1 Logon, 2 Logoff; 21: 1 Create, 2 Update, 3 Delete. */
  id: number;
  feature_name: string;
  message: string;
  user_name: string;
  user_uid: string;
  user_agent_ip: string;
  status_id: number;
  status_detail: string;
  device_time: string;
  log_time: string;
  entity_result?: { type: string; uid: string; name: string; data?: unknown };
}

/** A system activity (the EDR's atp_system_log): what the server itself did, such as starting. */
export interface SystemActivity {
  uuid: string;
  /** 1 Application Activity. */
  type_id: number;
  feature_name: string;
  message: string;
  /** 1 Success, 2 Failure. */
  status_id: number;
  device_time: string;
  log_time: string;
  /** The Vigil version that recorded it. */
  product_ver: string;
  process?: { pid: number };
}
