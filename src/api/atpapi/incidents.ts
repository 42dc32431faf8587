// /atpapi/v2 incidents: query, PATCH ops (state, resolution, comments) and the comments of one
// incident, in the shapes Symantec EDR clients parse.
import type { FastifyInstance } from 'fastify';
import { toAtpIncident } from '../../model/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { addComment, applyChange, findIncident, validateChange, validateComment, type RequestedChange } from '../incident-changes.ts';
import { actorOf, type RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import { ATP_INCIDENT, COMMENT, ENVELOPE_ERRORS, INCIDENT_PATCH_OPS, pageOf, queryEnvelope, ref } from '../schemas/index.ts';
import { parseEnvelope } from './envelope.ts';

const INCIDENT_LIMIT = { fallback: 20, max: 1000 };

interface PatchOp { op: string; path: string; value: unknown }
const OP_PATH = /^\/([^/]+)\/(state|resolution|comments)$/;

/** One incident's share of a PATCH body: its state/resolution change and comments to add. */
interface IncidentOps { change: RequestedChange; comments: unknown[] }

function groupOps(body: unknown): Map<string, IncidentOps> {
  if (!Array.isArray(body) || body.length === 0) throw new ApiError(400, 'send a JSON array of ops such as [{"op": "replace", "path": "/<uuid>/state", "value": 4}]');
  const byUuid = new Map<string, IncidentOps>();
  for (const [index, op] of (body as PatchOp[]).entries()) {
    const match = OP_PATH.exec(typeof op?.path === 'string' ? op.path : '');
    if (!match) throw new ApiError(400, `path must be /<uuid>/state, /<uuid>/resolution or /<uuid>/comments, got ${JSON.stringify(op?.path ?? null)}`);
    const [, uuid, field] = match;
    const expectedOp = field === 'comments' ? 'add' : 'replace';
    if (op.op !== expectedOp) throw new ApiError(400, `${op.path} takes "op": "${expectedOp}"`);
    // Without this a missing value read as "no change": 204, and the client thought it had closed the incident.
    if (!Object.hasOwn(op, 'value')) throw new ApiError(400, `ops[${index}].value is required: the ${field === 'comments' ? 'comment text' : `new ${field}`} for ${op.path}`);
    const ops = byUuid.get(uuid) ?? { change: {}, comments: [] };
    if (field === 'comments') ops.comments.push(op.value);
    else ops.change[field as 'state' | 'resolution'] = op.value;
    byUuid.set(uuid, ops);
  }
  return byUuid;
}

const NO_INCIDENT = { 404: 'No incident with that uuid ("Specified uuid could not be found").' };

export function atpIncidentRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;
  app.post('/atpapi/v2/incidents', protectedRoute(store, 'read', {
    tags: ['Symantec EDR API'],
    summary: 'Search incidents',
    description: 'Windowed on `time` (creation).',
    body: queryEnvelope(INCIDENT_LIMIT),
    responses: { 200: { description: 'A page of incidents.', ...pageOf(ref(ATP_INCIDENT)) } },
    errors: ENVELOPE_ERRORS,
  }), async (request) => {
    const envelope = parseEnvelope(request.body, INCIDENT_LIMIT);
    const page = await store.listIncidents(
      // createdBy: an explicit end_time past the query time must not let new incidents shift the pages.
      { query: envelope.query, from: envelope.from, to: envelope.to, timeField: 'time', createdBy: envelope.cursor.queryTime },
      { offset: envelope.cursor.offset, limit: envelope.limit },
    );
    return pageEnvelope(page.result.map(toAtpIncident), page.total, envelope.cursor);
  });

  app.patch('/atpapi/v2/incidents', protectedRoute(store, 'write-incident', {
    tags: ['Symantec EDR API'],
    summary: 'Change incidents: close, set a resolution, comment',
    description: 'Audited as in the native API; closing writes "Incident Closed Successfully.".',
    body: ref(INCIDENT_PATCH_OPS),
    responses: { 204: { description: 'Every op applied.', type: 'null' } },
    errors: { 400: 'A bad op; nothing was applied.', ...NO_INCIDENT },
  }), async (request, reply) => {
    // Everything is checked before anything is written, so a bad op leaves every incident as it was.
    const planned = [];
    for (const [uuid, ops] of groupOps(request.body)) {
      const incident = await findIncident(store, uuid);
      const hasChange = ops.change.state !== undefined || ops.change.resolution !== undefined;
      planned.push({ incident, change: hasChange ? validateChange(incident, ops.change) : undefined, comments: ops.comments.map(validateComment) });
    }
    const actor = actorOf(request);
    for (const { incident, change, comments } of planned) {
      if (change) await applyChange(context, actor, incident, change);
      for (const comment of comments) await addComment(context, actor, request.principal!, incident, comment);
    }
    return reply.code(204).send();
  });

  app.post('/atpapi/v2/incidents/:uuid/comments', protectedRoute(store, 'read', {
    tags: ['Symantec EDR API'],
    summary: "List an incident's comments",
    description: 'The envelope\'s times are checked but do not filter comments.',
    params: { type: 'object', required: ['uuid'], properties: { uuid: { type: 'string' } } },
    body: queryEnvelope(INCIDENT_LIMIT),
    responses: { 200: { description: 'A page of comments.', ...pageOf(ref(COMMENT)) } },
    errors: { ...ENVELOPE_ERRORS, ...NO_INCIDENT },
  }), async (request) => {
    const incident = await findIncident(store, (request.params as { uuid: string }).uuid);
    const envelope = parseEnvelope(request.body, INCIDENT_LIMIT);
    const page = await store.listComments(incident.uuid, { offset: envelope.cursor.offset, limit: envelope.limit }, envelope.cursor.queryTime);
    return pageEnvelope(page.result, page.total, envelope.cursor);
  });
}
