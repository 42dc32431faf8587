// Deny/allow lists and endpoint commands over HTTPS as the clients call them (reference §2.5, §2.6):
// the EDR 4.x and ATP 3.x list names, create {"verb": "create", "policies": […]} → {"ids": […]},
// listing without `total` and with the list cursor, the four command bodies verbatim, and command
// status by POST {"verb": "query"} and by GET as Phantom reads it. Every call carries
// `Content-Type: application/json`, bodiless GET and DELETE included, as the clients send it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, assertFieldTypes, minutesAgo, startCompatServer, type AtpClient, type CompatServer } from './client.ts';

// reference §2.6: the endpoint in the sample bodies, made known to Vigil by one event.
const ENDPOINT = '393b8e82-fe40-429f-8e5e-c6b79a0f2b1c';
const FILE_SHA256 = '1dc0c8d7304c177ad0e74d3d2f1002eb773f4b180685a7df6bbe75ccc24b0164';
const COMMAND_ID = /^[0-9a-f]{32}-\d{4}-\d{2}-\d{2}$/;
const COMMAND_STATES = ['completed', 'initializing', 'in_progress', 'error', 'cancel_requested', 'cancelled'];
/** Per-target status[].state: 0 Completed, 1 In progress, 2 Error, 3 Cancelled, 4 Cancel requested. */
const TARGET_STATES = [0, 1, 2, 3, 4];
const TARGET_TYPES = ['ip', 'domain', 'url', 'sha256', 'incident_trigger_sig_id'];

interface Policy { id: string; target_type: string; target_value: string; comment?: string }

