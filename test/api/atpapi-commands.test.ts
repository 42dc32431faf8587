// /atpapi/v2 commands: submission with the EDR's command_id format and error codes, status in the
// §2.6 shape (POST and GET), cancel rules, roles and audit. Commands are not delivered yet: a
// command to a known endpoint stays in_progress and says so.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { postEvents, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const COMMAND_ID = /^[0-9a-f]{32}-\d{4}-\d{2}-\d{2}$/;

describe('/atpapi/v2 commands', () => {
  let vigil: TestVigil;
  let device: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, token = vigil.tokens.analyst) => sendJson(vigil, method, url, payload, token);
  const submit = (action: string, targets: unknown[], token?: string) => call('POST', '/atpapi/v2/commands', { action, targets }, token);
  const status = async (commandId: string) => (await call('POST', `/atpapi/v2/commands/${commandId}`, { verb: 'query' })).body;

  before(async () => {
    vigil = await startTestVigil();
    const event = seedEvent();
    device = event.device_uid as string;
    assert.equal((await postEvents(vigil, event)).status, 200);
  });
  after(() => vigil.destroy());

  test('isolate_endpoint: the observed submission response, and a status that stays in_progress and says why', async () => {
    const submitted = await submit('isolate_endpoint', [device]);
    assert.equal(submitted.status, 200);
    assert.deepEqual(Object.keys(submitted.body).sort(), ['command_id', 'error_code', 'message']);
    assert.equal(submitted.body.message, 'Command isolate_endpoint successfully requested');
    assert.equal(submitted.body.error_code, 0);
    assert.match(submitted.body.command_id, COMMAND_ID);
    assert.equal(submitted.body.command_id.slice(33), new Date().toISOString().slice(0, 10));

    const body = await status(submitted.body.command_id);
    assert.deepEqual(Object.keys(body).sort(), ['command_issuer_name', 'next', 'state', 'status', 'total']);
    assert.equal(body.state, 'in_progress');
    assert.equal(body.command_issuer_name, 'analyst');
    assert.equal(body.next, null);
    assert.equal(body.total, 1);
    assert.equal(body.status.length, 1);
    const [target] = body.status;
    assert.deepEqual(Object.keys(target).sort(), ['error_code', 'message', 'state', 'target']);
    assert.equal(target.target, device);
    assert.equal(target.state, 1);
    assert.equal(target.error_code, 1);
    assert.match(target.message, /waiting for delivery/);
    // Phantom reads the status with GET.
    const viaGet = await call('GET', `/atpapi/v2/commands/${submitted.body.command_id}`);
    assert.equal(viaGet.status, 200);
    assert.deepEqual(viaGet.body, body);
  });

  test('an endpoint Vigil has never heard from is an error target, the others wait', async () => {
    const submitted = await submit('rejoin_endpoint', [device, 'no-such-endpoint']);
    assert.equal(submitted.body.error_code, 0);
    const body = await status(submitted.body.command_id);
    assert.equal(body.state, 'in_progress');
    assert.deepEqual(body.status.map((s: { target: string; state: number; error_code: number }) => [s.target, s.state, s.error_code]), [[device, 1, 1], ['no-such-endpoint', 2, -1]]);
    assert.match(body.status[1].message, /not known to Vigil/);
  });

  test('a command whose every target is unknown answers error_code -1 naming them, for every endpoint action', async () => {
    const cases: [string, unknown[]][] = [
      ['isolate_endpoint', ['nobody', ' ghost ']],
      ['rejoin_endpoint', ['nobody', 'ghost']],
      ['delete_endpoint_file', [{ device_uid: 'nobody', hash: 'd'.repeat(64) }, { device_uid: 'ghost', hash: 'e'.repeat(64) }]],
    ];
    for (const [action, targets] of cases) {
      const submitted = await submit(action, targets);
      assert.equal(submitted.status, 200);
      assert.deepEqual(Object.keys(submitted.body).sort(), ['command_id', 'error_code', 'message']);
      assert.equal(submitted.body.error_code, -1, action);
      assert.equal(submitted.body.message, `Command ${action} failed: no target is an endpoint known to Vigil (nobody, ghost).`);
      const body = await status(submitted.body.command_id);
      assert.equal(body.state, 'error');
      assert.deepEqual(body.status.map((s: { state: number; error_code: number }) => [s.state, s.error_code]), [[2, -1], [2, -1]]);
    }
  });

  test('a target named twice is recorded once (after trimming; delete_endpoint_file by device and hash)', async () => {
    const isolate = await submit('isolate_endpoint', [device, ` ${device} `, device]);
    assert.equal(isolate.body.error_code, 0);
    const isolated = await status(isolate.body.command_id);
    assert.equal(isolated.total, 1);
    assert.deepEqual(isolated.status.map((s: { target: string }) => s.target), [device]);
    const hash = 'f'.repeat(64);
    const deleted = await status((await submit('delete_endpoint_file', [
      { device_uid: device, hash }, { device_uid: device, hash: hash.toUpperCase() }, { device_uid: device, hash: 'a'.repeat(64) },
    ])).body.command_id);
    assert.equal(deleted.total, 2, 'the same device with another hash is another target');
    const waiting = (await submit('isolate_endpoint', [device])).body.command_id;
    const cancel = await submit('cancel_command', [waiting, waiting]);
    assert.equal(cancel.body.error_code, 0);
    assert.deepEqual((await status(cancel.body.command_id)).status.map((s: { target: string }) => s.target), [waiting]);
  });

  test('delete_endpoint_file takes {device_uid, hash}', async () => {
    const hash = 'C'.repeat(64);
    const submitted = await submit('delete_endpoint_file', [{ device_uid: device, hash }]);
    assert.equal(submitted.status, 200);
    const body = await status(submitted.body.command_id);
    assert.equal(body.status[0].target, device);
    for (const bad of [[device], [{ device_uid: device }], [{ device_uid: device, hash: 'abc' }]]) {
      const refused = await submit('delete_endpoint_file', bad);
      assert.equal(refused.status, 400, JSON.stringify(bad));
      assert.match(refused.body.message, /targets\[0\]: delete_endpoint_file takes/);
    }
  });

  test('cancel_command: cancels a waiting command at once; then terminal (2); cancel of a cancel (1); unknown (-1)', async () => {
    const isolate = (await submit('isolate_endpoint', [device])).body.command_id;
    const cancel = await submit('cancel_command', [isolate]);
    assert.equal(cancel.status, 200);
    assert.equal(cancel.body.error_code, 0);
    assert.equal(cancel.body.message, 'Command cancel_command successfully requested');
    assert.match(cancel.body.command_id, COMMAND_ID);
    assert.notEqual(cancel.body.command_id, isolate);
    const cancelled = await status(isolate);
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.status[0].state, 3);
    assert.equal((await status(cancel.body.command_id)).state, 'completed');

    const again = await submit('cancel_command', [isolate]);
    assert.equal(again.status, 200);
    assert.equal(again.body.error_code, 2);
    assert.equal(again.body.command_id, isolate);
    const ofCancel = await submit('cancel_command', [cancel.body.command_id]);
    assert.deepEqual(ofCancel.body, { message: 'Command cancel_command not supported for target command type.', command_id: cancel.body.command_id, error_code: 1 });
    const unknown = await submit('cancel_command', ['cde75a86942843ef9db30b03b99fe75e-2022-11-23']);
    assert.equal(unknown.body.error_code, -1);

    // All or nothing: a refused target leaves the others waiting.
    const waiting = (await submit('isolate_endpoint', [device])).body.command_id;
    assert.equal((await submit('cancel_command', [waiting, isolate])).body.error_code, 2);
    assert.equal((await status(waiting)).state, 'in_progress');

    const activities = await call('POST', '/atpapi/v2/systemactivities', { verb: 'query', query: 'feature_name: AdministratorTask' });
    assert.ok(activities.body.result.some((a: { message: string }) => a.message === `Command cancel_command with command id ${cancel.body.command_id} completed.`));
  });

  test('bad requests: unknown action, no targets, wrong body; unknown command_id is 404', async () => {
    const unknownAction = await submit('format_disk', [device]);
    assert.equal(unknownAction.status, 400);
    assert.match(unknownAction.body.message, /action: must be one of isolate_endpoint, rejoin_endpoint, delete_endpoint_file, cancel_command/);
    assert.equal((await submit('isolate_endpoint', [])).status, 400);
    assert.equal((await call('POST', '/atpapi/v2/commands', [1, 2])).status, 400);
    const missing = await call('GET', '/atpapi/v2/commands/00000000000000000000000000000000-2020-01-01');
    assert.equal(missing.status, 404);
    assert.match(missing.body.message, /could not be found/);
  });

  test('roles: the EDR User role (viewer) reads status but cannot submit; submissions are audited', async () => {
    const submitted = await submit('isolate_endpoint', [device]);
    assert.equal((await submit('isolate_endpoint', [device], vigil.tokens.viewer)).status, 403);
    assert.equal((await call('GET', `/atpapi/v2/commands/${submitted.body.command_id}`, undefined, vigil.tokens.viewer)).status, 200);
    const audit = await sendJson(vigil, 'POST', '/atpapi/v2/auditevents', { verb: 'query', query: 'feature_name: Command', limit: 1000 }, vigil.tokens.admin);
    const entry = audit.body.result.find((event: { entity_result: { uid: string } }) => event.entity_result.uid === submitted.body.command_id);
    assert.ok(entry);
    assert.equal(entry.type_id, 21);
    assert.equal(entry.user_name, 'analyst');
    assert.equal(entry.message, `Command isolate_endpoint requested for 1 target(s): ${device}.`);
  });
});
