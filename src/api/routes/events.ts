// Reading events: the query language (`q`), field=value filters (any parameter that is not
// reserved filters by equality), a time range and cursor paging.
import type { FastifyInstance } from 'fastify';
import { renderEventForDisplay } from '../../ingest/index.ts';
import { requireAction } from '../authn.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { cursorParam, limitParam, queryLanguageParam, single, timeParam, type Query } from '../params.ts';
import type { RouteContext } from './context.ts';

const RESERVED = new Set(['q', 'from', 'to', 'limit', 'next', 'order', 'incident', 'view']);

export function eventRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const read = { onRequest: requireAction(store, 'read') };

  app.get('/api/v1/events', read, async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const equals: Record<string, string> = {};
    for (const [field, value] of Object.entries(query)) {
      if (RESERVED.has(field) || value === undefined) continue;
      if (Array.isArray(value)) throw new ApiError(400, `give ${field} once`);
      equals[field] = value;
    }
    const order = single(query, 'order');
    if (order !== undefined && order !== 'asc' && order !== 'desc') throw new ApiError(400, 'order must be asc or desc');
    const display = single(query, 'view') === 'display';
    const page = await store.listEvents(
      { from: timeParam(query, 'from'), to: timeParam(query, 'to'), incident: single(query, 'incident'), equals, order, query: queryLanguageParam(query, cursor) },
      { offset: cursor.offset, limit: limitParam(query, 100, 1000) },
    );
    return pageEnvelope(display ? page.result.map(renderEventForDisplay) : page.result, page.total, cursor);
  });

  app.get('/api/v1/events/:uuid', read, async (request) => {
    const event = await store.getEvent((request.params as { uuid: string }).uuid);
    if (!event) throw new ApiError(404, 'no event with that event_uuid');
    return single(request.query as Query, 'view') === 'display' ? renderEventForDisplay(event) : event;
  });

  app.get('/api/v1/endpoints', read, async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listEndpoints({ offset: cursor.offset, limit: limitParam(query, 100, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
