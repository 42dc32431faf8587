// The one-line incident summary: "<endpoint>: <what>" as the reference shows for one endpoint,
// "<n> endpoints: <what>" once several are involved. What it is: the techniques of an Advanced
// Attack Technique-style incident ("win-tfb8l7bi77h: PowerShell, Rundll32"), else the detection.
import type { Alert, TechniqueRef } from '../model/index.ts';

/** Technique names, each once, an id the catalog does not know shown as unknown. */
export function techniqueNames(techniques: readonly TechniqueRef[]): string {
  return [...new Set(techniques.map((technique) => technique.technique_name ?? `${technique.technique_uid} (unknown)`))].join(', ');
}

/** `techniques`: the incident's, when it has gathered more than the alert names. */
export function incidentSummary(alert: Alert, endpointCount: number, techniques = alert.techniques): string {
  const what = techniques?.length ? techniqueNames(techniques) : alert.attack?.technique_name ?? alert.threat_name ?? alert.description;
  if (endpointCount > 1) return `${endpointCount} endpoints: ${what}`;
  const { device_name, device_ip, device_uid } = alert.endpoint;
  return `${device_name ?? device_ip ?? device_uid ?? 'Unknown endpoint'}: ${what}`;
}
