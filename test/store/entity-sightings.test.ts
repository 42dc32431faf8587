// Which files and domains an event names, for the entity tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EdrEvent } from '../../src/model/index.ts';
import { sightingsOf } from '../../src/store/sqlite/entity-sightings.ts';

const base = { event_uuid: 'e1', type_id: 8001, device_time: '2026-11-28T00:00:00.000Z', log_time: '2026-11-28T00:00:00.000Z', device_uid: 'dev-1' };
const sha = (c: string) => c.repeat(64);

test('an event naming no file with a sha256 and no domain gives nothing (the common network detection)', () => {
  assert.equal(sightingsOf({ ...base, external_ip: '203.0.113.9' } as EdrEvent), undefined);
  assert.equal(sightingsOf({ ...base, file: { sha2: 'not-a-hash', name: 'x.exe' } } as EdrEvent), undefined);
});

test('files: name and folder from the path (Windows or POSIX) unless given; hashes lower-cased; one sighting per place', () => {
  const sightings = sightingsOf({
    ...base,
    file: { sha2: sha('A'), path: '/usr/bin/curl', md5: 'F'.repeat(32), size: 10 },
    process: { file: { sha2: sha('a'), path: '/usr/bin/curl' } },
    event_actor: { file: { sha2: sha('b'), name: 'Given.exe', folder: 'csidl_profile\\appdata', path: 'C:\\x\\y.exe', md5: 'short' } },
  } as unknown as EdrEvent)!;
  assert.deepEqual(sightings.files, [
    { sha2: sha('a'), md5: 'f'.repeat(32), name: 'curl', folder: '/usr/bin', size: 10, signature_company_name: null },
    { sha2: sha('b'), md5: null, name: 'Given.exe', folder: 'csidl_profile\\appdata', size: null, signature_company_name: null },
  ]);
  assert.equal(sightings.domain, undefined);
  assert.equal(sightings.domainFile, undefined);
});

test('domains: from data_source_url_domain, else the URL host; the event file is then a file from that domain', () => {
  const fromUrl = sightingsOf({ ...base, data_source_url: 'https://Evil.Example:8443/a?b=c', external_ip: '198.51.100.1' } as EdrEvent)!;
  assert.deepEqual(fromUrl.domain, { domain: 'evil.example', url: 'https://Evil.Example:8443/a?b=c', external_ip: '198.51.100.1' });
  const bare = sightingsOf({ ...base, data_source_url: 'evil.example/x' } as EdrEvent)!;
  assert.equal(bare.domain?.domain, 'evil.example');
  const download = sightingsOf({ ...base, data_source_url_domain: 'Files.Example', file: { sha2: sha('c'), name: 'p.bin' } } as unknown as EdrEvent)!;
  assert.equal(download.domain?.domain, 'files.example');
  assert.equal(download.domainFile?.name, 'p.bin');
  assert.equal(sightingsOf({ ...base, data_source_url: '::::' } as EdrEvent), undefined);
  // The seed carries a URL where the domain belongs.
  assert.equal(sightingsOf({ ...base, data_source_url_domain: 'https://Source.url.example.com' } as EdrEvent)?.domain?.domain, 'source.url.example.com');
});
