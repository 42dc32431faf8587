// /atpapi/v2 events and incidentevents: the query envelope over stored events, windowed on
// device_time. incidentevents is the same search (clients put `incident: <uuid>` in the query)
// with the incident endpoints' limits.
import type { FastifyInstance } from 'fastify';
import type { EdrEvent } from '../../model/index.ts';
import { pageEnvelope } from '../cursor.ts';
import type { RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { ENVELOPE_ERRORS, EVENT, pageOf, queryEnvelope, ref } from '../schemas/index.ts';
import { parseEnvelope, type LimitRule } from './envelope.ts';

const EVENT_LIMIT: LimitRule = { fallback: 100, max: 1000 };
// Siemplify sends limit 5000 to incidentevents; the EDR's maximum is 1000, so clamp rather than fail it.
const INCIDENT_EVENT_LIMIT: LimitRule = { fallback: 20, max: 1000, clampOverMax: true };

/** The EDR's header fields the clients may read: `uuid` and the index name `log_name` (reference §5.2, §5.4). */
function toAtpEvent(event: EdrEvent, logPrefix: string): EdrEvent {
  return { ...event, uuid: event.uuid ?? event.event_uuid, log_name: event.log_name ?? `${logPrefix}-${event.device_time.slice(0, 10)}` };
}

export function atpEventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const searches = [
    { url: '/atpapi/v2/events', limitRule: EVENT_LIMIT, logPrefix: 'epmp_events', summary: 'Search events', description: 'Windowed on device_time.' },
    {
      url: '/atpapi/v2/incidentevents',
      limitRule: INCIDENT_EVENT_LIMIT,
      logPrefix: 'epmp_incident',
      summary: "Search incidents' events",
      description: 'The event search with the incident endpoints\' limits; select an incident\'s events with `"query": "incident: <uuid>"`.',
    },
  ];
  for (const { url, limitRule, logPrefix, summary, description } of searches) {
    app.post(url, protectedRoute(store, 'read', {
      tags: ['Symantec EDR API'],
      summary,
      description: `${description} Events are returned as stored, every field kept; the EDR's header fields uuid (the event_uuid) and log_name are added when the event has none.`,
      body: queryEnvelope(limitRule),
      responses: { 200: { description: 'A page of events.', ...pageOf(ref(EVENT)) } },
      errors: ENVELOPE_ERRORS,
    }), async (request) => {
      const envelope = parseEnvelope(request.body, limitRule);
      const page = await store.listEvents(
        { query: envelope.query, from: envelope.from, to: envelope.to, committedBy: envelope.cursor.queryTime },
        { offset: envelope.cursor.offset, limit: envelope.limit },
      );
      return pageEnvelope(page.result.map((event) => toAtpEvent(event, logPrefix)), page.total, envelope.cursor);
    });
  }
}
