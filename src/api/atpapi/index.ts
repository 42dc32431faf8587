// The Symantec EDR compatible API under /atpapi/v2 (the OAuth token endpoint lives in routes/oauth-token.ts).
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../routes/context.ts';
import { atpActivityRoutes } from './activity.ts';
import { atpEventRoutes } from './events.ts';
import { atpIncidentRoutes } from './incidents.ts';

export function atpapiRoutes(app: FastifyInstance, context: RouteContext): void {
  atpIncidentRoutes(app, context);
  atpEventRoutes(app, context);
  atpActivityRoutes(app, context);
}
