// The Symantec EDR compatible API under /atpapi/v2 (the OAuth token endpoint lives in routes/oauth-token.ts).
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../routes/context.ts';
import { atpActivityRoutes } from './activity.ts';
import { atpCommandRoutes } from './commands.ts';
import { atpEntityRoutes } from './entities.ts';
import { atpEventRoutes } from './events.ts';
import { atpIncidentRoutes } from './incidents.ts';
import { atpPolicyRoutes } from './policies.ts';

export function atpapiRoutes(app: FastifyInstance, context: RouteContext): void {
  atpIncidentRoutes(app, context);
  atpEventRoutes(app, context);
  atpActivityRoutes(app, context);
  atpEntityRoutes(app, context);
  atpPolicyRoutes(app, context);
  atpCommandRoutes(app, context);
}
