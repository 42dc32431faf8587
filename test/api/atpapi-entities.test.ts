// /atpapi/v2 entities and associations: endpoints, domains and files as events reported them, in
// the §2.4 record shapes, filtered by the query language and paged with next.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { postEvents, sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

const SHA_A = 'a'.repeat(63) + '1';
const SHA_B = 'B'.repeat(63) + '2';
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
const EARLIEST_SVCHOST = hoursAgo(5);
const LATEST_SVCHOST = hoursAgo(2);

function processEvent(device: number, time: string) {
  return {
    type_id: 8001, device_time: time, device_uid: `dev-${device}`, device_name: `WS-${device}`, device_ip: `10.0.0.${device}`,
    process: { pid: 4242, file: { sha2: SHA_A, md5: 'd'.repeat(32), name: 'svchost.exe', path: 'C:\\Windows\\System32\\svchost.exe', normalized_path: 'CSIDL_SYSTEM\\svchost.exe' } },
    event_actor: { pid: 1, file: { sha2: SHA_B, name: 'explorer.exe', path: 'C:\\Windows\\explorer.exe', signature_company_name: 'Microsoft Windows' } },
  };
}

function downloadEvent(device: number, time: string) {
  return {
    type_id: 8007, device_time: time, device_uid: `dev-${device}`, device_name: `WS-${device}`, device_ip: `10.0.0.${device}`,
    external_ip: '203.0.113.9', data_source_url: 'http://Bad.Example.net/payload.bin', data_source_url_domain: 'bad.example.net',
    file: { sha2: SHA_B, name: 'payload.bin', path: 'C:\\Users\\x\\Downloads\\payload.bin', size: 1536 },
  };
}

