// The native incident API: list, read one with everything an analyst needs, change its state,
// resolution or assignee, and comment. Every change is audited.
import type { FastifyInstance } from 'fastify';
import { explainIncident } from '../../incidents/index.ts';
import { INCIDENT_STATE, PRIORITY_LEVEL } from '../../model/index.ts';
import type { IncidentFilter } from '../../store/index.ts';
import { requireAction } from '../authn.ts';
import { pageEnvelope, type Cursor } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { addComment, applyChange, findIncident, validateChange, validateComment, type RequestedChange } from '../incident-changes.ts';
import { codedListParam, cursorParam, limitParam, queryLanguageParam, single, timeParam, type Query } from '../params.ts';
import { actorOf, type RouteContext } from './context.ts';

const SORT_FIELDS = ['time', 'updated', 'priority_level', 'atp_incident_id', 'last_event_seen'] as const;
const TIME_FIELDS = ['time', 'updated', 'first_event_seen', 'last_event_seen'] as const;

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ApiError(400, `${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function incidentFilter(query: Query, cursor: Cursor): IncidentFilter {
  const sortText = single(query, 'sort');
  const sortField = oneOf('sort', sortText?.replace(/^-/, ''), SORT_FIELDS);
  return {
    state: codedListParam(query, 'state', INCIDENT_STATE),
    priority_level: codedListParam(query, 'priority', PRIORITY_LEVEL),
    from: timeParam(query, 'from'),
    to: timeParam(query, 'to'),
    timeField: oneOf('time_field', single(query, 'time_field'), TIME_FIELDS),
    device_uid: single(query, 'device_uid'),
    query: queryLanguageParam(query, cursor),
    sort: sortField && { field: sortField, order: sortText?.startsWith('-') ? 'desc' : 'asc' },
  };
}

export function incidentRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const read = { onRequest: requireAction(store, 'read') };
  const write = { onRequest: requireAction(store, 'write-incident') };

  app.get('/api/v1/incidents', read, async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listIncidents(incidentFilter(query, cursor), { offset: cursor.offset, limit: limitParam(query, 20, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.get('/api/v1/incidents/:id', read, async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const endpoints = await store.incidentEndpoints(incident.uuid);
    const events = await store.listEvents({ incident: incident.uuid, order: 'asc' }, { offset: 0, limit: 100 });
    return { ...incident, endpoints, explanation: explainIncident(incident, endpoints), events: events.result, events_total: events.total };
  });

  app.get('/api/v1/incidents/:id/events', read, async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listEvents({ incident: incident.uuid, order: 'asc' }, { offset: cursor.offset, limit: limitParam(query, 100, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.patch('/api/v1/incidents/:id', write, async (request, reply) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const change = validateChange(incident, (request.body ?? {}) as RequestedChange);
    return reply.code(200).send(await applyChange(store, actorOf(request), incident, change));
  });

  app.post('/api/v1/incidents/:id/comments', write, async (request, reply) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const comment = validateComment((request.body as { comment?: unknown } | undefined)?.comment);
    return reply.code(201).send(await addComment(store, actorOf(request), request.principal!, incident, comment));
  });

  app.get('/api/v1/incidents/:id/comments', read, async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listComments(incident.uuid, { offset: cursor.offset, limit: limitParam(query, 20, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
