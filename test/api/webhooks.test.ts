// /api/v1/webhooks: admins register, list, delete and test webhooks and read the delivery log;
// nobody else may. The secret is in the creation answer only; every change is audited.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearer, getJson, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';
import { httpReceiver, type HttpReceiver } from '../notify/receivers.ts';

let vigil: TestVigil;
let receiver: HttpReceiver;

before(async () => {
  vigil = await startTestVigil();
  receiver = await httpReceiver((request, _count, response) => response.writeHead(request.body.includes('"kind":"test"') ? 202 : 500).end());
});
after(async () => {
  await receiver.close();
  await vigil.destroy();
});

test('only admins may manage webhooks', async () => {
  for (const token of [vigil.tokens.analyst, vigil.tokens.viewer, vigil.tokens.ingest]) {
    assert.equal((await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: receiver.url }, token)).status, 403);
    assert.equal((await getJson(vigil, '/api/v1/webhooks', token)).status, 403);
  }
  assert.equal((await vigil.app.inject({ method: 'GET', url: '/api/v1/webhooks' })).statusCode, 401);
});

test('creating shows the secret once; listing never does; both are audited without it', async () => {
  const created = await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['closed', 'created'], description: 'SOAR' }, vigil.tokens.admin);
  assert.equal(created.status, 201);
  assert.match(created.body.secret, /^vgw_[\w-]{43}$/);
  assert.deepEqual({ ...created.body, secret: undefined, id: undefined, created: undefined }, {
    url: receiver.url, events: ['created', 'closed'], description: 'SOAR', created_by: 'admin', secret: undefined, id: undefined, created: undefined,
  });
  const listed = await getJson(vigil, '/api/v1/webhooks', vigil.tokens.admin);
  assert.equal(listed.status, 200);
  const mine = listed.body.result.find((webhook: { id: number }) => webhook.id === created.body.id);
  assert.equal(mine.url, receiver.url);
  assert.equal(mine.secret, undefined);
  assert.ok(!JSON.stringify(listed.body).includes(created.body.secret));

  const chosen = await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: receiver.url, secret: 'my own secret of 16+ chars' }, vigil.tokens.admin);
  assert.equal(chosen.body.secret, 'my own secret of 16+ chars');
  assert.deepEqual(chosen.body.events, ['created', 'updated', 'closed'], 'all three by default');

  const audit = await getJson(vigil, '/api/v1/audit', vigil.tokens.admin);
  const entries = audit.body.result.filter((event: { feature_name: string }) => event.feature_name === 'Webhook');
  assert.ok(entries.some((event: { message: string }) => event.message === `Webhook ${created.body.id} created for ${receiver.url} (created, closed).`));
  assert.ok(!JSON.stringify(audit.body).includes(created.body.secret) && !JSON.stringify(audit.body).includes('my own secret'));
});

test('a bad webhook is refused with what to send instead', async () => {
  const cases: [unknown, RegExp][] = [
    [{ url: 'ftp://example.com/x' }, /url must use http or https, not ftp/],
    [{ url: 'not a url' }, /is not a URL/],
    [{ url: 'https://user:pw@example.com/' }, /must not carry a user or password/],
    [{ url: receiver.url, events: ['deleted'] }, /events/],
    [{ url: receiver.url, events: [] }, /events must be a non-empty list of created, updated, closed/],
    [{ url: receiver.url, secret: 'short' }, /secret must be 16–256 characters/],
    [{}, /url/],
  ];
  for (const [body, message] of cases) {
    const answer = await sendJson(vigil, 'POST', '/api/v1/webhooks', body, vigil.tokens.admin);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.match(answer.body.message, message);
  }
});

test('a test delivery is sent at once, signed, and kept in the delivery log; a failing one says why', async () => {
  const created = (await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: receiver.url }, vigil.tokens.admin)).body;
  const tested = await sendJson(vigil, 'POST', `/api/v1/webhooks/${created.id}/test`, undefined, vigil.tokens.admin);
  assert.equal(tested.status, 200);
  assert.equal(tested.body.kind, 'test');
  assert.equal(tested.body.state, 'delivered');
  assert.deepEqual(tested.body.attempts.map(({ attempt, status_code }: { attempt: number; status_code: number }) => [attempt, status_code]), [[1, 202]]);
  const request = receiver.requests.at(-1)!;
  assert.deepEqual(JSON.parse(request.body).webhook, { id: created.id, url: receiver.url });
  const signed = `sha256=${createHmac('sha256', created.secret).update(`${request.headers['x-vigil-timestamp']}.${request.body}`).digest('hex')}`;
  assert.equal(request.headers['x-vigil-signature'], signed);

  const log = await getJson(vigil, `/api/v1/webhooks/${created.id}/deliveries?limit=5`, vigil.tokens.admin);
  assert.equal(log.status, 200);
  assert.equal(log.body.total, 1);
  assert.deepEqual(log.body.result[0], tested.body);

  const closed = await httpReceiver(() => undefined);
  await closed.close();
  const unreachable = (await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: closed.url }, vigil.tokens.admin)).body;
  const failed = await sendJson(vigil, 'POST', `/api/v1/webhooks/${unreachable.id}/test`, undefined, vigil.tokens.admin);
  assert.equal(failed.body.state, 'failed');
  assert.match(failed.body.attempts[0].error, /ECONNREFUSED/);
  assert.equal(failed.body.attempts[0].status_code, undefined);
});

test('deleting a webhook removes it and its log; unknown ids answer 404', async () => {
  const created = (await sendJson(vigil, 'POST', '/api/v1/webhooks', { url: receiver.url }, vigil.tokens.admin)).body;
  await sendJson(vigil, 'POST', `/api/v1/webhooks/${created.id}/test`, undefined, vigil.tokens.admin);
  assert.equal((await sendJson(vigil, 'DELETE', `/api/v1/webhooks/${created.id}`, undefined, vigil.tokens.admin)).status, 204);
  assert.equal((await sendJson(vigil, 'DELETE', `/api/v1/webhooks/${created.id}`, undefined, vigil.tokens.admin)).status, 404);
  assert.equal((await getJson(vigil, `/api/v1/webhooks/${created.id}/deliveries`, vigil.tokens.admin)).status, 404);
  assert.equal((await sendJson(vigil, 'POST', `/api/v1/webhooks/${created.id}/test`, undefined, vigil.tokens.admin)).status, 404);
  assert.equal((await sendJson(vigil, 'DELETE', '/api/v1/webhooks/abc', undefined, vigil.tokens.admin)).status, 404);
  const listed = await getJson(vigil, '/api/v1/webhooks', vigil.tokens.admin);
  assert.ok(!listed.body.result.some((webhook: { id: number }) => webhook.id === created.id));
  const audit = await getJson(vigil, '/api/v1/audit', vigil.tokens.admin);
  assert.ok(audit.body.result.some((event: { message: string }) => event.message === `Webhook ${created.id} for ${receiver.url} deleted.`));
});
