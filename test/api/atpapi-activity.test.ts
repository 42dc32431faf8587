// /atpapi/v2 auditevents, systemactivities and appliances: the §5.4 shapes, the envelope, the
// admin-only audit log and the v1 appliance list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { recordSystemActivity } from '../../src/appliance/index.ts';
import { recordAudit } from '../../src/auth/index.ts';
import { seedEvent } from '../../src/cli/demo-data.ts';
import { bearer, postEvents, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

// reference §5.4, audit_event_data.json: every field and its type.
const AUDIT_FIELDS: Record<string, string> = {
  user_agent_ip: 'string', entity_result: 'object', status_id: 'number', feature_name: 'string', device_ip: 'string', user_name: 'string',
  atp_node_role: 'number', category_id: 'number', device_uid: 'string', log_name: 'string', count: 'number', device_name: 'string',
  message: 'string', log_time: 'string', severity_id: 'number', device_cap: 'string', id: 'number', device_time: 'string',
  product_ver: 'string', device_end_time: 'string', type_id: 'number', uuid: 'string', product_name: 'string', status_detail: 'string',
  timezone: 'number', user_uid: 'string',
};
const SYSTEM_FIELDS: Record<string, string> = {
  timezone: 'number', atp_node_role: 'number', process: 'object', product_ver: 'string', device_name: 'string', status_id: 'number',
  device_time: 'string', feature_name: 'string', type_id: 'number', message: 'string', log_name: 'string', uuid: 'string',
};

describe('/atpapi/v2 auditevents, systemactivities, appliances', () => {
  let vigil: TestVigil;
  let uuid: string;

  const post = async (url: string, payload: unknown, token = vigil.tokens.admin) => {
    const response = await vigil.app.inject({ method: 'POST', url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    return { status: response.statusCode, body: response.json() };
  };

  before(async () => {
    vigil = await startTestVigil();
    const recent = new Date(Date.now() - 3600_000).toISOString();
    await postEvents(vigil, { ...seedEvent(), device_time: recent, time: recent, log_time: recent });
    uuid = (await post('/atpapi/v2/incidents', { verb: 'query', limit: 1 })).body.result[0].uuid;
    const closed = await vigil.app.inject({
      method: 'PATCH', url: '/atpapi/v2/incidents', headers: { ...bearer(vigil.tokens.admin), 'content-type': 'application/json' },
      payload: JSON.stringify([{ op: 'replace', path: `/${uuid}/state`, value: 4 }]),
    });
    assert.equal(closed.statusCode, 204);
    await recordAudit(vigil.store, { name: 'admin', uid: 'user:1', ip: '127.0.0.1' }, { kind: 'session', id: 1, feature: 'Login', message: 'User logged in.' });
    await recordSystemActivity(vigil.store, { feature: 'Server', message: 'Vigil started' });
  });
  after(() => vigil.destroy());

  test('auditevents: the envelope, and the incident close in the §5.4 audit shape', async () => {
    const page = await post('/atpapi/v2/auditevents', { verb: 'query', query: 'feature_name: Incident', next: '' });
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(page.body).sort(), ['next', 'result', 'total']);
    const closing = page.body.result.find((event: { message: string }) => event.message.startsWith('Incident Closed Successfully.'));
    assert.ok(closing, JSON.stringify(page.body.result.map((event: { message: string }) => event.message)));
    for (const [field, type] of Object.entries(AUDIT_FIELDS)) assert.equal(typeof closing[field], type, field);
    assert.deepEqual(Object.keys(closing).sort(), Object.keys(AUDIT_FIELDS).sort());
    assert.equal(closing.type_id, 21);
    assert.equal(closing.entity_result.uid, uuid);
    assert.equal(closing.atp_node_role, 5);
    assert.equal(closing.category_id, 4);
    assert.equal(closing.device_cap, 'EDR');
    assert.equal(closing.product_name, 'Vigil');
    assert.equal(closing.device_end_time, closing.device_time);
    assert.match(closing.log_name, /^atp_audit_log-\d{4}-\d\d$/);
  });

  test('auditevents: the query filters, the window is on device_time, and limit pages with next', async () => {
    const none = await post('/atpapi/v2/auditevents', { verb: 'query', query: 'feature_name: "No such feature"' });
    assert.equal(none.body.total, 0);
    const old = await post('/atpapi/v2/auditevents', { verb: 'query', start_time: '2020-01-01T00:00:00.000Z', end_time: '2020-01-02T00:00:00.000Z' });
    assert.equal(old.body.total, 0);
    const all = await post('/atpapi/v2/auditevents', { verb: 'query' });
    assert.ok(all.body.total >= 2, 'the login and the close');
    const first = await post('/atpapi/v2/auditevents', { verb: 'query', limit: 1 });
    assert.equal(first.body.result.length, 1);
    assert.equal(typeof first.body.next, 'string');
    const second = await post('/atpapi/v2/auditevents', { verb: 'query', limit: 1, next: first.body.next });
    assert.notEqual(second.body.result[0].uuid, first.body.result[0].uuid);
    assert.equal((await post('/atpapi/v2/auditevents', { verb: 'query', query: 'feature_name:' })).status, 400);
  });

  test('auditevents needs the admin role; systemactivities and appliances need read', async () => {
    const denied = await post('/atpapi/v2/auditevents', { verb: 'query' }, vigil.tokens.analyst);
    assert.equal(denied.status, 403);
    assert.equal((await post('/atpapi/v2/auditevents', { verb: 'query' }, vigil.tokens.viewer)).status, 403);
    assert.equal((await post('/atpapi/v2/systemactivities', { verb: 'query' }, vigil.tokens.viewer)).status, 200);
  });

  test('systemactivities: a recorded activity in the §5.4 system activity shape', async () => {
    const page = await post('/atpapi/v2/systemactivities', { verb: 'query', query: 'message: "Vigil started"' }, vigil.tokens.viewer);
    assert.equal(page.status, 200);
    assert.deepEqual(Object.keys(page.body).sort(), ['next', 'result', 'total']);
    assert.equal(page.body.total, 1);
    const activity = page.body.result[0];
    for (const [field, type] of Object.entries(SYSTEM_FIELDS)) assert.equal(typeof activity[field], type, field);
    assert.equal(activity.type_id, 1);
    assert.equal(activity.feature_name, 'Server');
    assert.equal(activity.status_id, 1);
    assert.equal(activity.process.pid, process.pid);
    assert.equal(activity.atp_node_role, 5);
    assert.equal(activity.timezone, 0);
    assert.match(activity.log_name, /^atp_system_log-\d{4}-\d\d-\d\d$/);
    assert.equal(activity.log_name, `atp_system_log-${activity.device_time.slice(0, 10)}`);
  });

  test('appliances: the v1 appliance list, with an id stable across calls', async () => {
    const get = async () => {
      const response = await vigil.app.inject({ method: 'GET', url: '/atpapi/v2/appliances', headers: bearer(vigil.tokens.viewer) });
      assert.equal(response.statusCode, 200);
      return response.json();
    };
    const first = await get();
    assert.deepEqual(Object.keys(first), ['appliance_list']);
    assert.equal(first.appliance_list.length, 1);
    const appliance = first.appliance_list[0];
    assert.deepEqual(Object.keys(appliance).sort(), ['appliance_id', 'appliance_name', 'appliance_time', 'role', 'software_version']);
    assert.match(appliance.appliance_id, /^[0-9a-f-]{36}$/);
    assert.equal(appliance.role, 'endpoint, network scanner, management');
    assert.equal((await get()).appliance_list[0].appliance_id, appliance.appliance_id);
    const audit = (await post('/atpapi/v2/auditevents', { verb: 'query', limit: 1 })).body.result[0];
    assert.equal(audit.device_uid, appliance.appliance_id, 'audit events name the same appliance');
  });
});
