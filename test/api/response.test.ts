// The native response API: /api/v1/policies/{deny,allow} and /api/v1/commands share the /atpapi
// checks and audit; here their own shapes and paging.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { postEvents, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

describe('/api/v1 policies and commands', () => {
  let vigil: TestVigil;
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, token = vigil.tokens.analyst) => sendJson(vigil, method, url, payload, token);

  before(async () => {
    vigil = await startTestVigil();
    assert.equal((await postEvents(vigil, seedEvent())).status, 200);
  });
  after(() => vigil.destroy());

  test('policies: add one or many, list with total and next, filter, delete', async () => {
    const one = await call('POST', '/api/v1/policies/deny', { target_type: 'ip', target_value: '203.0.113.66', comment: 'C2' });
    assert.equal(one.status, 201);
    assert.equal(one.body.ids.length, 1);
    const many = await call('POST', '/api/v1/policies/deny', { policies: [{ target_type: 'domain', target_value: 'a.example' }, { target_type: 'domain', target_value: 'b.example' }] });
    assert.equal(many.body.ids.length, 2);
    const page = await call('GET', '/api/v1/policies/deny?limit=2');
    assert.equal(page.body.total, 3);
    assert.equal(page.body.result.length, 2);
    assert.equal(page.body.result[0].created_by, 'analyst');
    const rest = await call('GET', `/api/v1/policies/deny?limit=2&next=${encodeURIComponent(page.body.next)}`);
    assert.deepEqual(rest.body.result.map((p: { target_value: string }) => p.target_value), ['b.example']);
    assert.equal(rest.body.next, null);
    const filtered = await call('GET', '/api/v1/policies/deny?target_type=domain&target_value=A.EXAMPLE');
    assert.deepEqual(filtered.body.result.map((p: { id: string }) => p.id), [many.body.ids[0]]);
    assert.equal((await call('GET', '/api/v1/policies/deny?target_value=x')).status, 400);
    assert.equal((await call('GET', '/api/v1/policies/grey')).status, 404);
    assert.equal((await call('DELETE', `/api/v1/policies/deny/${one.body.ids[0]}`)).status, 204);
    assert.equal((await call('DELETE', `/api/v1/policies/deny/${one.body.ids[0]}`)).status, 404);
    assert.equal((await call('POST', '/api/v1/policies/allow', { target_type: 'ip', target_value: 'x' })).status, 400);
    assert.equal((await call('POST', '/api/v1/policies/allow', { target_type: 'ip', target_value: '192.0.2.1' }, vigil.tokens.viewer)).status, 403);
  });

  test('commands: submit, list newest first with state, show one', async () => {
    const device = seedEvent().device_uid as string;
    const first = await call('POST', '/api/v1/commands', { action: 'isolate_endpoint', targets: [device] });
    const second = await call('POST', '/api/v1/commands', { action: 'rejoin_endpoint', targets: [device] });
    assert.equal(second.body.error_code, 0);
    const list = await call('GET', '/api/v1/commands');
    assert.equal(list.body.total, 2);
    assert.deepEqual(list.body.result.map((c: { command_id: string }) => c.command_id), [second.body.command_id, first.body.command_id]);
    const shown = await call('GET', `/api/v1/commands/${first.body.command_id}`);
    assert.equal(shown.body.action, 'isolate_endpoint');
    assert.equal(shown.body.state, 'in_progress');
    assert.equal(shown.body.issuer_name, 'analyst');
    assert.equal(shown.body.targets[0].target, device);
    assert.equal((await call('GET', '/api/v1/commands/nope')).status, 404);
    assert.equal((await call('POST', '/api/v1/commands', { action: 'isolate_endpoint', targets: [device] }, vigil.tokens.viewer)).status, 403);
  });
});