describe('/atpapi/v2 entities and associations', () => {
  let vigil: TestVigil;
  const post = (url: string, payload: unknown, token = vigil.tokens.viewer) => sendJson(vigil, 'POST', url, payload, token);
  const query = (url: string, extra: Record<string, unknown> = {}) => post(url, { verb: 'query', limit: 100, ...extra });

  before(async () => {
    vigil = await startTestVigil();
    const events = [
      processEvent(1, EARLIEST_SVCHOST), processEvent(1, LATEST_SVCHOST), processEvent(2, hoursAgo(3)),
      downloadEvent(1, hoursAgo(4)), downloadEvent(3, hoursAgo(1)),
    ];
    const posted = await postEvents(vigil, events);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, 5);
  });
  after(() => vigil.destroy());

  test('endpoints/instances (and the ATP 3.x entities/endpoints): device_uid, device_name, device_ip, time', async () => {
    for (const url of ['/atpapi/v2/entities/endpoints/instances', '/atpapi/v2/entities/endpoints']) {
      const page = await query(url);
      assert.equal(page.status, 200);
      assert.deepEqual(Object.keys(page.body).sort(), ['next', 'result', 'total']);
      assert.equal(page.body.total, 3);
      const first = page.body.result[0];
      assert.deepEqual(first, { device_uid: 'dev-3', device_name: 'WS-3', device_ip: '10.0.0.3', time: first.time, ip_addresses: ['10.0.0.3'] });
      const one = await query(url, { query: 'device_uid: (dev-2)' });
      assert.deepEqual(one.body.result.map((e: { device_uid: string }) => e.device_uid), ['dev-2']);
      const byAddress = await query(url, { query: 'device_ip: 10.0.0.0/30' });
      assert.deepEqual(byAddress.body.result.map((e: { device_uid: string }) => e.device_uid).sort(), ['dev-1', 'dev-2', 'dev-3']);
    }
  });

  test('files/instances: one record per file and place, seen times folded over endpoints', async () => {
    const page = await query('/atpapi/v2/entities/files/instances', { query: `sha2: ${SHA_A}` });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 1);
    const [instance] = page.body.result;
    assert.deepEqual(Object.keys(instance).sort(), ['first_seen', 'folder', 'last_seen', 'name', 'sha2']);
    assert.equal(instance.name, 'svchost.exe');
    assert.equal(instance.folder, 'CSIDL_SYSTEM');
    assert.equal(instance.first_seen, EARLIEST_SVCHOST);
    assert.equal(instance.last_seen, LATEST_SVCHOST);
    const ofB = await query(`/atpapi/v2/entities/files/${SHA_B}/instances`);
    assert.deepEqual(ofB.body.result.map((i: { name: string }) => i.name).sort(), ['explorer.exe', 'payload.bin']);
    assert.equal((await query('/atpapi/v2/entities/files/xyz/instances')).status, 400);
  });

  test('GET entities/files/{sha2}: the file entity; {} with 200 when never seen', async () => {
    const file = await sendJson(vigil, 'GET', `/atpapi/v2/entities/files/${SHA_B.toUpperCase()}`, undefined, vigil.tokens.viewer);
    assert.equal(file.status, 200);
    assert.equal(file.body.type, 'file_latest');
    assert.equal(file.body.sha2, SHA_B.toLowerCase());
    assert.equal(file.body.size, 1536);
    assert.equal(file.body.signature_company_name, 'Microsoft Windows');
    assert.equal(file.body.file_health, 1);
    for (const field of ['first_seen', 'last_seen', 'name']) assert.equal(typeof file.body[field], 'string', field);
    const unseen = await sendJson(vigil, 'GET', `/atpapi/v2/entities/files/${'f'.repeat(64)}`, undefined, vigil.tokens.viewer);
    assert.equal(unseen.status, 200);
    assert.deepEqual(unseen.body, {});
    // A hash on the deny list is Bad (3).
    await sendJson(vigil, 'POST', '/atpapi/v2/policies/deny_list', { verb: 'create', policies: [{ target_type: 'sha256', target_value: SHA_A }] }, vigil.tokens.analyst);
    assert.equal((await sendJson(vigil, 'GET', `/atpapi/v2/entities/files/${SHA_A}`, undefined, vigil.tokens.viewer)).body.file_health, 3);
  });

  test('domains/instances with disposition from the lists; associations in their documented shapes', async () => {
    const domains = await query('/atpapi/v2/entities/domains/instances', { query: 'data_source_url_domain: (bad.example.net)' });
    assert.equal(domains.body.total, 1);
    assert.deepEqual(Object.keys(domains.body.result[0]).sort(), ['data_source_url', 'data_source_url_domain', 'disposition', 'external_ip', 'first_seen', 'last_seen']);
    assert.equal(domains.body.result[0].disposition, 1);
    await sendJson(vigil, 'POST', '/atpapi/v2/policies/deny_list', { verb: 'create', policies: [{ target_type: 'domain', target_value: 'bad.example.net' }] }, vigil.tokens.analyst);
    assert.equal((await query('/atpapi/v2/entities/domains/instances')).body.result[0].disposition, 3);

    const endpointDomains = await query('/atpapi/v2/associations/entities/endpoints-domains');
    assert.equal(endpointDomains.body.total, 2);
    assert.deepEqual(Object.keys(endpointDomains.body.result[0]).sort(),
      ['data_source_url', 'data_source_url_domain', 'device_ip', 'device_name', 'device_uid', 'first_seen', 'last_seen']);

    const endpointFiles = await query('/atpapi/v2/associations/entities/endpoints-files', { query: 'device_uid: dev-1' });
    assert.deepEqual(endpointFiles.body.result.map((r: { name: string }) => r.name).sort(), ['explorer.exe', 'payload.bin', 'svchost.exe']);
    assert.deepEqual(Object.keys(endpointFiles.body.result[0]).sort(), ['device_ip', 'device_name', 'device_uid', 'first_seen', 'folder', 'last_seen', 'name', 'sha2']);

    const domainFiles = await query('/atpapi/v2/associations/entities/domains-files');
    assert.equal(domainFiles.body.total, 2);
    assert.deepEqual(Object.keys(domainFiles.body.result[0]).sort(),
      ['data_source_url', 'data_source_url_domain', 'device_ip', 'device_name', 'device_uid', 'first_seen', 'last_seen', 'name', 'sha2', 'signature_company_name']);
    assert.equal(domainFiles.body.result[0].name, 'payload.bin');
  });

  test('paging with next gets every record once; a window narrows by last seen; bad queries are 400 with the position', async () => {
    const first = await query('/atpapi/v2/associations/entities/endpoints-files', { limit: 2 });
    assert.equal(first.body.result.length, 2);
    assert.ok(first.body.next);
    const second = await query('/atpapi/v2/associations/entities/endpoints-files', { limit: 2, next: first.body.next });
    const third = await query('/atpapi/v2/associations/entities/endpoints-files', { limit: 2, next: second.body.next });
    const all = [...first.body.result, ...second.body.result, ...third.body.result].map((r) => JSON.stringify(r));
    assert.equal(all.length, first.body.total);
    assert.equal(new Set(all).size, all.length);
    const recent = await query('/atpapi/v2/entities/endpoints/instances', { start_time: hoursAgo(1.5), end_time: new Date().toISOString() });
    assert.deepEqual(recent.body.result.map((e: { device_uid: string }) => e.device_uid), ['dev-3']);
    const bad = await query('/atpapi/v2/entities/endpoints/instances', { query: 'device_uid:(' });
    assert.equal(bad.status, 400);
    assert.equal(typeof bad.body.position, 'number');
    assert.equal((await post('/atpapi/v2/entities/endpoints/instances', { verb: 'query' }, vigil.tokens.ingest)).status, 403);
  });
});
