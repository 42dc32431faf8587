// Reading events: the query language (`q`), field=value filters (any parameter that is not
// reserved filters by equality), a time range and cursor paging.
import type { FastifyInstance } from 'fastify';
import { renderEventForDisplay } from '../../ingest/index.ts';
import { parseTime } from '../../model/index.ts';
import { isFilterFieldPath } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, queryLanguageParam, single, timeParam, type Query } from '../params.ts';
import { ENDPOINT, EVENT, EVENT_DISPLAY, pageOf, pagingParams, ref } from '../schemas/index.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const RESERVED = new Set(['q', 'from', 'to', 'limit', 'next', 'order', 'incident', 'view']);
const LIST_LIMITS = { fallback: 100, max: 1000 };
/** The one equality filter whose value the store reads as a time rather than comparing it as given. */
const TIME_FILTER = 'device_time';

const VIEW_PARAM = { type: 'string', enum: ['display'], description: 'Render as the EDR console\'s detail view does.' } as const;
const EVENT_OR_DISPLAY = { anyOf: [ref(EVENT), ref(EVENT_DISPLAY)] };

/**
 * Every unreserved parameter as a field = value filter, refused with 400 when the store could not
 * take it. No prototype: "__proto__" is a field name here (ingest keeps it as data), and assigning
 * it to a plain object would drop the filter and answer unfiltered.
 */
function equalityFilters(query: Query): Record<string, string> {
  const equals: Record<string, string> = Object.create(null);
  for (const [field, value] of Object.entries(query)) {
    if (RESERVED.has(field) || value === undefined) continue;
    if (Array.isArray(value)) throw new ApiError(400, `give ${field} once`);
    if (!isFilterFieldPath(field)) {
      throw new ApiError(400, `${JSON.stringify(field)} is not a field to filter on: use names of letters, digits and underscores joined by dots, such as mitre.tactic`);
    }
    if (field === TIME_FILTER) {
      const time = parseTime(value);
      if (!time.ok) throw new ApiError(400, `${field}: ${time.reason}`);
      equals[field] = time.iso;
    } else equals[field] = value;
  }
  return equals;
}

export function eventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/api/v1/events', protectedRoute(store, 'read', {
    tags: ['Events'],
    summary: 'Search events',
    description: 'Newest first. Any parameter not listed filters by equality on that field, dotted paths included: '
      + '`?external_ip=192.0.2.100&mitre.tactic=Command%20and%20Control`.',
    querystring: {
      type: 'object',
      additionalProperties: { type: 'string' },
      properties: {
        q: { type: 'string', description: 'The query language (docs/QUERY.md); a syntax error answers 400 with `position` and `expected`.' },
        from: { type: 'string', description: 'device_time from (inclusive): ISO-8601 or `now`.' },
        to: { type: 'string', description: 'device_time to (inclusive): ISO-8601 or `now`.' },
        incident: { type: 'string', description: 'Only the events of this incident (uuid).' },
        order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
        view: VIEW_PARAM,
        ...pagingParams(LIST_LIMITS),
      },
    },
    responses: { 200: { description: 'A page of events (EventDisplay with `view=display`).', ...pageOf(EVENT_OR_DISPLAY) } },
    errors: { 400: 'A bad parameter or query.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const equals = equalityFilters(query);
    const order = single(query, 'order');
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw new ApiError(400, 'order must be asc or desc');
    const display = single(query, 'view') === 'display';
    const page = await store.listEvents(
      {
        from: timeParam(query, 'from'), to: timeParam(query, 'to'), incident: single(query, 'incident'), equals, order, query: queryLanguageParam(query, cursor),
        committedBy: cursor.queryTime,
      },
      { offset: cursor.offset, limit: limitParam(query, LIST_LIMITS.fallback, LIST_LIMITS.max) },
    );
    return pageEnvelope(display ? page.result.map(renderEventForDisplay) : page.result, page.total, cursor);
  });

  app.get('/api/v1/events/:uuid', protectedRoute(store, 'read', {
    tags: ['Events'],
    summary: 'Read one event',
    params: { type: 'object', required: ['uuid'], properties: { uuid: { type: 'string', description: 'The event_uuid.' } } },
    querystring: { type: 'object', properties: { view: VIEW_PARAM } },
    responses: { 200: { description: 'The event (EventDisplay with `view=display`).', ...EVENT_OR_DISPLAY } },
    errors: { 404: 'No event with that event_uuid.' },
  }), async (request) => {
    const event = await store.getEvent((request.params as { uuid: string }).uuid);
    if (!event) throw new ApiError(404, 'no event with that event_uuid');
    return single(request.query as Query, 'view') === 'display' ? renderEventForDisplay(event) : event;
  });

  app.get('/api/v1/endpoints', protectedRoute(store, 'read', {
    tags: ['Events'],
    summary: 'List the endpoints seen in events',
    querystring: { type: 'object', properties: pagingParams(LIST_LIMITS) },
    responses: { 200: { description: 'A page of endpoints.', ...pageOf(ref(ENDPOINT)) } },
    errors: { 400: 'A bad limit or cursor.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listEndpoints({ offset: cursor.offset, limit: limitParam(query, LIST_LIMITS.fallback, LIST_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
