// Every call to the Vigil API: same-origin with the HttpOnly session cookie, the CSRF token on
// every write, and errors as ApiError with the server's message (and the query position when a
// query could not be read).
import type { IncidentComment, Incident } from './model.ts';
import type {
  DisplayEvent, EndpointEntity, Histogram, IncidentDetail, LoginAnswer, Page, RawEvent, RemoteEntity, Session, StatsOverview, Timeline,
} from './types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly position?: number, readonly expected?: string) {
    super(message);
  }
}

let csrfToken: string | undefined;
const sessionLostListeners = new Set<() => void>();

/** Called when the server answers 401: the session expired or was ended elsewhere. */
export function onSessionLost(listener: () => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export type Params = Record<string, string | number | undefined | null>;

export function withParams(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

interface RequestOptions { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown; signal?: AbortSignal }

async function request<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'The Vigil server cannot be reached. Check that it is running and the network is up.');
  }
  const text = await response.text();
  let answer: unknown;
  try {
    answer = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(response.status, `The server answered ${response.status} with something that is not JSON.`);
  }
  if (!response.ok) {
    const error = (answer ?? {}) as { message?: string; position?: number; expected?: string };
    if (response.status === 401 && !path.endsWith('/auth/login')) for (const listener of sessionLostListeners) listener();
    throw new ApiError(response.status, error.message ?? `The server answered ${response.status}.`, error.position, error.expected);
  }
  return answer as T;
}

const get = <T>(path: string, params?: Params, signal?: AbortSignal) => request<T>(withParams(path, params), { signal });
const id = encodeURIComponent;

export const api = {
  async session(signal?: AbortSignal): Promise<Session> {
    const session = await get<Session>('/api/v1/auth/session', undefined, signal);
    csrfToken = session.csrf_token;
    return session;
  },
  /** Logs in (the server sets the cookie) and answers the session as GET /auth/session describes it. */
  async login(username: string, password: string): Promise<Session> {
    await request<LoginAnswer>('/api/v1/auth/login', { method: 'POST', body: { username, password } });
    return api.session();
  },
  async logout(): Promise<void> {
    await request<void>('/api/v1/auth/logout', { method: 'POST' });
    csrfToken = undefined;
  },

  incidents: (params: Params, signal?: AbortSignal) => get<Page<Incident>>('/api/v1/incidents', params, signal),
  incident: (incidentId: string, signal?: AbortSignal) => get<IncidentDetail>(`/api/v1/incidents/${id(incidentId)}`, undefined, signal),
  incidentTimeline: (incidentId: string, signal?: AbortSignal) => get<Timeline>(`/api/v1/incidents/${id(incidentId)}/timeline`, { buckets: 60 }, signal),
  comments: (incidentId: string, signal?: AbortSignal) => get<Page<IncidentComment>>(`/api/v1/incidents/${id(incidentId)}/comments`, { limit: 100 }, signal),
  changeIncident: (incidentId: string, change: { state?: number; resolution?: number; assignee?: string | null }) =>
    request<Incident>(`/api/v1/incidents/${id(incidentId)}`, { method: 'PATCH', body: change }),
  comment: (incidentId: string, comment: string) => request<IncidentComment>(`/api/v1/incidents/${id(incidentId)}/comments`, { method: 'POST', body: { comment } }),

  /** Events as the detail view shows them. */
  displayEvents: (params: Params, signal?: AbortSignal) => get<Page<DisplayEvent>>('/api/v1/events', { ...params, view: 'display' }, signal),
  rawEvents: (params: Params, signal?: AbortSignal) => get<Page<RawEvent>>('/api/v1/events', params, signal),
  displayEvent: (uuid: string, signal?: AbortSignal) => get<DisplayEvent>(`/api/v1/events/${id(uuid)}`, { view: 'display' }, signal),
  rawEvent: (uuid: string, signal?: AbortSignal) => get<RawEvent>(`/api/v1/events/${id(uuid)}`, undefined, signal),
  histogram: (params: Params, signal?: AbortSignal) => get<Histogram>('/api/v1/events/histogram', { buckets: 60, ...params }, signal),

  overview: (params: Params, signal?: AbortSignal) => get<StatsOverview>('/api/v1/stats/overview', params, signal),
  endpoint: (deviceUid: string, signal?: AbortSignal) => get<EndpointEntity>(`/api/v1/entities/endpoints/${id(deviceUid)}`, undefined, signal),
  remoteIp: (ip: string, signal?: AbortSignal) => get<RemoteEntity>(`/api/v1/entities/ips/${id(ip)}`, undefined, signal),
  remoteDomain: (domain: string, signal?: AbortSignal) => get<RemoteEntity>(`/api/v1/entities/domains/${id(domain)}`, undefined, signal),
};
