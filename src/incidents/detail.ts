// One incident with everything an analyst needs: its endpoints, the explanation, the ATT&CK
// attribution and its first events. GET /api/v1/incidents/{id} answers it; webhooks send it.
import { attributeIncident, type AttributionRecord } from '../enrich/index.ts';
import type { EdrEvent, Incident, IncidentEndpointSummary } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { explainIncident } from './explain.ts';

export interface IncidentDetail extends Incident {
  endpoints: IncidentEndpointSummary[];
  explanation: string;
  attribution: AttributionRecord[];
  /** The first `eventLimit` events, oldest first. */
  events: EdrEvent[];
  events_total: number;
}

export async function incidentDetail(store: Store, incident: Incident, eventLimit: number): Promise<IncidentDetail> {
  const endpoints = await store.incidentEndpoints(incident.uuid);
  const events = await store.listEvents({ incident: incident.uuid, order: 'asc' }, { offset: 0, limit: eventLimit });
  return {
    ...incident, endpoints, explanation: explainIncident(incident, endpoints), attribution: attributeIncident(incident), events: events.result, events_total: events.total,
  };
}
