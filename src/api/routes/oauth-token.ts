// POST /atpapi/oauth2/tokens: the OAuth2 client credentials grant as Symantec EDR clients send it
// (HTTP Basic client_id:client_secret, form body grant_type=client_credentials[&scope=…]).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { issueOAuthToken, OAUTH_TOKEN_SECONDS, recordAudit, verifyOAuthClient } from '../../auth/index.ts';
import { errorBody } from '../errors.ts';
import { describeRoute, OAUTH_TOKEN, ref } from '../schemas/index.ts';
import type { RouteContext } from './context.ts';

const FORM = 'application/x-www-form-urlencoded';

function basicCredentials(request: FastifyRequest): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : undefined;
}

/** OAuth2 errors keep Vigil's {status, error, message} shape, with the RFC 6749 code leading the message. */
function oauthError(reply: FastifyReply, status: 400 | 401, code: string, detail: string) {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="vigil"');
  return reply.code(status).send(errorBody(status, `${code}: ${detail}`));
}

export function oauthTokenRoutes(app: FastifyInstance, { store }: RouteContext): void {
  // Encapsulated so that the form parser, which fastify lacks, serves this route alone.
  app.register(async (scope) => {
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    scope.post('/atpapi/oauth2/tokens', {
      schema: describeRoute('client-credentials', {
        tags: ['Symantec EDR API'],
        summary: 'Get an OAuth token (client credentials grant)',
        description: `Symantec EDR integrations exchange an OAuth client's id and secret for a bearer token that lives ${OAUTH_TOKEN_SECONDS / 60} minutes. Audited.`,
        consumes: [FORM],
        body: {
          type: 'object',
          required: ['grant_type'],
          properties: { grant_type: { type: 'string', enum: ['client_credentials'] }, scope: { type: 'string', description: 'Ignored.' } },
        },
        responses: { 200: { description: 'The token.', ...ref(OAUTH_TOKEN) } },
        errors: {
          400: '"invalid_request: …" without grant_type, "unsupported_grant_type: …" for another.',
          401: '"invalid_client: …": no Basic credentials, an unknown client or a wrong secret.',
        },
      }),
    }, async (request, reply) => {
      const credentials = basicCredentials(request);
      const client = credentials && (await verifyOAuthClient(store, credentials.clientId, credentials.secret));
      const grantType = (request.body as Record<string, unknown> | undefined)?.grant_type;
      const actor = { name: client?.name ?? credentials?.clientId ?? 'anonymous', uid: client ? `oauth:${client.id}` : 'unknown', ip: request.ip };
      const audit = (ok: boolean, message: string) => recordAudit(store, actor, { kind: 'session', id: 1, feature: 'OAuth', ok, message });

      if (!client) {
        await audit(false, credentials ? `Failed OAuth token request for client ${credentials.clientId}.` : 'OAuth token request without client credentials.');
        return oauthError(reply, 401, 'invalid_client', credentials
          ? 'unknown client or wrong secret'
          : 'send the client_id and client_secret as HTTP Basic credentials');
      }
      if (grantType !== 'client_credentials') {
        await audit(false, `OAuth token request by client ${client.name} with unsupported grant type ${String(grantType)}.`);
        return grantType === undefined
          ? oauthError(reply, 400, 'invalid_request', `send grant_type=client_credentials as ${FORM}`)
          : oauthError(reply, 400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');
      }
      const token = await issueOAuthToken(store, client);
      await audit(true, `OAuth token issued to client ${client.name}.`);
      return { access_token: token.access_token, token_type: 'Bearer', expires_in: OAUTH_TOKEN_SECONDS };
    });
  });
}
