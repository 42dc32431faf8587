// OAuth2 client credentials over HTTP, as Symantec EDR integrations use them: the token request
// exactly as clients send it, Bearer use with the client's role, expiry and revocation, the
// invalid_client / unsupported_grant_type / invalid_token errors, management by admins, auditing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueOAuthToken } from '../../src/auth/index.ts';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { bearer, getJson, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

interface CreatedClient { client_id: string; client_secret: string; role: string; name: string }

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

describe('OAuth2 client credentials', () => {
  let vigil: TestVigil;
  let userClient: CreatedClient;
  let adminClient: CreatedClient;

  async function createClient(body: object, token = vigil.tokens.admin) {
    const response = await vigil.app.inject({ method: 'POST', url: '/api/v1/oauth-clients', headers: bearer(token), payload: body });
    return { status: response.statusCode, body: response.json() };
  }

  async function requestToken(headers: Record<string, string>, payload = 'grant_type=client_credentials&scope=customer') {
    const response = await vigil.app.inject({ method: 'POST', url: '/atpapi/oauth2/tokens', headers: { ...FORM_HEADERS, ...headers }, payload });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  }

  async function tokenOf(client: CreatedClient): Promise<string> {
    const { status, body } = await requestToken(basic(client.client_id, client.client_secret));
    assert.equal(status, 200);
    return body.access_token;
  }

  const closeIncident = (token: string) => vigil.app.inject({ method: 'PATCH', url: '/api/v1/incidents/100000', headers: bearer(token), payload: { state: 4, resolution: 'TEST' } });

  before(async () => {
    vigil = await startTestVigil();
    await postEvents(vigil, seedEvent());
    userClient = (await createClient({ role: 'user', name: 'XSOAR' })).body;
    adminClient = (await createClient({ role: 'admin' })).body;
  });
  after(() => vigil.destroy());

  test('admins create clients: 201 with the secret once; listing never shows secrets', async () => {
    const created = await createClient({ role: 'user', name: 'Phantom' });
    assert.equal(created.status, 201);
    assert.match(created.body.client_id, /^[0-9a-f]{32}$/);
    assert.match(created.body.client_secret, /^vgc_/);
    assert.equal(created.body.role, 'user');
    assert.equal(created.body.name, 'Phantom');
    const listed = await getJson(vigil, '/api/v1/oauth-clients', vigil.tokens.admin);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.result.map((client: { name: string }) => client.name), ['XSOAR', adminClient.client_id, 'Phantom']);
    assert.ok(!JSON.stringify(listed.body).includes('secret'));
  });

  test('only admins manage clients; bad roles are refused', async () => {
    assert.equal((await createClient({ role: 'user' }, vigil.tokens.analyst)).status, 403);
    assert.equal((await getJson(vigil, '/api/v1/oauth-clients', vigil.tokens.viewer)).status, 403);
    const bad = await createClient({ role: 'analyst' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /role must be one of admin, user/);
    assert.equal((await createClient({})).status, 400);
  });

  test('the token request as clients send it answers a Bearer token valid 60 minutes', async () => {
    const { status, body } = await requestToken(basic(userClient.client_id, userClient.client_secret));
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal((await requestToken(basic(userClient.client_id, userClient.client_secret), 'grant_type=client_credentials')).status, 200, 'scope is optional');
  });

  test('a user client reads but may not write; an admin client may', async () => {
    const userToken = await tokenOf(userClient);
    assert.equal((await getJson(vigil, '/api/v1/incidents', userToken)).status, 200);
    assert.equal((await getJson(vigil, '/api/v1/incidents/100000', userToken)).status, 200);
    const denied = await closeIncident(userToken);
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().status, 403);
    assert.equal((await createClient({ role: 'user' }, userToken)).status, 403);
    assert.equal((await closeIncident(await tokenOf(adminClient))).statusCode, 200);
  });

  test('an expired or unknown bearer token gets 401 with "Detail: invalid_token"', async () => {
    const client = (await vigil.store.findOAuthClient(userClient.client_id))!;
    const expired = await issueOAuthToken(vigil.store, client, new Date(Date.now() - 61 * 60_000));
    for (const token of [expired.access_token, 'vgo_not-a-token']) {
      const { status, body } = await getJson(vigil, '/api/v1/incidents', token);
      assert.equal(status, 401);
      assert.equal(body.error, 'Unauthorized');
      assert.match(body.message, /Detail: invalid_token/);
    }
  });

  test('a deleted client\'s tokens stop working', async () => {
    const doomed = (await createClient({ role: 'admin', name: 'doomed' })).body as CreatedClient;
    const token = await tokenOf(doomed);
    const remove = (id: string) => vigil.app.inject({ method: 'DELETE', url: `/api/v1/oauth-clients/${id}`, headers: bearer(vigil.tokens.admin) });
    assert.equal((await remove(doomed.client_id)).statusCode, 204);
    assert.equal((await getJson(vigil, '/api/v1/incidents', token)).status, 401);
    assert.equal((await requestToken(basic(doomed.client_id, doomed.client_secret))).status, 401);
    assert.equal((await remove(doomed.client_id)).statusCode, 404);
  });

  test('bad secret, unknown client or missing Basic credentials: 401 invalid_client', async () => {
    for (const headers of [basic(userClient.client_id, 'vgc_wrong'), basic('0'.repeat(32), userClient.client_secret), {}, bearer(vigil.tokens.admin)]) {
      const { status, body, headers: answer } = await requestToken(headers);
      assert.equal(status, 401);
      assert.deepEqual(Object.keys(body), ['status', 'error', 'message']);
      assert.equal(body.status, 401);
      assert.equal(body.error, 'Unauthorized');
      assert.match(body.message, /^invalid_client: /);
      assert.match(String(answer['www-authenticate']), /^Basic/);
    }
  });

  test('a grant type other than client_credentials: 400 unsupported_grant_type; none: 400 invalid_request', async () => {
    const credentials = basic(userClient.client_id, userClient.client_secret);
    const wrong = await requestToken(credentials, 'grant_type=password&username=a&password=b');
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.message, /^unsupported_grant_type: /);
    const missing = await requestToken(credentials, 'scope=customer');
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /^invalid_request: /);
  });

  test('token issues and failures (type_id 20) and client changes (type_id 21) are audited', async () => {
    const { body } = await getJson(vigil, '/api/v1/audit?limit=1000', vigil.tokens.admin);
    const oauth = body.result.filter((event: { feature_name: string }) => event.feature_name === 'OAuth');
    const issued = oauth.filter((event: { status_id: number }) => event.status_id === 1);
    const failed = oauth.filter((event: { status_id: number }) => event.status_id === 2);
    assert.ok(issued.length >= 5);
    assert.ok(failed.length >= 6);
    assert.ok(oauth.every((event: { type_id: number; id: number }) => event.type_id === 20 && event.id === 1));
    assert.ok(issued.some((event: { message: string; user_name: string }) => event.message === 'OAuth token issued to client XSOAR.' && event.user_name === 'XSOAR'));
    assert.ok(failed.some((event: { message: string }) => event.message === `Failed OAuth token request for client ${userClient.client_id}.`));
    const changes = body.result.filter((event: { feature_name: string }) => event.feature_name === 'OAuth Client');
    assert.deepEqual(changes.filter((event: { entity_result: { name: string } }) => event.entity_result.name === 'doomed').map((event: { type_id: number; id: number; user_name: string }) => [event.type_id, event.id, event.user_name]), [
      [21, 3, 'admin'],
      [21, 1, 'admin'],
    ]);
  });
});
