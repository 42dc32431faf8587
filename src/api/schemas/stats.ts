// The console's counts: the dashboard overview, the search histogram and an incident's timeline.
// Buckets are consecutive, `interval_ms` long and aligned to multiples of it; empty ones are listed.
import type { SharedSchema } from './shared-schema.ts';

const TIME = { type: 'string', format: 'date-time' } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;
const BUCKETS = {
  type: 'array',
  items: { type: 'object', required: ['start', 'count'], properties: { start: TIME, count: COUNT } },
} as const;
const INTERVAL = { type: 'integer', minimum: 1, description: 'The length of every bucket, in milliseconds (a round one: 1 s, 5 min, 1 h, 1 day…).' } as const;

export const EVENT_HISTOGRAM = {
  $id: 'EventHistogram',
  type: 'object',
  required: ['interval_ms', 'total', 'buckets'],
  properties: { interval_ms: INTERVAL, total: { ...COUNT, description: 'Matching events in the window: the sum of the buckets.' }, buckets: BUCKETS },
} as const satisfies SharedSchema;

export const INCIDENT_TIMELINE = {
  $id: 'IncidentTimeline',
  type: 'object',
  required: ['interval_ms', 'start', 'end', 'series'],
  properties: {
    interval_ms: INTERVAL,
    start: { ...TIME, description: 'The incident\'s first event.' },
    end: { ...TIME, description: 'The incident\'s last event.' },
    series: {
      type: 'array',
      description: 'One per endpoint, in the order they joined (the first busy bucket); the same buckets in each.',
      items: {
        type: 'object',
        required: ['device_uid', 'buckets'],
        properties: {
          device_uid: { type: 'string', description: 'Empty for the events that name no device_uid.' },
          device_name: { type: 'string' },
          device_ip: { type: 'string', description: 'As the incident recorded it, else the endpoint inventory\'s.' },
          buckets: BUCKETS,
        },
      },
    },
  },
} as const satisfies SharedSchema;

const TECHNIQUE_ROW = {
  type: 'object',
  required: ['technique_uid', 'technique_name', 'incidents'],
  properties: { technique_uid: { type: 'string' }, technique_name: { type: 'string' }, incidents: COUNT },
} as const;

export const STATS_OVERVIEW = {
  $id: 'StatsOverview',
  type: 'object',
  required: ['open_by_priority', 'incidents_over_time', 'top_signatures', 'top_endpoints', 'top_remote', 'tactics'],
  properties: {
    open_by_priority: {
      type: 'object',
      description: 'Incidents not closed, whatever the window (the workload now), by priority_level: "1" low, "2" medium, "3" high.',
      required: ['1', '2', '3'],
      properties: { 1: COUNT, 2: COUNT, 3: COUNT },
    },
    incidents_over_time: {
      type: 'object',
      description: 'Incidents by the time of their first event.',
      required: ['interval_ms', 'buckets'],
      properties: { interval_ms: INTERVAL, buckets: BUCKETS },
    },
    top_signatures: {
      type: 'array',
      items: {
        type: 'object',
        required: ['signature_id', 'events', 'endpoints'],
        properties: {
          signature_id: { type: 'integer' },
          signature_name: { type: 'string', description: 'As the latest event of the window names it; absent when none does.' },
          events: COUNT,
          endpoints: { ...COUNT, description: 'Distinct device_uid.' },
        },
      },
    },
    top_endpoints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['device_uid', 'events', 'incidents'],
        properties: {
          device_uid: { type: 'string' }, device_name: { type: 'string' }, device_ip: { type: 'string' },
          events: COUNT,
          incidents: { ...COUNT, description: 'Incidents the endpoint took part in during the window.' },
        },
      },
    },
    top_remote: {
      type: 'array',
      items: {
        type: 'object',
        required: ['external_ip', 'events', 'endpoints'],
        properties: { external_ip: { type: 'string' }, events: COUNT, endpoints: { ...COUNT, description: 'Distinct device_uid.' } },
      },
    },
    tactics: {
      type: 'array',
      description: 'The ATT&CK tactics of the incidents active in the window, in the matrix\'s order, named by the ATT&CK catalog in use.',
      items: {
        type: 'object',
        required: ['tactic_uid', 'tactic_name', 'incidents', 'techniques'],
        properties: {
          tactic_uid: { type: 'string' },
          tactic_name: { type: 'string' },
          incidents: COUNT,
          techniques: { type: 'array', description: 'Most incidents first.', items: TECHNIQUE_ROW },
        },
      },
    },
  },
} as const satisfies SharedSchema;
