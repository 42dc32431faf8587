// The service itself: health for load balancers and the OpenAPI document (/ is in ../console.ts).
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context.ts';
import { protectedRoute, publicRoute } from './route-options.ts';

export function serviceRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/healthz', publicRoute({
    tags: ['Service'],
    summary: 'Health check',
    responses: { 200: { description: 'The server is up.', type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
  }), async () => ({ status: 'ok' }));

  // Authenticated like every other surface: the document maps the whole API.
  app.get('/api/docs', protectedRoute(store, 'read', {
    tags: ['Service'],
    summary: 'This OpenAPI 3 document',
    description: 'Generated from the route schemas.',
    responses: { 200: { description: 'The OpenAPI document.', type: 'object', additionalProperties: true } },
  }), async () => app.swagger());
}
