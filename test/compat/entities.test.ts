// Entities and associations over HTTPS as the clients call them (reference §2 rows 9–14, §2.4, §3):
// Siemplify's ATP 3.x endpoint list, the instance lookups with `{"verb": "query", "limit", "query"}`,
// the three associations, and GET entities/files/{sha2} — `{}` with 200 for a hash never seen.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFieldTypes, assertPage, ISO_MS, minutesAgo, startCompatServer, type CompatServer } from './client.ts';

const ENDPOINT = { device_uid: 'c0e1b083-9aba-48c0-9ba1-39c0c37c5851', device_name: 'WIN-TFB8L7BI77H', device_ip: '172.16.14.58' };
const TOOL_SHA256 = '1dc0c8d7304c177ad0e74d3d2f1002eb773f4b180685a7df6bbe75ccc24b0164';
const TOOL_MD5 = '72f5c05b7ea8dd6059bf59f50b22df33';
const PAYLOAD_SHA256 = 'b'.repeat(63) + '2';
const DOMAIN = 'ctldl.windowsupdate.com';
const FIRST_SEEN = minutesAgo(90);
const LAST_SEEN = minutesAgo(30);

const TIMES = { first_seen: 'string', last_seen: 'string' };
const DEVICE = { device_uid: 'string', device_ip: 'string', device_name: 'string' };

function processEvent(device_time: string) {
  return {
    type_id: 8001, device_time, ...ENDPOINT,
    process: { pid: 4242, file: { sha2: TOOL_SHA256, md5: TOOL_MD5, name: 'certutil.exe', path: 'C:\\Windows\\System32\\certutil.exe', normalized_path: 'CSIDL_SYSTEM\\certutil.exe', size: 1536 } },
  };
}

function downloadEvent(device_time: string) {
  return {
    type_id: 8007, device_time, ...ENDPOINT, external_ip: '203.0.113.9',
    data_source_url: `http://${DOMAIN}/msdownload/update/payload.cab`, data_source_url_domain: DOMAIN,
    file: { sha2: PAYLOAD_SHA256, name: 'payload.cab', path: 'C:\\Users\\x\\AppData\\Local\\Temp\\payload.cab', signature_company_name: 'Microsoft Corporation' },
  };
}

