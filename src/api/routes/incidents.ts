// The native incident API: list, read one with everything an analyst needs, change its state,
// resolution or assignee, and comment. Every change is audited.
import type { FastifyInstance } from 'fastify';
import { recordAudit } from '../../auth/index.ts';
import { explainIncident } from '../../incidents/index.ts';
import { INCIDENT_STATE, PRIORITY_LEVEL, RESOLUTION, labelOf, parseCoded, type Incident } from '../../model/index.ts';
import type { IncidentFilter, Store } from '../../store/index.ts';
import { requireAction } from '../authn.ts';
import { pageEnvelope, type Cursor } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { codedListParam, cursorParam, limitParam, queryLanguageParam, single, timeParam, type Query } from '../params.ts';
import { actorOf, type RouteContext } from './context.ts';

const CLOSED = 4;
export const MAX_COMMENT_LENGTH = 512;
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

async function findIncident(store: Store, id: string): Promise<Incident> {
  const incident = await store.getIncident(/^\d+$/.test(id) ? Number(id) : id);
  if (!incident) throw new ApiError(404, `Specified uuid could not be found: no incident ${id}`);
  return incident;
}

function coded(field: string, catalog: typeof INCIDENT_STATE, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseCoded(catalog, value);
  if (!parsed.ok || !labelOf(catalog, parsed.code)) throw new ApiError(400, `${field}: ${parsed.ok ? `unknown code ${parsed.code}` : parsed.reason}`);
  return parsed.code;
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
    const body = (request.body ?? {}) as { state?: unknown; resolution?: unknown; assignee?: unknown };
    const state = coded('state', INCIDENT_STATE, body.state);
    const resolution = coded('resolution', RESOLUTION, body.resolution);
    if (body.assignee !== undefined && body.assignee !== null && typeof body.assignee !== 'string') throw new ApiError(400, 'assignee must be a username or null');
    if (state === undefined && resolution === undefined && body.assignee === undefined) throw new ApiError(400, 'send at least one of state, resolution, assignee');
    if (resolution !== undefined && (state ?? incident.state) !== CLOSED) throw new ApiError(400, 'resolution applies to a closed incident: send "state": 4 with it');
    const assignee = body.assignee as string | null | undefined;
    const updated = await store.updateIncident(incident.uuid, { state, resolution, assignee }, new Date().toISOString());
    if (!updated) throw new ApiError(404, `Specified uuid could not be found: no incident ${incident.uuid}`);
    const changes = [
      state === CLOSED && incident.state !== CLOSED ? 'Incident Closed Successfully.' : state !== undefined ? `Incident state changed to ${labelOf(INCIDENT_STATE, state)}.` : '',
      resolution !== undefined ? `Incident resolution set to ${labelOf(RESOLUTION, resolution)}.` : '',
      assignee !== undefined ? (assignee ? `Incident assigned to ${assignee}.` : 'Incident unassigned.') : '',
    ].filter(Boolean);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 2, feature: 'Incident', message: changes.join(' '),
      entity: { type: 'Incident', uid: incident.uuid, name: 'incident_management', data: { incident_management: { uuid: incident.uuid, atp_incident_id: incident.atp_incident_id, state, resolution, assignee } } },
    });
    return reply.code(200).send(updated);
  });

  app.post('/api/v1/incidents/:id/comments', write, async (request, reply) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const comment = (request.body as { comment?: unknown } | undefined)?.comment;
    if (typeof comment !== 'string' || comment.trim() === '') throw new ApiError(400, 'send {"comment": "..."} with some text');
    if (comment.length > MAX_COMMENT_LENGTH) throw new ApiError(400, `a comment is at most ${MAX_COMMENT_LENGTH} characters; this one has ${comment.length}`);
    const principal = request.principal!;
    const stored = { comment, time: new Date().toISOString(), user_id: principal.id, incident_responder_name: principal.name };
    await store.addComment(incident.uuid, stored);
    await recordAudit(store, actorOf(request), {
      kind: 'entity', id: 2, feature: 'Incident', message: 'Incident comment added.',
      entity: { type: 'Incident', uid: incident.uuid, name: 'incident_management', data: { incident_management: { uuid: incident.uuid, comment } } },
    });
    return reply.code(201).send(stored);
  });

  app.get('/api/v1/incidents/:id/comments', read, async (request) => {
    const incident = await findIncident(store, (request.params as { id: string }).id);
    const query = request.query as Query;
    const cursor = cursorParam(query);
    const page = await store.listComments(incident.uuid, { offset: cursor.offset, limit: limitParam(query, 20, 1000) });
    return pageEnvelope(page.result, page.total, cursor);
  });
}
