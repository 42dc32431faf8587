// /atpapi/v2 deny and allow lists: create, list with filters and the EDR's cursor, delete, both
// the 4.x and 3.x names, value checking, roles and audit events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sendJson, startTestVigil, type TestVigil } from '../helpers/vigil.ts';

describe('/atpapi/v2 policies', () => {
  let vigil: TestVigil;
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, token = vigil.tokens.analyst) => sendJson(vigil, method, url, payload, token);
  const create = (list: string, policies: unknown[], token?: string) => call('POST', `/atpapi/v2/policies/${list}`, { verb: 'create', policies }, token);

  before(async () => {
    vigil = await startTestVigil();
  });
  after(() => vigil.destroy());

  test('create returns string ids in order; the list shows the documented record, comment only when given', async () => {
    const created = await create('deny_list', [
      { target_type: 'ip', target_value: '203.0.113.66', comment: 'Trickbot C2' },
      { target_type: 'url', target_value: 'https://facebook.com', comment: 'Used for API testing' },
      { target_type: 'sha256', target_value: 'A'.repeat(64) },
      { target_type: 'domain', target_value: 'Evil.Example.COM' },
    ]);
    assert.equal(created.status, 200);
    assert.equal(created.body.ids.length, 4);
    for (const id of created.body.ids) assert.match(id, /^\d+$/);

    const listed = await call('GET', '/atpapi/v2/policies/deny_list?limit=10');
    assert.equal(listed.status, 200);
    assert.deepEqual(Object.keys(listed.body).sort(), ['next', 'result']);
    assert.equal(listed.body.next, null);
    assert.deepEqual(listed.body.result, [
      { id: created.body.ids[0], target_type: 'ip', target_value: '203.0.113.66', comment: 'Trickbot C2' },
      { id: created.body.ids[1], target_type: 'url', target_value: 'https://facebook.com', comment: 'Used for API testing' },
      { id: created.body.ids[2], target_type: 'sha256', target_value: 'a'.repeat(64) },
      { id: created.body.ids[3], target_type: 'domain', target_value: 'evil.example.com' },
    ]);
    // The same list under its ATP 3.x name.
    assert.deepEqual((await call('GET', '/atpapi/v2/policies/blacklist?limit=10')).body.result, listed.body.result);
    // The allow list is a different list.
    assert.deepEqual((await call('GET', '/atpapi/v2/policies/allow_list')).body.result, []);
  });

  test('creating a value already listed returns its id and adds no twin', async () => {
    const first = await create('allow_list', [{ target_type: 'ip', target_value: '192.0.2.10' }]);
    const again = await create('whitelist', [{ target_type: 'ip', target_value: '192.0.2.10', comment: 'again' }]);
    assert.deepEqual(again.body.ids, first.body.ids);
    assert.equal((await call('GET', '/atpapi/v2/policies/allow_list?ip=192.0.2.10')).body.result.length, 1);
  });

  test('filters: id, ip, url (URL-encoded, as clients send it), domain, sha256, md5', async () => {
    const filter = async (query: string) => (await call('GET', `/atpapi/v2/policies/deny_list?limit=10&${query}`)).body.result.map((p: { target_value: string }) => p.target_value);
    assert.deepEqual(await filter('ip=203.0.113.66'), ['203.0.113.66']);
    assert.deepEqual(await filter(`url=${encodeURIComponent(encodeURIComponent('https://facebook.com'))}`), ['https://facebook.com']);
    assert.deepEqual(await filter(`url=${encodeURIComponent('https://facebook.com')}`), ['https://facebook.com']);
    assert.deepEqual(await filter('domain=EVIL.example.com'), ['evil.example.com']);
    assert.deepEqual(await filter(`sha256=${'A'.repeat(64)}`), ['a'.repeat(64)]);
    assert.deepEqual(await filter(`md5=${'b'.repeat(32)}`), []);
    const all = (await call('GET', '/atpapi/v2/policies/deny_list?limit=10')).body.result;
    assert.deepEqual(await filter(`id=${all[1].id}`), [all[1].target_value]);
    assert.deepEqual(await filter('id=999999'), []);
    const twoFilters = await call('GET', '/atpapi/v2/policies/deny_list?ip=203.0.113.66&domain=evil.example.com');
    assert.equal(twoFilters.status, 400);
    assert.equal((await call('GET', '/atpapi/v2/policies/deny_list?ip=not-an-ip')).status, 400);
  });

  test('pages with the EDR cursor (base64 "blacklist;<query id>;<offset>;") and gets each entry once', async () => {
    const values = Array.from({ length: 25 }, (_, index) => ({ target_type: 'ip', target_value: `198.51.100.${index + 1}` }));
    assert.equal((await create('deny_list', values)).status, 200);
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const url: string = `/atpapi/v2/policies/deny_list?limit=10${next ? `&next=${encodeURIComponent(next)}` : ''}`;
      const page = await call('GET', url);
      assert.equal(page.status, 200);
      seen.push(...page.body.result.map((p: { id: string }) => p.id));
      next = page.body.next;
      if (next) assert.match(Buffer.from(next, 'base64').toString(), /^blacklist;[0-9a-f-]{36};\d+;$/);
      pages += 1;
    } while (next && pages < 10);
    assert.equal(seen.length, 29);
    assert.equal(new Set(seen).size, 29);
    assert.equal((await call('GET', '/atpapi/v2/policies/allow_list?next=' + encodeURIComponent(Buffer.from('blacklist;x;1;').toString('base64')))).status, 400);
    for (const offset of ['1e20', '99999999999999999999', '-1', '']) {
      const forged = await call('GET', '/atpapi/v2/policies/deny_list?next=' + encodeURIComponent(Buffer.from(`blacklist;x;${offset};`).toString('base64')));
      assert.equal(forged.status, 400, offset);
      assert.equal(forged.body.message, `next is not a cursor this server issued for this list: its offset "${offset}" is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`);
    }
  });

  test('bad entries are refused whole with the JSON path and the expected form', async () => {
    const before = (await call('GET', '/atpapi/v2/policies/deny_list?limit=1000')).body.result.length;
    const bad = await create('deny_list', [
      { target_type: 'ip', target_value: '192.0.2.200' },
      { target_type: 'ip', target_value: '999.1.1.1' },
    ]);
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /policies\[1\]\.target_value: ip entries take an IPv4 or IPv6 address/);
    assert.equal((await call('GET', '/atpapi/v2/policies/deny_list?limit=1000')).body.result.length, before);
    const cases: [unknown, RegExp][] = [
      [{ target_type: 'md5', target_value: 'b'.repeat(32) }, /target_type: must be one of ip, domain, url, sha256, incident_trigger_sig_id/],
      [{ target_type: 'url', target_value: 'not a url' }, /absolute http, https or ftp URL/],
      [{ target_type: 'sha256', target_value: 'abc' }, /SHA-256/],
      [{ target_type: 'domain', target_value: '-bad-.com' }, /domain name/],
      [{ target_type: 'ip', target_value: '192.0.2.1', comment: 'x'.repeat(1025) }, /comment: at most 1024/],
      ['203.0.113.1', /each policy is an object/],
    ];
    for (const [entry, message] of cases) {
      const response = await create('deny_list', [entry]);
      assert.equal(response.status, 400, JSON.stringify(entry));
      assert.match(response.body.message, message);
      assert.deepEqual(Object.keys(response.body).sort(), ['error', 'message', 'status']);
    }
    assert.equal((await call('POST', '/atpapi/v2/policies/deny_list', { verb: 'query' })).status, 400);
    assert.equal((await create('deny_list', [])).status, 400);
  });

  test('IPv6 values are kept in RFC 5952 form, IPv4-mapped as IPv4; the ip filter finds any spelling; zone ids are refused', async () => {
    const spellings = ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8::0001'];
    const created = await create('allow_list', spellings.map((target_value) => ({ target_type: 'ip', target_value })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(new Set(created.body.ids).size, 1, 'one address, one entry');
    const mapped = await create('allow_list', [{ target_type: 'ip', target_value: '::ffff:192.0.2.77' }, { target_type: 'ip', target_value: '::FFFF:c000:24d' }]);
    assert.equal(new Set(mapped.body.ids).size, 1);
    const values = async (ip: string) => (await call('GET', `/atpapi/v2/policies/allow_list?ip=${encodeURIComponent(ip)}`)).body.result.map((p: { target_value: string }) => p.target_value);
    for (const spelling of spellings) assert.deepEqual(await values(spelling), ['2001:db8::1'], spelling);
    assert.deepEqual(await values('192.0.2.77'), ['192.0.2.77']);
    assert.deepEqual(await values('::ffff:192.0.2.77'), ['192.0.2.77']);
    const zoned = await create('allow_list', [{ target_type: 'ip', target_value: '2001:db8::2' }, { target_type: 'ip', target_value: 'fe80::1%eth0' }]);
    assert.equal(zoned.status, 400);
    assert.match(zoned.body.message, /^policies\[1\]\.target_value: .*zone id \(%eth0\)/);
    assert.deepEqual(await values('2001:db8::2'), [], 'nothing of a refused request is written');
    assert.equal((await call('GET', `/atpapi/v2/policies/allow_list?ip=${encodeURIComponent('fe80::1%eth0')}`)).status, 400);
  });

  test('a domain whose last label is a number is refused and pointed at target_type ip', async () => {
    for (const value of ['999.999.999.999', '10.0.0.256', '1.2.3', '192.0.2.1', '0x7f.1']) {
      const refused = await create('deny_list', [{ target_type: 'domain', target_value: value }]);
      assert.equal(refused.status, 400, value);
      assert.match(refused.body.message, /^policies\[0\]\.target_value: .*not a domain name.*target_type ip/, value);
    }
    assert.equal((await create('deny_list', [{ target_type: 'domain', target_value: '1password.com' }])).status, 200);
  });

  test('one URL in several spellings is one entry, and the url filter finds it by any of them', async () => {
    const spellings = ['https://example.org', 'HTTPS://EXAMPLE.ORG', 'https://example.org/', 'https://example.org:443/', 'https://ExAmple.org'];
    const created = await create('allow_list', spellings.map((target_value) => ({ target_type: 'url', target_value })));
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(new Set(created.body.ids).size, 1);
    for (const spelling of spellings) {
      const found = await call('GET', `/atpapi/v2/policies/allow_list?url=${encodeURIComponent(spelling)}`);
      assert.deepEqual(found.body.result.map((p: { target_value: string }) => p.target_value), ['https://example.org'], spelling);
    }
    const withPath = await create('allow_list', [{ target_type: 'url', target_value: 'HTTP://Example.org:80/Gate.php?x=1' }]);
    const listed = await call('GET', `/atpapi/v2/policies/allow_list?url=${encodeURIComponent('http://example.org/Gate.php?x=1')}`);
    assert.deepEqual(listed.body.result.map((p: { id: string; target_value: string }) => [p.id, p.target_value]), [[withPath.body.ids[0], 'http://example.org/Gate.php?x=1']]);
  });

  test('delete answers 204, then 404; the entry is gone', async () => {
    const { body } = await create('deny_list', [{ target_type: 'ip', target_value: '203.0.113.250' }]);
    const id = body.ids[0];
    assert.equal((await call('DELETE', `/atpapi/v2/policies/deny_list/${id}`)).status, 204);
    assert.deepEqual((await call('GET', `/atpapi/v2/policies/deny_list?id=${id}`)).body.result, []);
    const again = await call('DELETE', `/atpapi/v2/policies/blacklist/${id}`);
    assert.equal(again.status, 404);
    assert.match(again.body.message, /could not be found/);
    // An id of the other list is not found in this one.
    const allowed = (await create('allow_list', [{ target_type: 'domain', target_value: 'good.example' }])).body.ids[0];
    assert.equal((await call('DELETE', `/atpapi/v2/policies/deny_list/${allowed}`)).status, 404);
  });

  test('roles: a viewer (the EDR User role) reads but cannot change; no token is 401', async () => {
    assert.equal((await call('GET', '/atpapi/v2/policies/deny_list', undefined, vigil.tokens.viewer)).status, 200);
    assert.equal((await create('deny_list', [{ target_type: 'ip', target_value: '192.0.2.99' }], vigil.tokens.viewer)).status, 403);
    assert.equal((await call('DELETE', '/atpapi/v2/policies/deny_list/1', undefined, vigil.tokens.viewer)).status, 403);
    assert.equal((await create('deny_list', [{ target_type: 'ip', target_value: '192.0.2.99' }], vigil.tokens.ingest)).status, 403);
    const anonymous = await vigil.app.inject({ method: 'GET', url: '/atpapi/v2/policies/deny_list' });
    assert.equal(anonymous.statusCode, 401);
  });

  test('every change is an audit event (type 21, feature Policy)', async () => {
    const { body } = await create('deny_list', [{ target_type: 'domain', target_value: 'audit-me.example' }]);
    await call('DELETE', `/atpapi/v2/policies/deny_list/${body.ids[0]}`);
    const audit = await sendJson(vigil, 'POST', '/atpapi/v2/auditevents', { verb: 'query', query: 'feature_name: Policy', limit: 1000 }, vigil.tokens.admin);
    const messages = audit.body.result.filter((event: { entity_result: { uid: string } }) => event.entity_result.uid === body.ids[0]);
    assert.deepEqual(messages.map((event: { type_id: number; id: number; user_name: string }) => [event.type_id, event.id, event.user_name]).sort(), [[21, 1, 'analyst'], [21, 3, 'analyst']]);
    assert.ok(messages.some((event: { message: string }) => event.message === `Deny list entry ${body.ids[0]} added: domain audit-me.example.`));
  });
});
