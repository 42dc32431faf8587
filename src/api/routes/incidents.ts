// The native incident API: list, read one with everything an analyst needs, change its state,
// resolution or assignee, and comment. Every change is audited.
import type { FastifyInstance } from 'fastify';
import { incidentDetail } from '../../incidents/index.ts';
import { INCIDENT_STATE, PRIORITY_LEVEL } from '../../model/index.ts';
import type { IncidentFilter } from '../../store/index.ts';
import { pageEnvelope, type Cursor } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { addComment, applyChange, findIncident, validateChange, validateComment, type RequestedChange } from '../incident-changes.ts';
import { codedListParam, cursorParam, limitParam, queryLanguageParam, single, timeParam, type Query } from '../params.ts';
import { COMMENT, EVENT, INCIDENT, INCIDENT_CHANGE, INCIDENT_DETAIL, pageOf, pagingParams, ref } from '../schemas/index.ts';
import { actorOf, type RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const SORT_FIELDS = ['time', 'updated', 'priority_level', 'atp_incident_id', 'last_event_seen'] as const;
const TIME_FIELDS = ['time', 'updated', 'first_event_seen', 'last_event_seen'] as const;
const INCIDENT_LIMITS = { fallback: 20, max: 1000 };
const EVENT_LIMITS = { fallback: 100, max: 1000 };
const COMMENT_LIMITS = { fallback: 20, max: 1000 };

const INCIDENT_ID = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'The uuid or the atp_incident_id.' } },
} as const;
const NO_INCIDENT = { 404: 'No incident with that uuid or atp_incident_id ("Specified uuid could not be found").' };

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
    createdBy: cursor.queryTime,
  };
}

export function incidentRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;
  app.get('/api/v1/incidents', protectedRoute(store, 'read', {
    tags: ['Incidents'],
    summary: 'List incidents',
    description: 'Newest first unless `sort` says otherwise.',
    querystring: {
      type: 'object',
      properties: {
        q: { type: 'string', description: 'The query language (docs/QUERY.md), e.g. `priority_level:HIGH AND state:Open`.' },
        state: { type: 'string', description: 'Comma-separated: open, waiting, in-progress, closed or codes 1–4.' },
        priority: { type: 'string', description: 'Comma-separated: low, medium, high or codes 1–3.' },
        from: { type: 'string', description: 'ISO-8601 or `now`, on `time_field`.' },
        to: { type: 'string', description: 'ISO-8601 or `now`, on `time_field`.' },
        time_field: { type: 'string', enum: TIME_FIELDS, default: 'time' },
        device_uid: { type: 'string' },
        sort: { type: 'string', enum: SORT_FIELDS.flatMap((field) => [field, `-${field}`]), description: 'A leading - sorts descending.' },
        ...pagingParams(INCIDENT_LIMITS),
      },
    },
    responses: { 200: { description: 'A page of incidents.', ...pageOf(ref(INCIDENT)) } },
    errors: { 400: 'A bad parameter or query.' },
  }), async (request) => {
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listIncidents(incidentFilter(query, cursor), { offset: cursor.offset, limit: limitParam(query, INCIDENT_LIMITS.fallback, INCIDENT_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.get('/api/v1/incidents/:id', protectedRoute(store, 'read', {
    tags: ['Incidents'],
    summary: 'Read one incident with its endpoints, explanation and first events',
    params: INCIDENT_ID,
    responses: { 200: { description: 'The incident.', ...ref(INCIDENT_DETAIL) } },
    errors: NO_INCIDENT,
  }), async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    return incidentDetail(store, incident, 100);
  });

  app.get('/api/v1/incidents/:id/events', protectedRoute(store, 'read', {
    tags: ['Incidents'],
    summary: "List an incident's events, oldest first",
    params: INCIDENT_ID,
    querystring: { type: 'object', properties: pagingParams(EVENT_LIMITS) },
    responses: { 200: { description: 'A page of events.', ...pageOf(ref(EVENT)) } },
    errors: { 400: 'A bad limit or cursor.', ...NO_INCIDENT },
  }), async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listEvents({ incident: incident.uuid, order: 'asc', committedBy: cursor.queryTime }, { offset: cursor.offset, limit: limitParam(query, EVENT_LIMITS.fallback, EVENT_LIMITS.max) });
    return pageEnvelope(page.result, page.total, cursor);
  });

  app.patch('/api/v1/incidents/:id', protectedRoute(store, 'write-incident', {
    tags: ['Incidents'],
    summary: "Change an incident's state, resolution or assignee",
    description: 'Audited. A closed incident is never reopened by new events.',
    params: INCIDENT_ID,
    body: ref(INCIDENT_CHANGE),
    responses: { 200: { description: 'The updated incident.', ...ref(INCIDENT) } },
    errors: { 400: 'A bad change.', ...NO_INCIDENT },
  }), async (request, reply) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const change = validateChange(incident, (request.body ?? {}) as RequestedChange);
    return reply.code(200).send(await applyChange(context, actorOf(request), incident, change));
  });

  app.post('/api/v1/incidents/:id/comments', protectedRoute(store, 'write-incident', {
    tags: ['Incidents'],
    summary: 'Comment on an incident',
    params: INCIDENT_ID,
    body: { type: 'object', required: ['comment'], properties: { comment: COMMENT.properties.comment } },
    responses: { 201: { description: 'The stored comment.', ...ref(COMMENT) } },
    errors: { 400: 'No text, or too long.', ...NO_INCIDENT },
  }), async (request, reply) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const comment = validateComment((request.body as { comment?: unknown } | undefined)?.comment);
    return reply.code(201).send(await addComment(context, actorOf(request), request.principal!, incident, comment));
  });

  app.get('/api/v1/incidents/:id/comments', protectedRoute(store, 'read', {
    tags: ['Incidents'],
    summary: "List an incident's comments, newest first",
    params: INCIDENT_ID,
    querystring: { type: 'object', properties: pagingParams(COMMENT_LIMITS) },
    responses: { 200: { description: 'A page of comments.', ...pageOf(ref(COMMENT)) } },
    errors: { 400: 'A bad limit or cursor.', ...NO_INCIDENT },
  }), async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listComments(incident.uuid, { offset: cursor.offset, limit: limitParam(query, COMMENT_LIMITS.fallback, COMMENT_LIMITS.max) }, cursor.queryTime);
    return pageEnvelope(page.result, page.total, cursor);
  });
}
