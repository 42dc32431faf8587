// An incident as Symantec EDR shows it (reference §4): its documented fields only, Vigil's additions
// (attack, remote, grouping_key…) left out. /atpapi/v2/incidents answers it; SIEM forwarding sends it.
import type { Incident } from './incident.ts';

export function toAtpIncident(incident: Incident) {
  const {
    atp_incident_id, priority_level, state, resolution, uuid, rule_name, atp_rule_id, detection_type, summary, recommended_action,
    log_name, device_time, time, updated, first_event_seen, last_event_seen, event_count, deviceUid,
  } = incident;
  return {
    atp_incident_id, priority_level, state, resolution, uuid, rule_name, atp_rule_id, detection_type, summary, recommended_action,
    log_name, device_time, time, updated, first_event_seen, last_event_seen, event_count, deviceUid,
  };
}
