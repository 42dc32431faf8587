// GET /api/v1/stream: incident changes as server-sent events, for the console's live queue.
import type { FastifyInstance } from 'fastify';
import { authenticate } from '../../auth/index.ts';
import { can } from '../../model/index.ts';
import { bearerOrCookie } from '../authn.ts';
import { EVENT_STREAM_HEADERS, IncidentStream } from '../incident-stream.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

export function streamRoutes(app: FastifyInstance, { store, incidentFeed }: RouteContext): void {
  const stream = new IncidentStream(store, incidentFeed, (error) => app.log.error({ err: error }, 'incident stream'));
  // Open streams never end by themselves: the server's close would wait for them forever.
  app.addHook('preClose', (done) => {
    stream.closeAll();
    done();
  });

  app.get('/api/v1/stream', protectedRoute(store, 'read', {
    tags: ['Console'],
    summary: 'Incident changes as they are committed (server-sent events)',
    description: 'A `text/event-stream` that stays open. Each change is an event named `incident` whose data is the JSON '
      + '`{"kind": "created"|"updated"|"closed", "uuid", "at", "incident": <as GET /api/v1/incidents/{id} answers it>}`; '
      + 'changes of one incident made while the previous one is being sent are sent once. A `: keep-alive` comment comes every 15 s; '
      + 'the stream ends when the credential stops being valid (logout, expiry) and is dropped when the client stops reading. '
      + 'Works with the session cookie (EventSource) and with a bearer token.',
    produces: ['text/event-stream'],
    responses: { 200: { description: 'The stream of events.', type: 'string' } },
  }), async (request, reply) => {
    // HEAD (which fastify answers with this handler) has no body to keep open.
    if (request.method === 'HEAD') return reply.headers(EVENT_STREAM_HEADERS).send();
    // The hook before this handler authenticated exactly this credential.
    const { secret } = bearerOrCookie(request)!;
    reply.hijack();
    stream.open(reply.raw, async () => {
      const principal = await authenticate(store, secret);
      return principal !== undefined && can(principal.role, 'read');
    });
  });
}
