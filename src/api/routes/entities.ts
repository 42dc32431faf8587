// The console's entity pages: an endpoint, and a remote party (an address or a domain) with who
// reached it, when and under which signatures.
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { windowParam, WINDOW_PARAMS } from '../console-params.ts';
import { ApiError } from '../errors.ts';
import type { Query } from '../params.ts';
import { ENDPOINT_PAGE, ref, REMOTE_PARTY_PAGE } from '../schemas/index.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

/** A host name: labels of letters (any script), digits, hyphens and underscores joined by dots. */
const DOMAIN = /^(?=.{1,253}$)[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?(?:\.[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?)*$/u;

const PARTY_QUERY = { type: 'object', properties: WINDOW_PARAMS } as const;
const PARTY_DESCRIPTION = 'Over the events in the window (all time when start_time and end_time are absent): the endpoints that reached it, '
  + 'when and how often, under which signatures, and the incidents naming it that were active in the window.';

export function entityRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/api/v1/entities/endpoints/:device_uid', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'An endpoint: names, addresses, first and last seen, events and incidents',
    params: { type: 'object', required: ['device_uid'], properties: { device_uid: { type: 'string' } } },
    responses: { 200: { description: 'The endpoint.', ...ref(ENDPOINT_PAGE) } },
    errors: { 404: 'No event ever named that device_uid.' },
  }), async (request) => {
    const deviceUid = (request.params as { device_uid: string }).device_uid;
    const summary = await store.endpointSummary(deviceUid);
    if (!summary) throw new ApiError(404, `no event has named the endpoint ${deviceUid}`);
    return summary;
  });

  app.get('/api/v1/entities/ips/:ip', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'A remote address (external_ip): who reached it, when, under which signatures',
    description: PARTY_DESCRIPTION,
    params: { type: 'object', required: ['ip'], properties: { ip: { type: 'string', description: 'An IPv4 or IPv6 address, as events carry it.' } } },
    querystring: PARTY_QUERY,
    responses: { 200: { description: 'The address.', ...ref(REMOTE_PARTY_PAGE) } },
    errors: { 400: 'Not an IP address, or a bad time.', 404: 'No event in the window has that external_ip.' },
  }), async (request) => {
    const ip = (request.params as { ip: string }).ip.trim();
    if (isIP(ip) === 0) throw new ApiError(400, `"${ip}" is not an IPv4 or IPv6 address`);
    const summary = await store.remotePartySummary({ ip }, windowParam(request.query as Query));
    if (!summary) throw new ApiError(404, `no event names the remote address ${ip}`);
    return { ip, ...summary };
  });

  app.get('/api/v1/entities/domains/:domain', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'A domain: who reached it, when, under which signatures',
    description: `${PARTY_DESCRIPTION} An event names the domain in data_source_url_domain (a whole URL there gives its host) or in the host of data_source_url.`,
    params: { type: 'object', required: ['domain'], properties: { domain: { type: 'string', description: 'A host name; case does not matter.' } } },
    querystring: PARTY_QUERY,
    responses: { 200: { description: 'The domain.', ...ref(REMOTE_PARTY_PAGE) } },
    errors: { 400: 'Not a host name, or a bad time.', 404: 'No event in the window names that domain.' },
  }), async (request) => {
    const domain = (request.params as { domain: string }).domain.trim().toLowerCase().replace(/\.$/, '');
    if (!DOMAIN.test(domain)) throw new ApiError(400, `"${domain}" is not a host name`);
    const summary = await store.remotePartySummary({ domain }, windowParam(request.query as Query));
    if (!summary) throw new ApiError(404, `no event names the domain ${domain}`);
    return { domain, ...summary };
  });
}