describe('compat: entities and associations', () => {
  let server: CompatServer;
  const lookup = async (path: string, body: Record<string, unknown> = {}) => {
    const page = await server.user.post(path, { verb: 'query', ...body });
    assertPage(page, path);
    return page.body;
  };

  before(async () => {
    server = await startCompatServer();
    const posted = await server.ingest([processEvent(FIRST_SEEN), processEvent(LAST_SEEN), downloadEvent(LAST_SEEN)]);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    assert.equal(posted.body.accepted, 3);
  });
  after(() => server?.stop());

  test('Siemplify\'s POST entities/endpoints {"verb": "query"} lists device_uid, device_ip, device_name to find an endpoint by address', async () => {
    const { result } = await lookup('entities/endpoints');
    const found = result.find((endpoint: { device_ip: string }) => endpoint.device_ip === ENDPOINT.device_ip);
    assert.ok(found, JSON.stringify(result));
    assert.equal(found.device_uid, ENDPOINT.device_uid);
    assert.equal(found.device_name, ENDPOINT.device_name);
  });

  test('endpoints/instances by `device_uid: (x)`: the §2.4 record', async () => {
    const { result, total } = await lookup('entities/endpoints/instances', { limit: 10, query: `device_uid: (${ENDPOINT.device_uid})` });
    assert.equal(total, 1);
    const [endpoint] = result;
    assertFieldTypes(endpoint, { ...DEVICE, time: 'string' }, 'endpoint instance');
    assert.match(endpoint.time, ISO_MS);
    assert.deepEqual({ device_uid: endpoint.device_uid, device_name: endpoint.device_name, device_ip: endpoint.device_ip }, ENDPOINT);
    if ('ip_addresses' in endpoint) assert.ok(Array.isArray(endpoint.ip_addresses));
  });

  test('domains/instances by `data_source_url_domain: (d)`: first_seen, last_seen, the domain and a numeric disposition 0–3', async () => {
    const { result, total } = await lookup('entities/domains/instances', { limit: 10, query: `data_source_url_domain: (${DOMAIN})` });
    assert.equal(total, 1);
    const [domain] = result;
    assertFieldTypes(domain, { ...TIMES, data_source_url_domain: 'string', disposition: 'number' }, 'domain instance');
    assert.equal(domain.data_source_url_domain, DOMAIN);
    assert.ok([0, 1, 2, 3].includes(domain.disposition), String(domain.disposition));
  });

  test('files/instances by `sha2: (a OR b)` and by a first_seen range; files/{sha2}/instances: first_seen, last_seen, sha2, name, folder', async () => {
    const both = await lookup('entities/files/instances', { limit: 10, query: `sha2: (${TOOL_SHA256} OR ${PAYLOAD_SHA256})` });
    assert.deepEqual(both.result.map((file: { name: string }) => file.name).sort(), ['certutil.exe', 'payload.cab']);
    for (const file of both.result) {
      assertFieldTypes(file, { ...TIMES, sha2: 'string', name: 'string', folder: 'string' }, 'file instance');
      assert.match(file.first_seen, ISO_MS);
    }
    const ranged = await lookup('entities/files/instances', { query: `first_seen: [${minutesAgo(100)}  TO ${minutesAgo(80)}]` });
    assert.deepEqual(ranged.result.map((file: { sha2: string }) => file.sha2), [TOOL_SHA256]);
    const ofTool = await lookup(`entities/files/${TOOL_SHA256}/instances`, { limit: 10 });
    assert.equal(ofTool.total, 1);
    assert.equal(ofTool.result[0].first_seen, FIRST_SEEN);
    assert.equal(ofTool.result[0].last_seen, LAST_SEEN);
  });

  test('associations: endpoints-files, endpoints-domains and domains-files carry the §2.4 fields', async () => {
    const endpointFiles = await lookup('associations/entities/endpoints-files', { limit: 10, query: `device_uid: ${ENDPOINT.device_uid}` });
    assert.equal(endpointFiles.total, 2);
    for (const record of endpointFiles.result) assertFieldTypes(record, { ...TIMES, ...DEVICE, sha2: 'string', name: 'string', folder: 'string' }, 'endpoints-files');

    const endpointDomains = await lookup('associations/entities/endpoints-domains', { limit: 10 });
    assert.equal(endpointDomains.total, 1);
    assertFieldTypes(endpointDomains.result[0], { ...TIMES, ...DEVICE, data_source_url: 'string', data_source_url_domain: 'string' }, 'endpoints-domains');

    const domainFiles = await lookup('associations/entities/domains-files', { limit: 10 });
    assert.equal(domainFiles.total, 1);
    assertFieldTypes(domainFiles.result[0], {
      ...TIMES, ...DEVICE, data_source_url: 'string', data_source_url_domain: 'string', sha2: 'string', name: 'string', signature_company_name: 'string',
    }, 'domains-files');
    assert.equal(domainFiles.result[0].sha2, PAYLOAD_SHA256);
  });

  test('GET entities/files/{sha2}: the file entity with numeric file_health; a hash never seen is {} with 200', async () => {
    const file = await server.user.get(`entities/files/${TOOL_SHA256}`);
    assert.equal(file.status, 200, JSON.stringify(file.body));
    assertFieldTypes(file.body, { type: 'string', sha2: 'string', md5: 'string', name: 'string', size: 'number', first_seen: 'string', last_seen: 'string', file_health: 'number' }, 'file');
    assert.equal(file.body.type, 'file_latest');
    assert.equal(file.body.sha2, TOOL_SHA256);
    assert.equal(file.body.md5, TOOL_MD5);
    assert.ok([0, 1, 2, 3, 4].includes(file.body.file_health), String(file.body.file_health));
    const unseen = await server.user.get(`entities/files/${'f'.repeat(64)}`);
    assert.equal(unseen.status, 200);
    assert.deepEqual(unseen.body, {});
  });
});
