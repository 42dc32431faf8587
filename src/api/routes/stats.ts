// The console's counts: the dashboard overview, the event search's histogram and an incident's
// timeline (events per endpoint over its lifetime).
import type { FastifyInstance } from 'fastify';
import { closedWindowParam, countParam, WINDOW_PARAMS } from '../console-params.ts';
import { findIncident } from '../incident-changes.ts';
import { asApiError, parseQueryText, single, type Query } from '../params.ts';
import { EVENT_HISTOGRAM, INCIDENT_TIMELINE, ref, STATS_OVERVIEW } from '../schemas/index.ts';
import { tacticView } from '../tactic-view.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const BUCKETS = { fallback: 60, max: 1000 };
const TOP = { fallback: 10, max: 50 };

const BUCKETS_PARAM = {
  type: 'integer', minimum: 1, maximum: BUCKETS.max, default: BUCKETS.fallback,
  description: 'About how many buckets (at most one more): the interval is the round one (1 s, 5 min, 1 h, 1 day…) that gives no more.',
} as const;

function bucketsParam(query: Query): number {
  return countParam(query, 'buckets', BUCKETS.fallback, BUCKETS.max);
}

export function statsRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/api/v1/stats/overview', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'The dashboard: open incidents, incidents over time, top signatures, endpoints and remote parties, ATT&CK tactics',
    description: 'Over the events whose device_time is in the window (default: the 30 days before end_time, which defaults to now) '
      + 'and the incidents active in it (their first event before its end, their last after its start).',
    querystring: {
      type: 'object',
      properties: {
        ...WINDOW_PARAMS,
        top: { type: 'integer', minimum: 1, maximum: TOP.max, default: TOP.fallback, description: 'Entries per top list.' },
        buckets: BUCKETS_PARAM,
      },
    },
    responses: { 200: { description: 'The figures.', ...ref(STATS_OVERVIEW) } },
    errors: { 400: 'A bad time, top or buckets.' },
  }), async (request) => {
    const query = request.query as Query;
    const window = closedWindowParam(query);
    const { incident_attacks: attacks, ...figures } = await store.overviewStats(window, {
      top: countParam(query, 'top', TOP.fallback, TOP.max), buckets: bucketsParam(query),
    });
    return { ...figures, tactics: tacticView(attacks) };
  });

  app.get('/api/v1/events/histogram', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'Events matching a query per time bucket',
    description: 'The window defaults to the 30 days before end_time, which defaults to now. `total` is what GET /api/v1/events '
      + 'answers as `total` for the same query and window.',
    querystring: {
      type: 'object',
      properties: {
        q: { type: 'string', description: 'The query language (docs/QUERY.md); a syntax error answers 400 with `position` and `expected`.' },
        ...WINDOW_PARAMS,
        buckets: BUCKETS_PARAM,
      },
    },
    responses: { 200: { description: 'The counts.', ...ref(EVENT_HISTOGRAM) } },
    errors: { 400: 'A bad query, time or buckets.' },
  }), async (request) => {
    const query = request.query as Query;
    const window = closedWindowParam(query);
    const buckets = bucketsParam(query);
    const parsed = parseQueryText(single(query, 'q'), { offset: 0, queryTime: new Date().toISOString() });
    try {
      return await store.eventHistogram({ ...window, query: parsed }, buckets);
    } catch (error) {
      throw asApiError(error);
    }
  });

  app.get('/api/v1/incidents/:id/timeline', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: "An incident's events per endpoint over its lifetime",
    description: 'From its first event to its last: a beaconing endpoint shows as evenly spaced busy buckets.',
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'The uuid or the atp_incident_id.' } } },
    querystring: { type: 'object', properties: { buckets: BUCKETS_PARAM } },
    responses: { 200: { description: 'The series.', ...ref(INCIDENT_TIMELINE) } },
    errors: { 400: 'A bad buckets.', 404: 'No incident with that uuid or atp_incident_id ("Specified uuid could not be found").' },
  }), async (request) => {
    const buckets = bucketsParam(request.query as Query);
    const incident = await findIncident(store, (request.params as { id: string }).id);
    return store.incidentTimeline(incident.uuid, { from: incident.first_event_seen, to: incident.last_event_seen }, buckets);
  });
}
