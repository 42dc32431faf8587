// /atpapi/v2 events and incidentevents: the query envelope over stored events, windowed on
// device_time. incidentevents is the same search (clients put `incident: <uuid>` in the query)
// with the incident endpoints' limits.
import type { FastifyInstance } from 'fastify';
import { requireAction } from '../authn.ts';
import { pageEnvelope } from '../cursor.ts';
import type { RouteContext } from '../routes/context.ts';
import { parseEnvelope, type LimitRule } from './envelope.ts';

const EVENT_LIMIT: LimitRule = { fallback: 100, max: 1000 };
// Siemplify sends limit 5000 to incidentevents; the EDR's maximum is 1000, so clamp rather than fail it.
const INCIDENT_EVENT_LIMIT: LimitRule = { fallback: 20, max: 1000, clampOverMax: true };

export function atpEventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const read = { onRequest: requireAction(store, 'read') };

  for (const [url, limitRule] of [['/atpapi/v2/events', EVENT_LIMIT], ['/atpapi/v2/incidentevents', INCIDENT_EVENT_LIMIT]] as const) {
    app.post(url, read, async (request) => {
      const envelope = parseEnvelope(request.body, limitRule);
      const page = await store.listEvents(
        { query: envelope.query, from: envelope.from, to: envelope.to },
        { offset: envelope.cursor.offset, limit: envelope.limit },
      );
      return pageEnvelope(page.result, page.total, envelope.cursor);
    });
  }
}
