// Entities and associations as /atpapi/v2 answers them (reference §2.4). Fields Vigil has not seen
// are left out, so few are required.
import type { SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;
const SEEN = { first_seen: TIME, last_seen: TIME } as const;
const ENDPOINT_FIELDS = { device_uid: { type: 'string' }, device_name: { type: 'string' }, device_ip: { type: 'string' } } as const;
const DOMAIN_FIELDS = { data_source_url_domain: { type: 'string' }, data_source_url: { type: 'string' } } as const;
const FILE_INSTANCE_FIELDS = { sha2: { type: 'string' }, name: { type: 'string' }, folder: { type: 'string' } } as const;

export const ENDPOINT_INSTANCE = {
  $id: 'EndpointInstance',
  type: 'object',
  required: ['device_uid', 'time'],
  properties: { ...ENDPOINT_FIELDS, time: { ...TIME, description: 'When last seen.' }, ip_addresses: { type: 'array', items: { type: 'string' } } },
} as const satisfies SharedSchema;

export const DOMAIN_INSTANCE = {
  $id: 'DomainInstance',
  type: 'object',
  required: ['data_source_url_domain', 'first_seen', 'last_seen', 'disposition'],
  properties: {
    ...DOMAIN_FIELDS, ...SEEN,
    external_ip: { type: 'string' },
    disposition: { type: 'integer', description: '0 good (allow list), 1 unknown, 3 bad (deny list).' },
  },
} as const satisfies SharedSchema;

export const FILE_INSTANCE = {
  $id: 'FileInstance',
  type: 'object',
  required: ['sha2', 'name', 'folder', 'first_seen', 'last_seen'],
  properties: { ...FILE_INSTANCE_FIELDS, ...SEEN },
} as const satisfies SharedSchema;

export const ASSOCIATION = {
  $id: 'Association',
  type: 'object',
  description: 'endpoints-files: a file instance and its endpoint; endpoints-domains: a domain URL and its endpoint; '
    + 'domains-files: a file from a domain URL, with signature_company_name, and its endpoint.',
  required: ['first_seen', 'last_seen'],
  properties: { ...SEEN, ...ENDPOINT_FIELDS, ...DOMAIN_FIELDS, ...FILE_INSTANCE_FIELDS, signature_company_name: { type: 'string' } },
} as const satisfies SharedSchema;

export const FILE_ENTITY = {
  $id: 'FileEntity',
  type: 'object',
  description: 'A file as Vigil saw it, or {} when it never did. file_health: 0 Good (allow list), 1 Neutral, 3 Bad (deny list).',
  properties: {
    type: { type: 'string', enum: ['file_latest'] },
    sha2: { type: 'string' },
    md5: { type: 'string' },
    name: { type: 'string' },
    size: { type: 'integer' },
    signature_company_name: { type: 'string' },
    ...SEEN,
    file_health: { type: 'integer' },
  },
} as const satisfies SharedSchema;
