// The HTTP server: native /api/v1, the /atpapi compatible API and the analyst console at /.
import cookie from '@fastify/cookie';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { IncidentFeed } from '../incidents/index.ts';
import { BodyParseError, parseBody } from '../ingest/index.ts';
import { LineIngest } from '../ingest/listeners/index.ts';
import type { SigmaRuleSet } from '../detect/index.ts';
import { QueueFullError, type Pipeline } from '../pipeline/index.ts';
import type { Store } from '../store/index.ts';
import { atpapiRoutes } from './atpapi/index.ts';
import { registerConsole } from './console.ts';
import { ApiError, errorBody } from './errors.ts';
import { answerOverlongParam, MAX_PATH_PARAM_LENGTH } from './path-params.ts';
import { asApiError } from './params.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import type { RouteContext } from './routes/context.ts';
import { eventRoutes } from './routes/events.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { entityRoutes } from './routes/entities.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { ingestSourceRoutes } from './routes/ingest-sources.ts';
import { oauthTokenRoutes } from './routes/oauth-token.ts';
import { responseRoutes } from './routes/response.ts';
import { ruleRoutes } from './routes/rules.ts';
import { serviceRoutes } from './routes/service.ts';
import { statsRoutes } from './routes/stats.ts';
import { streamRoutes } from './routes/stream.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { addSecurityHeaders, securityHeaders } from './security-headers.ts';
import { registerOpenApi } from './openapi.ts';

export interface ServerOptions {
  store: Store;
  pipeline: Pipeline;
  /** Largest accepted ingest body in bytes (default 10 MB). */
  ingestBodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  https?: { cert: Buffer; key: Buffer };
  /** The feed the pipeline announces to; API changes are announced on it too. */
  incidentFeed?: IncidentFeed;
  /** Lines in wire formats, with the syslog listeners' counters and the dead letters' bound. */
  lineIngest?: LineIngest;
  /** The Sigma rules the pipeline runs: an enable/disable through the API rebuilds them at once. */
  sigmaRules?: SigmaRuleSet;
}

export const DEFAULT_INGEST_BODY_LIMIT = 10 * 1024 * 1024;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const tls = Boolean(options.https);
  const app = (Fastify as unknown as (options: FastifyServerOptions & { https?: unknown }) => FastifyInstance)({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    https: options.https,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: routerErrorAnswer(tls),
  });
  const context: RouteContext = {
    store: options.store,
    pipeline: options.pipeline,
    tls,
    ingestBodyLimit: options.ingestBodyLimit ?? DEFAULT_INGEST_BODY_LIMIT,
    incidentFeed: options.incidentFeed ?? new IncidentFeed(),
    lineIngest: options.lineIngest ?? new LineIngest({ store: options.store, pipeline: options.pipeline }),
  };

  await app.register(cookie);
  acceptEmptyJsonBodies(app);
  // Before any route: the document is made from the routes registered after it.
  await registerOpenApi(app);
  addSecurityHeaders(app, tls);

  app.setErrorHandler((thrown: Error & { statusCode?: number; code?: string }, request, reply) => {
    // A query can parse and still be wrong for its fields ("severity:>"): the store finds out, and it is a 400 too.
    const error = asApiError(thrown) as typeof thrown;
    if (error instanceof ApiError) return reply.code(error.status).send(errorBody(error.status, error.message, error.details));
    if (error instanceof QueueFullError) {
      return reply.code(429).header('retry-after', String(error.retryAfterSeconds)).send(errorBody(429, error.message));
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit ?? context.ingestBodyLimit;
      return reply.code(413).send(errorBody(413, `the body is larger than the limit of ${limit} bytes: send smaller batches`));
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send(errorBody(500, 'internal error; the server log has the details'));
    }
    return reply.code(status).send(errorBody(status, error.message));
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody(404, `no such endpoint: ${request.method} ${request.url.split('?')[0]}`)));

  serviceRoutes(app, context);
  authRoutes(app, context);
  ingestRoutes(app, context);
  ingestSourceRoutes(app, context);
  deadLetterRoutes(app, context);
  eventRoutes(app, context);
  incidentRoutes(app, context);
  statsRoutes(app, context);
  entityRoutes(app, context);
  streamRoutes(app, context);
  adminRoutes(app, context);
  webhookRoutes(app, context);
  responseRoutes(app, context);
  ruleRoutes(app, context, options.sigmaRules);
  oauthTokenRoutes(app, context);
  atpapiRoutes(app, context);
  await registerConsole(app);
  return app;
}

/**
 * The router's refusals (before any route runs) in the API's error shape rather than fastify's,
 * with the headers every other answer carries (the onSend hook does not run for them).
 */
function routerErrorAnswer(tls: boolean) {
  const headers = securityHeaders(tls);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.headers(headers);
    answerRouterError(error, request, reply);
  };
}

function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  if (error.code === 'FST_ERR_BAD_URL') {
    reply.code(400).send(errorBody(400, `the path ${path} is not valid percent-encoding: encode each id with encodeURIComponent`));
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    answerOverlongParam(reply, path);
  } else {
    request.log.error({ err: error }, 'routing failed');
    reply.code(500).send(errorBody(500, 'internal error; the server log has the details'));
  }
}

/**
 * An empty body sent as application/json means "no body": Siemplify's EDR connector sets that
 * content type on every request, DELETEs included, and fastify would refuse them with 400.
 * Anything else goes to fastify's own parser, with its prototype-poisoning protection; when that
 * refuses a body, ingest's JSON reader says why and where, as ingest itself answers.
 */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, (refusal, value) => done(refusal ? jsonBodyError(text, refusal) : null, value));
  });
}

/** Why fastify's parser refused `text`: a syntax error with its line and column, or else a prototype-poisoning key. */
function jsonBodyError(text: string, refusal: Error): Error {
  try {
    parseBody(text, 'application/json');
  } catch (error) {
    if (error instanceof BodyParseError) {
      return new ApiError(400, `malformed JSON at line ${error.line}, column ${error.column}: ${error.reason}`, { line: error.line, column: error.column });
    }
    return refusal;
  }
  // Valid JSON that fastify's parser still refused: its only other check is prototype poisoning.
  return new ApiError(400, 'the JSON body has a "__proto__" key, or a "constructor" key holding "prototype": both are refused as prototype poisoning');
}
