// A batch's file and domain sightings, and its incident × endpoint hits, are folded per row before
// they are upserted (entity-writer.ts, endpoint-merge.ts). The fold must leave every row exactly as upserting the sightings one by one
// does, whatever the order and grouping: checked by committing the same random events (and hits)
// to one database in one batch and to another one at a time, then comparing the tables.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { EdrEvent } from '../../src/model/index.ts';
import { openSqliteStore, type EndpointHit } from '../../src/store/index.ts';
import { foldEndpointHits } from '../../src/store/sqlite/endpoint-merge.ts';
import { batch, detection, incident, tempDatabasePath } from './fixtures.ts';

const TABLES = {
  files: 'SELECT * FROM files ORDER BY sha2',
  file_instances: 'SELECT * FROM file_instances ORDER BY sha2, device_uid, folder, name',
  domain_instances: 'SELECT * FROM domain_instances ORDER BY domain, url, device_uid, external_ip',
  domain_files: 'SELECT * FROM domain_files ORDER BY domain, url, sha2, device_uid, name',
  incident_endpoints: 'SELECT * FROM incident_endpoints ORDER BY incident_uuid, endpoint_key',
};

function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(Object.entries(TABLES).map(([table, sql]) => [table, db.prepare(sql).all()]));
  } finally {
    db.close();
  }
}

const sha = (n: number) => String(n).repeat(64).slice(0, 64);
const time = (second: number) => `2026-11-28T10:00:${String(second).padStart(2, '0')}.000Z`;

/** An event naming a file (facts sometimes missing) and sometimes a URL, on one of a few devices. */
const sighting = fc.record({
  file: fc.integer({ min: 1, max: 3 }),
  device: fc.constantFrom('dev-a', 'dev-b'),
  second: fc.integer({ min: 0, max: 59 }),
  md5: fc.option(fc.constantFrom('a'.repeat(32), 'b'.repeat(32)), { nil: undefined }),
  name: fc.constantFrom('', 'one.exe', 'two.exe'),
  size: fc.option(fc.constantFrom(10, 20), { nil: undefined }),
  signer: fc.option(fc.constantFrom('Vendor A', 'Vendor B'), { nil: undefined }),
  url: fc.option(fc.constantFrom('https://one.example/a', 'https://two.example/b'), { nil: undefined }),
});

/** A hit on one of two incidents by one of two endpoints, whose address and name sometimes change or are missing. */
const hit = fc.record({
  incident: fc.constantFrom('inc-1', 'inc-2'),
  device: fc.constantFrom('dev-a', 'dev-b'),
  ip: fc.constantFrom(undefined, '', '192.0.2.1', '192.0.2.2'),
  name: fc.constantFrom(undefined, 'HOST-A', 'HOST-B'),
  count: fc.integer({ min: 1, max: 3 }),
  first: fc.integer({ min: 0, max: 50 }),
  span: fc.integer({ min: 0, max: 9 }),
});

test('folding a batch\'s sightings and hits per row stores the same rows as upserting them one by one', async () => {
  await fc.assert(fc.asyncProperty(fc.array(sighting, { minLength: 1, maxLength: 25 }), fc.array(hit, { maxLength: 25 }), async (sightings, hits) => {
    const events: EdrEvent[] = sightings.map((s, n) => detection({
      event_uuid: `fold-${n}`, device_uid: s.device, device_time: time(s.second),
      file: { sha2: sha(s.file), name: s.name, md5: s.md5, size: s.size, signature_company_name: s.signer, path: `C:\\apps\\${s.name}` },
      ...(s.url ? { data_source_url: s.url } : {}),
    }));
    const endpointHits: EndpointHit[] = hits.map((h) => ({
      incident_uuid: h.incident, device_uid: h.device, device_ip: h.ip, device_name: h.name, event_count: h.count, first_seen: time(h.first), last_seen: time(h.first + h.span),
    }));
    const incidents = [incident({ uuid: 'inc-1', grouping_key: 'k1' }), incident({ uuid: 'inc-2', grouping_key: 'k2' })];
    const together = tempDatabasePath();
    const apart = tempDatabasePath();
    try {
      const one = await openSqliteStore(together.path);
      await one.commit(batch({ createdIncidents: incidents, events, endpointHits }));
      await one.close();
      const each = await openSqliteStore(apart.path);
      await each.commit(batch({ createdIncidents: incidents }));
      for (const event of events) await each.commit(batch({ events: [event] }));
      for (const single of endpointHits) await each.commit(batch({ endpointHits: [single] }));
      await each.close();
      assert.deepEqual(dump(together.path), dump(apart.path));
    } finally {
      together.cleanup();
      apart.cleanup();
    }
  }), { numRuns: 60 });
});

test('the hits on one row are folded when they agree on the address and name, and left apart, in order, when not', () => {
  const hitOf = (ip: string | undefined, count: number, first: number, last: number, device = 'dev-a'): EndpointHit => ({
    incident_uuid: 'inc-1', device_uid: device, device_ip: ip, device_name: 'HOST-A', event_count: count, first_seen: time(first), last_seen: time(last),
  });
  assert.deepEqual(foldEndpointHits([hitOf('192.0.2.1', 2, 10, 20), hitOf('192.0.2.1', 3, 5, 15), hitOf('192.0.2.1', 1, 1, 1, 'dev-b')]), [hitOf('192.0.2.1', 5, 5, 20), hitOf('192.0.2.1', 1, 1, 1, 'dev-b')]);
  const disagreeing = [hitOf('192.0.2.1', 2, 10, 20), hitOf(undefined, 1, 30, 30), hitOf('192.0.2.1', 3, 5, 15)];
  assert.deepEqual(foldEndpointHits(disagreeing), disagreeing);
});
