// An incident a batch creates or changes. Besides the record it keeps the endpoint set and the
// event times as numbers, so that adding many alerts to a large incident stays cheap.
import type { Alert, Incident } from '../model/index.ts';
import { incidentSummary } from './summary.ts';
import { newIncidentUuid } from './uuid.ts';

const OPEN = 1;
const CLOSED = 4;
const NOT_SET = 4;

/**
 * `now` is the creation time (ISO-8601); the store replaces the placeholder atp_incident_id. An alert
 * naming techniques (Sigma) makes an incident described by its summary, "<host>: <technique names>".
 */
function newIncident(alert: Alert, now: string): Incident {
  const summary = incidentSummary(alert, 1);
  return {
    uuid: newIncidentUuid(Date.parse(now)),
    atp_incident_id: 0,
    priority_level: alert.priority_level,
    state: OPEN,
    resolution: NOT_SET,
    time: now,
    device_time: now,
    updated: now,
    first_event_seen: alert.event_time,
    last_event_seen: alert.event_time,
    atp_rule_id: alert.rule_id,
    rule_name: alert.rule_name,
    detection_type: alert.detection_type,
    description: alert.techniques ? summary : alert.description,
    summary,
    recommended_action: alert.recommended_action,
    log_name: `epmp_incident-${now.slice(0, 10)}`,
    event_count: 1,
    deviceUid: alert.endpoint.device_uid ? [alert.endpoint.device_uid] : [],
    grouping_key: alert.grouping_key,
    attack: alert.attack,
    ...(alert.techniques && { techniques: [...alert.techniques] }),
    remote: alert.remote,
    traffic_direction: alert.traffic_direction,
    signature_id: alert.signature_id,
    signature_name: alert.signature_name,
  };
}

export class WorkingIncident {
  private readonly devices: Set<string>;
  private firstMs: number;
  private lastMs: number;

  /** Takes ownership of `incident`: pass a copy of a stored one. */
  private constructor(readonly incident: Incident) {
    this.devices = new Set(incident.deviceUid);
    this.firstMs = Date.parse(incident.first_event_seen);
    this.lastMs = Date.parse(incident.last_event_seen);
  }

  static open(alert: Alert, now: string): WorkingIncident {
    return new WorkingIncident(newIncident(alert, now));
  }

  static resume(stored: Incident): WorkingIncident {
    return new WorkingIncident({ ...stored, deviceUid: [...stored.deviceUid] });
  }

  /** Whether an event at `timeMs` belongs here: within the window around the incident's events. */
  accepts(timeMs: number, windowMs: number): boolean {
    // A closed incident is never silently reopened.
    return this.incident.state !== CLOSED && timeMs <= this.lastMs + windowMs && timeMs >= this.firstMs - windowMs;
  }

  /** How far `timeMs` lies outside the incident's events: 0 between its first and last. */
  distanceMs(timeMs: number): number {
    return Math.max(0, this.firstMs - timeMs, timeMs - this.lastMs);
  }

  get lastEventMs(): number {
    return this.lastMs;
  }

  add(alert: Alert, timeMs: number, now: string): void {
    const { incident } = this;
    incident.event_count += 1;
    if (timeMs < this.firstMs) {
      this.firstMs = timeMs;
      incident.first_event_seen = alert.event_time;
    }
    if (timeMs > this.lastMs) {
      this.lastMs = timeMs;
      incident.last_event_seen = alert.event_time;
    }
    incident.priority_level = Math.max(incident.priority_level, alert.priority_level);
    const deviceUid = alert.endpoint.device_uid;
    const newDevice = !!deviceUid && !this.devices.has(deviceUid);
    if (newDevice) {
      this.devices.add(deviceUid);
      incident.deviceUid.push(deviceUid);
    }
    const newTechniques = this.addTechniques(alert);
    if (newDevice || newTechniques) {
      incident.summary = incidentSummary(alert, Math.max(incident.deviceUid.length, 1), incident.techniques);
      if (incident.techniques) incident.description = incident.summary;
    }
    incident.updated = now;
  }

  /** Whether the alert named techniques the incident did not have yet. */
  private addTechniques(alert: Alert): boolean {
    const known = new Set(this.incident.techniques?.map((technique) => technique.technique_uid));
    const fresh = (alert.techniques ?? []).filter((technique) => !known.has(technique.technique_uid));
    if (fresh.length === 0) return false;
    this.incident.techniques = [...(this.incident.techniques ?? []), ...fresh];
    return true;
  }
}
