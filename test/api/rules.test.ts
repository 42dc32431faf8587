// /api/v1/rules: reading the Sigma rules (any reader), enabling and disabling them (admin only,
// audited), and the running pipeline following a change at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getJson, postEvents, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const ENCODED_POWERSHELL_RULE = '9bd0e1ad-7651-4947-bef0-19aafba28537';

let sequence = 0;
const encodedPowerShell = () => ({
  event_uuid: `api-rules-${++sequence}`, type_id: 8001, operation: 1, device_time: `2026-04-01T08:00:0${sequence}.000Z`, device_name: `HOST-${sequence}`,
  process: { cmd_line: 'powershell -w hidden -enc SQBFAFgA', file: { path: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' } },
});

describe('/api/v1/rules', () => {
  let vigil: TestVigil;
  before(async () => {
    vigil = await startTestVigil({ sigma: true });
  });
  after(() => vigil.destroy());

  test('any reader lists the rules, without their YAML, filtered and paged', async () => {
    const all = await getJson(vigil, '/api/v1/rules');
    assert.equal(all.status, 200);
    assert.equal(all.body.total, 9);
    assert.equal(all.body.next, null);
    const powershell = all.body.result.find((rule: { id: string }) => rule.id === ENCODED_POWERSHELL_RULE);
    assert.deepEqual(
      { ...powershell, created: undefined, updated: undefined, path: undefined },
      {
        id: ENCODED_POWERSHELL_RULE, title: 'PowerShell Runs an Encoded Command', level: 'high', status: 'stable',
        tags: ['attack.execution', 'attack.t1059.001', 'attack.defense-evasion', 'attack.t1027'],
        enabled: true, origin: 'builtin', document: 1, created: undefined, updated: undefined, path: undefined,
      },
    );
    assert.match(powershell.path, /rules\/sigma\/proc_creation_powershell_encoded_command\.yml$/);

    const severe = await getJson(vigil, '/api/v1/rules?level=high,critical');
    assert.ok(severe.body.result.every((rule: { level: string }) => ['high', 'critical'].includes(rule.level)));
    assert.equal(severe.body.total, 4);
    assert.equal((await getJson(vigil, '/api/v1/rules?origin=imported')).body.total, 0);
    const page = await getJson(vigil, '/api/v1/rules?limit=2');
    assert.equal(page.body.result.length, 2);
    const rest = await getJson(vigil, `/api/v1/rules?limit=100&next=${encodeURIComponent(page.body.next)}`);
    assert.equal(rest.body.result.length, 7);
    assert.equal((await getJson(vigil, '/api/v1/rules?level=severe')).status, 400);
    assert.equal((await getJson(vigil, '/api/v1/rules?enabled=yes')).status, 400);
    assert.equal((await getJson(vigil, '/api/v1/rules', vigil.tokens.ingest)).status, 403, 'an ingest token reads nothing');
    assert.equal((await vigil.app.inject({ method: 'GET', url: '/api/v1/rules' })).statusCode, 401);
  });

  test('one rule with its YAML; an unknown id is 404', async () => {
    const one = await getJson(vigil, `/api/v1/rules/${ENCODED_POWERSHELL_RULE}`);
    assert.equal(one.status, 200);
    assert.match(one.body.yaml, /^title: PowerShell Runs an Encoded Command\nid: 9bd0e1ad/);
    const missing = await getJson(vigil, '/api/v1/rules/no-such-rule');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, 'no rule no-such-rule');
  });

  test('only an admin enables and disables, audited, and the pipeline follows at once', async () => {
    const url = `/api/v1/rules/${ENCODED_POWERSHELL_RULE}`;
    for (const token of [vigil.tokens.viewer, vigil.tokens.analyst, vigil.tokens.ingest]) {
      assert.equal((await sendJson(vigil, 'PATCH', url, { enabled: false }, token)).status, 403);
    }
    assert.equal((await sendJson(vigil, 'PATCH', url, { enabled: 'no' }, vigil.tokens.admin)).status, 400);
    assert.equal((await sendJson(vigil, 'PATCH', '/api/v1/rules/no-such-rule', { enabled: false }, vigil.tokens.admin)).status, 404);

    const disabled = await sendJson(vigil, 'PATCH', url, { enabled: false }, vigil.tokens.admin);
    assert.equal(disabled.status, 200);
    assert.equal(disabled.body.enabled, false);
    assert.equal(typeof disabled.body.yaml, 'string');
    const audit = await getJson(vigil, '/api/v1/audit', vigil.tokens.admin);
    assert.match(audit.body.result[0].message, /^Sigma rule 9bd0e1ad-7651-4947-bef0-19aafba28537 "PowerShell Runs an Encoded Command" disabled\.$/);
    assert.equal(audit.body.result[0].user_name, 'admin');
    assert.equal((await postEvents(vigil, encodedPowerShell())).body.incidents.created.length, 0, 'the disabled rule no longer runs');

    assert.equal((await sendJson(vigil, 'PATCH', url, { enabled: true }, vigil.tokens.admin)).body.enabled, true);
    assert.equal((await postEvents(vigil, encodedPowerShell())).body.incidents.created.length, 1, 'enabled again, it runs again');
    assert.equal((await getJson(vigil, '/api/v1/rules?enabled=false')).body.total, 0);
  });
});
