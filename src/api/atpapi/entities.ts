// /atpapi/v2 entities and associations (reference §2.4, rows 9-14): endpoints, domains and files
// Vigil has seen, and which endpoint saw which domain or file. Records are read from the entity
// tables (kept up to date at ingest), filtered by the query in memory, and paged with `next`.
import type { FastifyInstance } from 'fastify';
import type { DomainSighting, FileSighting, FileSummary, PolicyList } from '../../model/index.ts';
import { defineQuerySchema } from '../../query/index.ts';
import type { Store, TimeWindow } from '../../store/index.ts';
import { pageEnvelope } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import type { RouteContext } from '../routes/context.ts';
import { protectedRoute } from '../routes/route-options.ts';
import {
  ASSOCIATION, DOMAIN_INSTANCE, ENDPOINT_INSTANCE, ENVELOPE_ERRORS, FILE_ENTITY, FILE_INSTANCE, pageOf, queryEnvelope, ref, type SharedSchema,
} from '../schemas/index.ts';
import { parseEntityEnvelope, type LimitRule } from './envelope.ts';
import { recordPage, SCAN_LIMIT } from './record-page.ts';

const ENTITY_LIMIT: LimitRule = { fallback: 100, max: 1000 };
const SHA256 = /^[0-9a-f]{64}$/i;

const ENTITY_QUERY_SCHEMA = defineQuerySchema({
  fields: {
    device_uid: { kind: 'text' },
    device_name: { kind: 'text' },
    time: { kind: 'time' },
    first_seen: { kind: 'time' },
    last_seen: { kind: 'time' },
    sha2: { kind: 'text' },
    name: { kind: 'text' },
    folder: { kind: 'text' },
    data_source_url: { kind: 'text' },
    data_source_url_domain: { kind: 'text' },
    signature_company_name: { kind: 'text' },
    disposition: { kind: 'integer' },
  },
  suffixes: { _ip: { kind: 'ip' } },
  freeTextFields: ['device_name', 'name', 'folder', 'data_source_url_domain', 'data_source_url'],
});

/** Domain disposition: 0 healthy/good, 1 unknown, 2 suspicious, 3 bad. Vigil knows only its own lists. */
const DISPOSITION: Record<PolicyList | 'none', number> = { allow: 0, none: 1, deny: 3 };
/** File health: 0 Good, 1 Neutral, 2 Suspicious, 3 Bad, 4 Analyzing. */
const FILE_HEALTH: Record<PolicyList | 'none', number> = { allow: 0, none: 1, deny: 3 };

/** Present fields only, so an absent name or address is left out rather than sent as undefined. */
function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== '')) as T;
}

/** Sightings folded per `keyOf` (dropping the endpoint): the earliest first_seen and the latest last_seen. */
function foldSightings<S extends { first_seen: string; last_seen: string }, R extends Record<string, unknown>>(
  sightings: S[], keyOf: (sighting: S) => string, shape: (sighting: S) => R,
): (R & { first_seen: string; last_seen: string })[] {
  const folded = new Map<string, R & { first_seen: string; last_seen: string }>();
  for (const sighting of sightings) {
    const key = keyOf(sighting);
    const known = folded.get(key);
    if (!known) folded.set(key, { ...shape(sighting), first_seen: sighting.first_seen, last_seen: sighting.last_seen });
    else {
      if (sighting.first_seen < known.first_seen) known.first_seen = sighting.first_seen;
      if (sighting.last_seen > known.last_seen) known.last_seen = sighting.last_seen;
    }
  }
  return [...folded.values()];
}

function fileInstances(sightings: FileSighting[]) {
  return foldSightings(sightings, (s) => JSON.stringify([s.sha2, s.folder, s.name]), ({ sha2, name, folder }) => ({ sha2, name, folder }));
}

async function domainInstances(store: Store, sightings: DomainSighting[]) {
  const lists = await store.policyListsOf('domain', [...new Set(sightings.map((s) => s.data_source_url_domain))]);
  return foldSightings(sightings, (s) => JSON.stringify([s.data_source_url_domain, s.data_source_url, s.external_ip]), (s) => defined({
    data_source_url_domain: s.data_source_url_domain,
    disposition: DISPOSITION[lists.get(s.data_source_url_domain) ?? 'none'],
    data_source_url: s.data_source_url,
    external_ip: s.external_ip,
  }));
}

async function fileEntity(store: Store, file: FileSummary) {
  const list = (await store.policyListsOf('sha256', [file.sha2])).get(file.sha2);
  return defined({ type: 'file_latest', ...file, file_health: FILE_HEALTH[list ?? 'none'] });
}

type Lookup = (store: Store, window: TimeWindow, params: Record<string, string>) => Promise<Record<string, unknown>[]>;

const endpointInstances: Lookup = async (store, window) => (await store.endpointsSeen(window, SCAN_LIMIT))
  .map(({ device_uid, device_name, device_ip, last_seen }) => defined({ device_uid, device_name, device_ip, time: last_seen, ip_addresses: device_ip ? [device_ip] : undefined }));

