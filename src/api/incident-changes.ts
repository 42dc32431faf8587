// Changing an incident and commenting on it, with their validation and audit events: shared by the
// native API (PATCH /api/v1/incidents/{id}) and the /atpapi PATCH ops so that both behave alike.
import type { Actor } from '../auth/index.ts';
import { recordAudit } from '../auth/index.ts';
import { INCIDENT_STATE, RESOLUTION, labelOf, parseCoded, type Incident, type IncidentComment, type Principal } from '../model/index.ts';
import type { Store } from '../store/index.ts';
import { ApiError } from './errors.ts';
import type { RouteContext } from './routes/context.ts';

/** Where a change is written and announced. */
type ChangeTarget = Pick<RouteContext, 'store' | 'incidentFeed'>;

const CLOSED = 4;
export const MAX_COMMENT_LENGTH = 512;

/** An incident by uuid or atp_incident_id; the 404 text is the one Siemplify looks for. */
export async function findIncident(store: Store, id: string): Promise<Incident> {
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

export interface RequestedChange { state?: unknown; resolution?: unknown; assignee?: unknown }
interface ValidChange { state?: number; resolution?: number; assignee?: string | null }

/** Checks a change against the incident without applying it, so that a batch can be refused whole. */
export function validateChange(incident: Incident, requested: RequestedChange): ValidChange {
  const state = coded('state', INCIDENT_STATE, requested.state);
  const resolution = coded('resolution', RESOLUTION, requested.resolution);
  const { assignee } = requested;
  if (assignee !== undefined && assignee !== null && typeof assignee !== 'string') throw new ApiError(400, 'assignee must be a username or null');
  if (state === undefined && resolution === undefined && assignee === undefined) throw new ApiError(400, 'send at least one of state, resolution, assignee');
  if (resolution !== undefined && (state ?? incident.state) !== CLOSED) throw new ApiError(400, 'resolution applies to a closed incident: send "state": 4 with it');
  return { state, resolution, assignee: assignee as string | null | undefined };
}

/** Applies a validated change, writes the audit event ("Incident Closed Successfully." on closing) and announces it. */
export async function applyChange({ store, incidentFeed }: ChangeTarget, actor: Actor, incident: Incident, change: ValidChange): Promise<Incident> {
  const { state, resolution, assignee } = change;
  const updated = await store.updateIncident(incident.uuid, change, new Date().toISOString());
  if (!updated) throw new ApiError(404, `Specified uuid could not be found: no incident ${incident.uuid}`);
  const messages = [
    state === CLOSED && incident.state !== CLOSED ? 'Incident Closed Successfully.' : state !== undefined ? `Incident state changed to ${labelOf(INCIDENT_STATE, state)}.` : '',
    resolution !== undefined ? `Incident resolution set to ${labelOf(RESOLUTION, resolution)}.` : '',
    assignee !== undefined ? (assignee ? `Incident assigned to ${assignee}.` : 'Incident unassigned.') : '',
  ].filter(Boolean);
  await recordAudit(store, actor, {
    kind: 'entity', id: 2, feature: 'Incident', message: messages.join(' '),
    entity: { type: 'Incident', uid: incident.uuid, name: 'incident_management', data: { incident_management: { uuid: incident.uuid, atp_incident_id: incident.atp_incident_id, state, resolution, assignee } } },
  });
  const closing = state === CLOSED && incident.state !== CLOSED;
  incidentFeed.publish({ kind: closing ? 'closed' : 'updated', uuid: incident.uuid, at: new Date().toISOString() });
  return updated;
}

export function validateComment(comment: unknown): string {
  if (typeof comment !== 'string' || comment.trim() === '') throw new ApiError(400, 'a comment needs some text');
  // Characters are code points: an emoji counts once, not as its two UTF-16 units.
  const characters = [...comment].length;
  if (characters > MAX_COMMENT_LENGTH) throw new ApiError(400, `a comment is at most ${MAX_COMMENT_LENGTH} characters; this one has ${characters}`);
  return comment;
}

/** Stores a validated comment by `principal`, audits it and announces the incident as updated. */
export async function addComment({ store, incidentFeed }: ChangeTarget, actor: Actor, principal: Principal, incident: Incident, comment: string): Promise<IncidentComment> {
  const stored = { comment, time: new Date().toISOString(), user_id: principal.id, incident_responder_name: principal.name };
  await store.addComment(incident.uuid, stored);
  await recordAudit(store, actor, {
    kind: 'entity', id: 2, feature: 'Incident', message: 'Incident comment added.',
    entity: { type: 'Incident', uid: incident.uuid, name: 'incident_management', data: { incident_management: { uuid: incident.uuid, comment } } },
  });
  incidentFeed.publish({ kind: 'updated', uuid: incident.uuid, at: stored.time });
  return stored;
}
