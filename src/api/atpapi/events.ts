// /atpapi/v2 events and incidentevents: the query envelope over stored events, windowed on
// device_time. incidentevents is the same search (clients put `incident: <uuid>` in the query)
// with the incident endpoints' limits.
import type { FastifyInstance } from 'fastify';
import { pageEnvelope } from '../cursor.ts';
import type { RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { ENVELOPE_ERRORS, EVENT, pageOf, queryEnvelope, ref } from '../schemas/index.ts';
import { parseEnvelope, type LimitRule } from './envelope.ts';

const EVENT_LIMIT: LimitRule = { fallback: 100, max: 1000 };
// Siemplify sends limit 5000 to incidentevents; the EDR's maximum is 1000, so clamp rather than fail it.
const INCIDENT_EVENT_LIMIT: LimitRule = { fallback: 20, max: 1000, clampOverMax: true };

export function atpEventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const searches = [
    { url: '/atpapi/v2/events', limitRule: EVENT_LIMIT, summary: 'Search events', description: 'Windowed on device_time.' },
    {
      url: '/atpapi/v2/incidentevents',
      limitRule: INCIDENT_EVENT_LIMIT,
      summary: "Search incidents' events",
      description: 'The event search with the incident endpoints\' limits; select an incident\'s events with `"query": "incident: <uuid>"`.',
    },
  ];
  for (const { url, limitRule, summary, description } of searches) {
    app.post(url, protectedRoute(store, 'read', {
      tags: ['Symantec EDR API'],
      summary,
      description: `${description} Events are returned as stored, every field kept.`,
      body: queryEnvelope(limitRule),
      responses: { 200: { description: 'A page of events.', ...pageOf(ref(EVENT)) } },
      errors: ENVELOPE_ERRORS,
    }), async (request) => {
      const envelope = parseEnvelope(request.body, limitRule);
      const page = await store.listEvents(
        { query: envelope.query, from: envelope.from, to: envelope.to, committedBy: envelope.cursor.queryTime },
        { offset: envelope.cursor.offset, limit: envelope.limit },
      );
      return pageEnvelope(page.result, page.total, envelope.cursor);
    });
  }
}
