// The OAuth2 token request and bearer errors over HTTPS as the clients meet them (reference §1.1,
// §1.4): Basic client credentials with `grant_type=client_credentials` (with and without
// `&scope=customer`), 401 for a bad secret, Phantom's `Detail: invalid_token` cue followed by a new
// token and a retry, and {status, error, message} on every error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AtpClient, assertError, basicAuth, startCompatServer, type CompatServer } from './client.ts';

describe('compat: OAuth2 tokens and bearer errors', () => {
  let server: CompatServer;

  before(async () => {
    server = await startCompatServer();
  });
  after(() => server?.stop());

  test('the token request as XSOAR, Siemplify, Phantom and satp-js send it answers JSON with an access_token', async () => {
    for (const client of [server.clients.admin, server.clients.user]) {
      for (const form of ['grant_type=client_credentials&scope=customer', 'grant_type=client_credentials']) {
        const answer = await server.requestToken(basicAuth(client.client_id, client.client_secret), form);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        assert.match(String(answer.headers['content-type']), /^application\/json/);
        assert.equal(typeof answer.body.access_token, 'string');
        assert.ok(answer.body.access_token.length > 0);
        const works = await new AtpClient(server.baseUrl, answer.body.access_token).post('incidents', { verb: 'query', limit: 1, query: '' });
        assert.equal(works.status, 200, JSON.stringify(works.body));
      }
    }
  });

  test('a wrong secret, an unknown client or no Basic credentials: 401 {status: 401, error, message}', async () => {
    const { client_id: clientId, client_secret: secret } = server.clients.user;
    for (const authorization of [basicAuth(clientId, 'vgc_wrong'), basicAuth('0'.repeat(32), secret), undefined]) {
      const answer = await server.requestToken(authorization);
      assertError(answer, 401);
      assert.equal(answer.body.error, 'Unauthorized');
      assert.equal(answer.body.access_token, undefined);
    }
  });

  test('a garbage or unknown bearer: 401 with "Detail: invalid_token"; Phantom then gets a new token and the retry succeeds', async () => {
    const query = { verb: 'query', limit: 1, query: '' };
    for (const token of ['garbage', 'vgo_0000000000000000000000000000000000000000000']) {
      const stale = new AtpClient(server.baseUrl, token);
      for (const answer of [await stale.post('incidents', query), await stale.get('appliances'), await stale.patch('incidents', [])]) {
        assertError(answer, 401, /Detail: invalid_token/);
      }
    }
    const renewed = await server.requestToken(basicAuth(server.clients.admin.client_id, server.clients.admin.client_secret));
    assert.equal(renewed.status, 200);
    assert.equal((await new AtpClient(server.baseUrl, renewed.body.access_token).post('incidents', query)).status, 200);
  });

  test('an empty bearer: 401 {status, error, message}; an unknown endpoint: 404 in the same shape', async () => {
    assertError(await new AtpClient(server.baseUrl, '').post('events', { verb: 'query' }), 401);
    assertError(await server.user.post('no-such-endpoint', { verb: 'query' }), 404);
  });
});
