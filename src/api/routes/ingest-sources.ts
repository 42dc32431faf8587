// GET /api/v1/ingest/sources: what each ingest source (the syslog listeners, HTTP ?format= ingest,
// dead-letter replays) has received, parsed and rejected, per listener and per peer address, and
// the dead letters' fill. Counters live in memory and start at zero with the server.
import type { FastifyInstance } from 'fastify';
import { COUNTER_NAMES } from '../../ingest/listeners/index.ts';
import type { RouteContext } from './context.ts';
import { protectedRoute } from './route-options.ts';

const COUNTS = Object.fromEntries(COUNTER_NAMES.map((name) => [name, { type: 'integer' }]));

const LISTENER = {
  type: 'object',
  required: ['name', 'protocol', 'connections', 'refused', 'errors', 'totals', 'peers', 'other_peers'],
  properties: {
    name: { type: 'string', description: 'syslog-udp, syslog-tcp, syslog-tls, http or dead-letter-replay.' },
    protocol: { type: 'string', enum: ['udp', 'tcp', 'tls', 'http', 'replay'] },
    address: { type: 'string' },
    port: { type: 'integer' },
    connections: { type: 'integer', description: 'TCP and TLS connections open now.' },
    refused: { type: 'integer', description: 'Connections or datagrams from peers outside --syslog-allow.' },
    errors: { type: 'integer', description: 'Socket errors and failed TLS handshakes.' },
    totals: { type: 'object', properties: COUNTS, description: 'Every line of the listener (docs/CONNECTORS.md says what each counter counts).' },
    peers: {
      type: 'array',
      description: `Per peer address, most recently seen first; at most 256 (the least recently seen are folded into other_peers).`,
      items: { type: 'object', properties: { address: { type: 'string' }, first_seen: { type: 'string' }, last_seen: { type: 'string' }, ...COUNTS } },
    },
    other_peers: { type: 'object', properties: { peers: { type: 'integer' }, ...COUNTS } },
  },
};

export function ingestSourceRoutes(app: FastifyInstance, { store, lineIngest }: RouteContext): void {
  app.get('/api/v1/ingest/sources', protectedRoute(store, 'operate-ingest', {
    tags: ['Events'],
    summary: 'Ingest sources and their counters',
    description: 'Per listener and per peer: lines received, parsed, rejected, dead-lettered, dropped; bytes. In memory since the server started.',
    responses: {
      200: {
        description: 'The listeners and the dead letters\' fill.',
        type: 'object',
        required: ['listeners', 'dead_letters'],
        properties: {
          listeners: { type: 'array', items: LISTENER },
          dead_letters: {
            type: 'object',
            properties: {
              stored: { type: 'integer' },
              max_rows: { type: 'integer', description: 'The bound (--dead-letter-max-rows).' },
              dropped: { type: 'integer', description: 'The oldest letters deleted to keep the bound, since the database was created.' },
            },
          },
        },
      },
    },
  }), async () => ({
    listeners: lineIngest.sources.snapshot(),
    dead_letters: {
      stored: (await store.deadLetters.list({}, { offset: 0, limit: 0 }, 'desc')).total,
      max_rows: lineIngest.deadLetterMaxRows,
      dropped: await store.deadLetters.dropped(),
    },
  }));
}
