// What every route module receives from the server.
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../auth/index.ts';
import type { IncidentFeed } from '../../incidents/index.ts';
import type { LineIngest } from '../../ingest/listeners/index.ts';
import type { Pipeline } from '../../pipeline/index.ts';
import type { Store } from '../../store/index.ts';

export interface RouteContext {
  store: Store;
  pipeline: Pipeline;
  /** Whether the server speaks TLS: session cookies are then Secure. */
  tls: boolean;
  ingestBodyLimit: number;
  /** Announces incident changes made through the API (the pipeline announces its own). */
  incidentFeed: IncidentFeed;
  /** Lines in wire formats (HTTP ?format=, syslog listeners): per-source counters and dead letters. */
  lineIngest: LineIngest;
}

export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    name: principal?.name ?? 'anonymous',
    uid: principal ? `${principal.kind}:${principal.id}` : 'anonymous',
    ip: request.ip,
  };
}
