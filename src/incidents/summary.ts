// The one-line incident summary: "<endpoint>: <what>" as the reference shows for one endpoint,
// "<n> endpoints: <what>" once several are involved.
import type { Alert } from '../model/index.ts';

export function incidentSummary(alert: Alert, endpointCount: number): string {
  const what = alert.attack?.technique_name ?? alert.threat_name ?? alert.description;
  if (endpointCount > 1) return `${endpointCount} endpoints: ${what}`;
  const { device_name, device_ip, device_uid } = alert.endpoint;
  return `${device_name ?? device_ip ?? device_uid ?? 'Unknown endpoint'}: ${what}`;
}
