// An in-process Vigil on a temporary SQLite file, with an admin, an analyst, a viewer and an
// ingest token, for API tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/index.ts';
import { createIngestToken, createUser, login } from '../../src/auth/index.ts';
import { combineDetectors, detect, startSigmaRules, type SigmaRuleSet } from '../../src/detect/index.ts';
import { IncidentFeed } from '../../src/incidents/index.ts';
import { createPipeline, type Pipeline } from '../../src/pipeline/index.ts';
import { openSqliteStore, type Store } from '../../src/store/index.ts';

export const PASSWORD = 'correct horse battery staple';

export interface TestVigil {
  app: FastifyInstance;
  /** With `sigma: true`: the rule set the pipeline runs (refresh() after changing rules in the store). */
  sigmaRules?: SigmaRuleSet;
  store: Store;
  pipeline: Pipeline;
  /** Where the pipeline and the API announce incident changes. */
  incidentFeed: IncidentFeed;
  dir: string;
  tokens: { admin: string; analyst: string; viewer: string; ingest: string };
  /** Closes the server and store but keeps the database file (for restart tests). */
  stop(): Promise<void>;
  /** Stops and deletes the database. */
  destroy(): Promise<void>;
}

export interface TestVigilOptions {
  dir?: string;
  maxQueuedEvents?: number;
  ingestBodyLimit?: number;
  incidentWindowMs?: number;
  wrapStore?: (store: Store) => Store;
  /** Store the built-in Sigma rules and run the enabled stored ones besides the built-in incident rules, as `vigil serve` does. */
  sigma?: boolean;
}

export async function startTestVigil(options: TestVigilOptions = {}): Promise<TestVigil> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'vigil-test-'));
  const opened = await openSqliteStore(join(dir, 'vigil.db'));
  const store = options.wrapStore ? options.wrapStore(opened) : opened;
  const fresh = (await store.countUsers()) === 0;
  if (fresh) {
    await createUser(store, 'admin', 'admin', PASSWORD);
    await createUser(store, 'analyst', 'analyst', PASSWORD);
    await createUser(store, 'viewer', 'viewer', PASSWORD);
  }
  const ingest = await createIngestToken(store, `test-${Date.now()}`);
  const tokenOf = async (username: string) => (await login(store, username, PASSWORD))!.token;
  const incidentFeed = new IncidentFeed();
  const sigmaRules = options.sigma ? (await startSigmaRules(store, [])).ruleSet : undefined;
  const pipeline = createPipeline({
    store,
    incidentFeed,
    incidentWindowMs: options.incidentWindowMs ?? 24 * 3600_000,
    maxQueuedEvents: options.maxQueuedEvents ?? 100_000,
    detector: sigmaRules && combineDetectors(detect, sigmaRules.detect),
  });
  const app = await buildServer({ store, pipeline, incidentFeed, ingestBodyLimit: options.ingestBodyLimit, sigmaRules });
  await app.ready();
  const stop = async () => {
    await app.close();
    await pipeline.drain();
    await opened.close();
  };
  return {
    app, store, pipeline, incidentFeed, dir, sigmaRules,
    tokens: { admin: await tokenOf('admin'), analyst: await tokenOf('analyst'), viewer: await tokenOf('viewer'), ingest },
    stop,
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function bearer(token: string) {
  return { authorization: `Bearer ${token}` };
}

/** Posts events as JSON with the ingest token; returns status and parsed body. */
export async function postEvents(vigil: TestVigil, events: unknown, token = vigil.tokens.ingest) {
  const response = await vigil.app.inject({
    method: 'POST', url: '/api/v1/events', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(events),
  });
  return { status: response.statusCode, body: response.json() };
}

export async function getJson(vigil: TestVigil, url: string, token = vigil.tokens.viewer) {
  const response = await vigil.app.inject({ method: 'GET', url, headers: bearer(token) });
  return { status: response.statusCode, body: response.json() };
}

/** Sends a JSON body (or none) with a bearer token; returns status and parsed body (undefined when empty). */
export async function sendJson(vigil: TestVigil, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload: unknown, token: string) {
  const response = await vigil.app.inject({
    method, url, headers: { ...bearer(token), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    payload: payload === undefined ? undefined : JSON.stringify(payload),
  });
  return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
}
