// An incident change as Symantec EDR's syslog export writes an incident (reference §7): vendor
// Symantec, product ATPU, signature id atp_incident, and the EDR's own fields in one `json=`
// extension holding the incident with its `events` array, `device_time=` beside it. SIEM content
// written for the EDR (Exabeam's parser matches "|Symantec|ATPU|", "|atp_incident|" and "events":)
// therefore reads Vigil's incidents unchanged. What Vigil chose where the reference is silent is
// in docs/CONNECTORS.md, "Forwarding incidents to a SIEM".
import { VIGIL_VERSION } from '../appliance/index.ts';
import type { IncidentChange } from '../incidents/index.ts';
import { toAtpIncident, type EdrEvent, type Incident } from '../model/index.ts';
import { formatCef } from './cef.ts';

/** CEF severity of a priority_level: Low 3, Medium 6, High 8 (the CEF values of ICD's Warning, Minor and Major). */
const CEF_SEVERITY: Readonly<Record<number, number>> = { 1: 3, 2: 6, 3: 8 };
const UNKNOWN_SEVERITY = 5;

/** The `mitre` object the EDR's syslog carries (reference §4, kb174008). */
function mitreOf({ attack }: Incident) {
  return attack && { technique_name: attack.technique_name, technique_id: attack.technique_uid, tactic: attack.tactic_name };
}

function cefLine(change: IncidentChange, incident: Incident, events: EdrEvent[]): string {
  return formatCef({
    vendor: 'Symantec',
    product: 'ATPU',
    version: VIGIL_VERSION,
    signatureId: 'atp_incident',
    name: incident.description,
    severity: CEF_SEVERITY[incident.priority_level] ?? UNKNOWN_SEVERITY,
    extensions: [
      ['rt', Date.parse(change.at)],
      ['externalId', incident.atp_incident_id],
      ['cat', change.kind],
      ['device_time', incident.device_time],
      ['json', JSON.stringify({ ...toAtpIncident(incident), mitre: mitreOf(incident), events })],
    ],
  });
}

/**
 * The CEF record of a change with as many of `events` (the incident's first) as fit in `maxBytes`
 * of UTF-8: a UDP datagram cannot be larger than 64 KB, and SIEMs cut long lines.
 */
export function incidentCef(change: IncidentChange, incident: Incident, events: EdrEvent[], maxBytes: number): string {
  let kept = events.length;
  let line = cefLine(change, incident, events);
  while (kept > 0 && Buffer.byteLength(line) > maxBytes) {
    kept -= 1;
    line = cefLine(change, incident, events.slice(0, kept));
  }
  return line;
}