describe('compat: deny/allow lists and commands', () => {
  let server: CompatServer;

  const listPolicies = async (client: AtpClient, path: string): Promise<{ result: Policy[]; next: string | null }> => {
    const answer = await client.get(`policies/${path}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(Object.keys(answer.body).sort(), ['next', 'result'], 'a policy list has no total');
    for (const policy of answer.body.result) {
      assert.deepEqual(Object.keys(policy).filter((key) => !['id', 'target_type', 'target_value', 'comment'].includes(key)), [], 'only the §2.5 fields');
      assertFieldTypes(policy, { id: 'string', target_type: 'string', target_value: 'string' }, 'policy');
      assert.ok(TARGET_TYPES.includes(policy.target_type), policy.target_type);
      if ('comment' in policy) assert.notEqual(policy.comment, '', 'an empty comment is omitted');
    }
    return answer.body;
  };
  const createPolicies = (client: AtpClient, path: string, policies: unknown[]) => client.post(`policies/${path}`, { verb: 'create', policies });
  const submit = (body: unknown, client = server.admin) => client.post('commands', body);

  before(async () => {
    server = await startCompatServer();
    const posted = await server.ingest({ type_id: 8001, device_time: minutesAgo(10), device_uid: ENDPOINT, device_name: 'WIN-TFB8L7BI77H', device_ip: '172.16.14.42' });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
  });
  after(() => server?.stop());

  test('ATP 3.x create on blacklist answers {"ids": [strings]}; EDR 4.x deny_list lists the §2.5 records, comment only when given', async () => {
    const created = await createPolicies(server.admin, 'blacklist', [
      { target_type: 'url', target_value: 'https://facebook.com', comment: 'Used for API testing' },
      { target_type: 'ip', target_value: '203.0.113.66' },
      { target_type: 'domain', target_value: 'evil.example.com', comment: 'C2' },
      { target_type: 'sha256', target_value: FILE_SHA256 },
    ]);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body), ['ids']);
    assert.equal(created.body.ids.length, 4);
    for (const id of created.body.ids) assert.equal(typeof id, 'string');

    const listed = await listPolicies(server.user, 'deny_list?limit=10');
    assert.equal(listed.next, null);
    assert.deepEqual(listed.result.find((policy) => policy.id === created.body.ids[0]), { id: created.body.ids[0], target_type: 'url', target_value: 'https://facebook.com', comment: 'Used for API testing' });
    assert.deepEqual(listed.result.find((policy) => policy.id === created.body.ids[1]), { id: created.body.ids[1], target_type: 'ip', target_value: '203.0.113.66' });
    assert.deepEqual((await listPolicies(server.user, 'blacklist?limit=10')).result, listed.result, 'blacklist is the deny list');
    assert.deepEqual((await listPolicies(server.user, 'allow_list?limit=10')).result, [], 'the allow list is another list');
  });

  test('XSOAR\'s list filters: ip, url (URL-encoded), domain, sha256, id', async () => {
    const values = async (query: string) => (await listPolicies(server.user, `deny_list?limit=10&${query}`)).result.map((policy) => policy.target_value);
    assert.deepEqual(await values('ip=203.0.113.66'), ['203.0.113.66']);
    assert.deepEqual(await values(`url=${encodeURIComponent('https://facebook.com')}`), ['https://facebook.com']);
    assert.deepEqual(await values('domain=evil.example.com'), ['evil.example.com']);
    assert.deepEqual(await values(`sha256=${FILE_SHA256}`), [FILE_SHA256]);
    const [first] = (await listPolicies(server.user, 'deny_list?limit=10')).result;
    assert.deepEqual(await values(`id=${first.id}`), [first.target_value]);
  });

  test('allow list: create on whitelist, page allow_list with limit and the "whitelist;<id>;<offset>;" cursor, each entry once', async () => {
    const entries = Array.from({ length: 12 }, (_, index) => ({ target_type: 'ip', target_value: `192.0.2.${index + 1}` }));
    assert.equal((await createPolicies(server.admin, 'whitelist', entries)).status, 200);
    const first = await listPolicies(server.user, 'allow_list?limit=10');
    assert.equal(first.result.length, 10);
    assert.ok(first.next);
    assert.match(Buffer.from(first.next, 'base64').toString('utf8'), /^whitelist;[^;]+;10;$/);
    const second = await listPolicies(server.user, `allow_list?limit=10&next=${encodeURIComponent(first.next)}`);
    assert.equal(second.next, null);
    const ids = [...first.result, ...second.result].map((policy) => policy.id);
    assert.equal(new Set(ids).size, 12);
  });

  test('delete by id on both names; an unknown id is 404 {status, error, message}', async () => {
    const { body } = await createPolicies(server.admin, 'deny_list', [{ target_type: 'ip', target_value: '198.51.100.99' }]);
    const [id] = body.ids;
    const deleted = await server.admin.delete(`policies/blacklist/${id}`);
    assert.ok(deleted.status === 200 || deleted.status === 204, `delete answers success: ${deleted.status} ${JSON.stringify(deleted.body)}`);
    assert.deepEqual((await listPolicies(server.user, `deny_list?limit=10&id=${id}`)).result, []);
    assertError(await server.admin.delete(`policies/deny_list/${id}`), 404);
    const allowed = (await listPolicies(server.user, 'allow_list?limit=1')).result[0];
    const fromAllowList = await server.admin.delete(`policies/allow_list/${allowed.id}`);
    assert.ok(fromAllowList.status === 200 || fromAllowList.status === 204, `${fromAllowList.status} ${JSON.stringify(fromAllowList.body)}`);
  });

  test('the four §2.6 command bodies verbatim answer {message, command_id, error_code}', async () => {
    const bodies = [
      { action: 'isolate_endpoint', targets: [ENDPOINT] },
      { action: 'rejoin_endpoint', targets: [ENDPOINT] },
      { action: 'delete_endpoint_file', targets: [{ device_uid: ENDPOINT, hash: FILE_SHA256 }] },
    ];
    for (const body of bodies) {
      const answer = await submit(body);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(Object.keys(answer.body).sort(), ['command_id', 'error_code', 'message']);
      assert.deepEqual(answer.body, { message: `Command ${body.action} successfully requested`, command_id: answer.body.command_id, error_code: 0 });
      assert.match(answer.body.command_id, COMMAND_ID);
    }
    // The reference's cancel targets a command this server never issued: 200 with a non-zero error_code, not an HTTP error.
    const cancelUnknown = await submit({ action: 'cancel_command', targets: ['cde75a86942843ef9db30b03b99fe75e-2022-11-23'] });
    assert.equal(cancelUnknown.status, 200);
    assert.deepEqual(Object.keys(cancelUnknown.body).sort(), ['command_id', 'error_code', 'message']);
    assert.equal(cancelUnknown.body.command_id, 'cde75a86942843ef9db30b03b99fe75e-2022-11-23');
    assert.ok([-1, 1, 2, 3].includes(cancelUnknown.body.error_code), `a documented error_code: ${cancelUnknown.body.error_code}`);
  });

  test('command status by POST {"verb": "query"} and by GET (Phantom): the §2.6 shape and enums; cancel then reads cancelled', async () => {
    const isolate = (await submit({ action: 'isolate_endpoint', targets: [ENDPOINT] })).body.command_id;
    const viaPost = await server.user.post(`commands/${isolate}`, { verb: 'query' });
    assert.equal(viaPost.status, 200, JSON.stringify(viaPost.body));
    assert.deepEqual(Object.keys(viaPost.body).sort(), ['command_issuer_name', 'next', 'state', 'status', 'total']);
    assert.ok(COMMAND_STATES.includes(viaPost.body.state), viaPost.body.state);
    assert.equal(viaPost.body.next, null);
    assert.equal(viaPost.body.total, 1);
    assert.equal(typeof viaPost.body.command_issuer_name, 'string');
    const [target] = viaPost.body.status;
    assert.deepEqual(Object.keys(target).sort(), ['error_code', 'message', 'state', 'target']);
    assertFieldTypes(target, { target: 'string', state: 'number', message: 'string', error_code: 'number' }, 'status[0]');
    assert.equal(target.target, ENDPOINT);
    assert.ok(TARGET_STATES.includes(target.state), String(target.state));

    const viaGet = await server.user.get(`commands/${isolate}`);
    assert.equal(viaGet.status, 200, JSON.stringify(viaGet.body));
    assert.deepEqual(viaGet.body, viaPost.body);

    const cancel = await submit({ action: 'cancel_command', targets: [isolate] });
    assert.deepEqual(cancel.body, { message: 'Command cancel_command successfully requested', command_id: cancel.body.command_id, error_code: 0 });
    const cancelled = (await server.user.get(`commands/${isolate}`)).body;
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.status[0].state, 3);
    const again = await submit({ action: 'cancel_command', targets: [isolate] });
    assert.equal(again.body.error_code, 2, 'already in a terminal state');
    assertError(await server.user.get('commands/00000000000000000000000000000000-2020-01-01'), 404);
  });

  test('the User role reads lists and command status but every write is 403 {status, error, message}', async () => {
    assertError(await createPolicies(server.user, 'deny_list', [{ target_type: 'ip', target_value: '203.0.113.77' }]), 403);
    const [entry] = (await listPolicies(server.user, 'deny_list?limit=10')).result;
    assertError(await server.user.delete(`policies/deny_list/${entry.id}`), 403);
    assertError(await submit({ action: 'isolate_endpoint', targets: [ENDPOINT] }, server.user), 403);
    assertError(await submit({ action: 'cancel_command', targets: ['cde75a86942843ef9db30b03b99fe75e-2022-11-23'] }, server.user), 403);
  });
});
