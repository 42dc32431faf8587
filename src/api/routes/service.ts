// The service itself: health for load balancers, the landing page, and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { LANDING_PAGE } from '../landing.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute, publicRoute } from './route-options.ts';

export function serviceRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/healthz', publicRoute({
    tags: ['Service'],
    summary: 'Health check',
    responses: { 200: { description: 'The server is up.', type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
  }), async () => ({ status: 'ok' }));

  app.get('/', publicRoute({
    tags: ['Service'],
    summary: 'Landing page',
    produces: ['text/html'],
    responses: { 200: { description: 'Where the API is and how to log in.', type: 'string' } },
  }), async (_request, reply) => reply.type('text/html; charset=utf-8').send(LANDING_PAGE));

  // Authenticated like every other surface: the document maps the whole API.
  app.get('/api/docs', protectedRoute(store, 'read', {
    tags: ['Service'],
    summary: 'This OpenAPI 3 document',
    description: 'Generated from the route schemas.',
    responses: { 200: { description: 'The OpenAPI document.', type: 'object', additionalProperties: true } },
  }), async () => app.swagger());
}
