// What a webhook sends: the change's kind and time, and the incident in the native API's shape
// (GET /api/v1/incidents/{id}) with its first events. A test delivery says which webhook it tests.
import type { IncidentChange, IncidentDetail } from '../incidents/index.ts';
import type { Webhook } from '../store/index.ts';

/** How many of the incident's first events a body carries (the API's GET gives 100). */
export const WEBHOOK_EVENT_LIMIT = 10;

export function incidentChangeBody(change: IncidentChange, incident: IncidentDetail): string {
  return JSON.stringify({ kind: change.kind, at: change.at, incident });
}

export function testBody(webhook: Webhook, at: string): string {
  return JSON.stringify({ kind: 'test', at, webhook: { id: webhook.id, url: webhook.url } });
}