const SHA2_PARAMS = { type: 'object', required: ['sha2'], properties: { sha2: { type: 'string', description: 'The SHA-256 (64 hex characters).' } } } as const;

interface EntityLookup { url: string; summary: string; item: SharedSchema; lookup: Lookup }

const LOOKUPS: readonly EntityLookup[] = [
  { url: '/atpapi/v2/entities/endpoints/instances', summary: 'Endpoints seen', item: ENDPOINT_INSTANCE, lookup: endpointInstances },
  { url: '/atpapi/v2/entities/endpoints', summary: 'Endpoints seen (the ATP 3.x name)', item: ENDPOINT_INSTANCE, lookup: endpointInstances },
  {
    url: '/atpapi/v2/entities/domains/instances', summary: 'Domains seen', item: DOMAIN_INSTANCE,
    lookup: async (store, window) => domainInstances(store, await store.domainSightings(window, SCAN_LIMIT)),
  },
  {
    url: '/atpapi/v2/entities/files/instances', summary: 'Files seen, per folder and name', item: FILE_INSTANCE,
    lookup: async (store, window) => fileInstances(await store.fileSightings(window, SCAN_LIMIT)),
  },
  {
    url: '/atpapi/v2/entities/files/:sha2/instances', summary: 'Where one file was seen', item: FILE_INSTANCE,
    lookup: async (store, window, params) => {
      if (!SHA256.test(params.sha2)) throw new ApiError(400, 'the file is named by its sha256 (64 hexadecimal characters)');
      return fileInstances(await store.fileSightings(window, SCAN_LIMIT, params.sha2));
    },
  },
  {
    url: '/atpapi/v2/associations/entities/endpoints-files', summary: 'Which endpoint had which file', item: ASSOCIATION,
    lookup: async (store, window) => (await store.fileSightings(window, SCAN_LIMIT))
      .map(({ first_seen, last_seen, sha2, name, folder, device_uid, device_ip, device_name }) => defined({ first_seen, last_seen, sha2, name, folder, device_uid, device_ip, device_name })),
  },
  {
    url: '/atpapi/v2/associations/entities/endpoints-domains', summary: 'Which endpoint reached which domain', item: ASSOCIATION,
    lookup: async (store, window) => (await store.domainSightings(window, SCAN_LIMIT))
      .map(({ first_seen, last_seen, data_source_url, data_source_url_domain, device_uid, device_ip, device_name }) => defined({
        first_seen, last_seen, data_source_url, data_source_url_domain, device_uid, device_ip, device_name,
      })),
  },
  {
    url: '/atpapi/v2/associations/entities/domains-files', summary: 'Which file came from which domain', item: ASSOCIATION,
    lookup: async (store, window) => (await store.domainFileSightings(window, SCAN_LIMIT)).map((sighting) => defined({ ...sighting })),
  },
];

const ENTITY_DESCRIPTION = 'start_time/end_time are optional and narrow by last seen. The query is matched in memory over at most the '
  + `${SCAN_LIMIT.toLocaleString('en')} most recently seen records.`;

export function atpEntityRoutes(app: FastifyInstance, { store }: RouteContext): void {
  for (const { url, summary, item, lookup } of LOOKUPS) {
    app.post(url, protectedRoute(store, 'read', {
      tags: ['Symantec EDR API'],
      summary,
      description: ENTITY_DESCRIPTION,
      ...(url.includes(':sha2') ? { params: SHA2_PARAMS } : {}),
      body: queryEnvelope(ENTITY_LIMIT),
      responses: { 200: { description: 'A page of records.', ...pageOf(ref(item)) } },
      errors: ENVELOPE_ERRORS,
    }), async (request) => {
      const envelope = parseEntityEnvelope(request.body, ENTITY_LIMIT);
      const records = await lookup(store, { from: envelope.from, to: envelope.to }, request.params as Record<string, string>);
      const page = recordPage(records, envelope.query, ENTITY_QUERY_SCHEMA, { offset: envelope.cursor.offset, limit: envelope.limit });
      return pageEnvelope(page.result, page.total, envelope.cursor);
    });
  }

  // An unseen file is {} with 200, which clients take for "never seen" (reference §1.4).
  app.get('/atpapi/v2/entities/files/:sha2', protectedRoute(store, 'read', {
    tags: ['Symantec EDR API'],
    summary: 'One file by its SHA-256',
    params: SHA2_PARAMS,
    responses: { 200: { description: 'The file, or {} when Vigil never saw it.', ...ref(FILE_ENTITY) } },
    errors: { 400: 'Not a SHA-256.' },
  }), async (request) => {
    const { sha2 } = request.params as { sha2: string };
    if (!SHA256.test(sha2)) throw new ApiError(400, 'the file is named by its sha256 (64 hexadecimal characters)');
    const file = await store.getFile(sha2);
    return file ? fileEntity(store, file) : {};
  });
}
