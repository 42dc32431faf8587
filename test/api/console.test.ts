// Serving the analyst console: built files, index.html for the console's own URLs, the JSON 404 for
// API paths and missing files (414 for an overlong id), and the landing page when the console was not built.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerConsole } from '../../src/api/console.ts';
import { registerOpenApi } from '../../src/api/openapi.ts';
import { MAX_PATH_PARAM_LENGTH } from '../../src/api/path-params.ts';

const INDEX = '<!doctype html><title>console</title><script type="module" src="/assets/app-1.js"></script>';

async function appServing(dir: string): Promise<FastifyInstance> {
  const app = Fastify();
  await registerOpenApi(app);
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ status: 404, message: `no such endpoint: ${request.url}` }));
  await registerConsole(app, dir);
  await app.ready();
  return app;
}

describe('the console, built', () => {
  let dir: string;
  let app: FastifyInstance;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}-secret.txt`), 'not for the web');
    app = await appServing(dir);
  });
  after(async () => {
    await app.close();
    rmSync(`${dir}-secret.txt`, { force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  test('/ and every console URL answer index.html', async () => {
    for (const url of ['/', '/incidents/100000', '/search?q=external_ip:192.0.2.100', '/ips/192.0.2.100', '/dashboard']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /^text\/html/, url);
      assert.equal(response.body, INDEX, url);
    }
  });

  test('built files are served with their content type', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /javascript/);
    assert.equal(response.body, 'console.log(1)');
  });

  test('API paths, missing files and paths outside the build answer the JSON 404', async () => {
    for (const url of ['/api/v1/nothing-here', '/atpapi/v2/nothing', '/assets/app-2.js', `/../${dir.split('/').pop()}-secret.txt`, '/%2e%2e/etc/passwd.txt']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.equal(response.json().status, 404, url);
      assert.doesNotMatch(response.body, /not for the web/, url);
    }
  });

  test('an API path whose id is longer than any routed answers 414 here too, not the 404 of an unknown path', async () => {
    // The router lets such a path fall through to the console's catch-all route.
    const url = `/api/v1/events/${'x'.repeat(MAX_PATH_PARAM_LENGTH + 1)}`;
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 414);
    assert.match(response.json().message, new RegExp(`longer than ${MAX_PATH_PARAM_LENGTH} characters`));
    const encoded = await app.inject({ method: 'GET', url: `/api/v1/events/${'%41'.repeat(MAX_PATH_PARAM_LENGTH)}` });
    assert.equal(encoded.statusCode, 404, 'length counts once decoded');
  });
});

describe('the console, not built', () => {
  test('/ shows the landing page that says how to build it, and other paths stay 404', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-no-console-'));
    const app = await appServing(dir);
    try {
      const page = await app.inject({ method: 'GET', url: '/' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /npm run build:web/);
      assert.doesNotMatch(page.body, /<script|style=/);
      assert.equal((await app.inject({ method: 'GET', url: '/incidents/100000' })).statusCode, 404);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
