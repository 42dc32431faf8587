// The analyst console at /: the files Vite built into web/dist, and index.html for every other
// GET that is not an API path (the console's own URLs, such as /incidents/100000, are made in the
// browser). When the console was not built, / shows the landing page instead.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { LANDING_PAGE } from './landing.ts';
import { answerOverlongParam, hasOverlongSegment } from './path-params.ts';
import { publicRoute } from './routes/route-options.ts';

export const CONSOLE_DIR = join(import.meta.dirname, '../../web/dist');

/** Paths that are never the console's, so that a wrong API URL answers the API's JSON 404. */
const API_PATH = /^\/(api|atpapi)(\/|$)/;
/**
 * A missing file of a kind the build makes is a 404, not the console (a stale script URL must not
 * get HTML). Console URLs end in addresses and domains (/ips/192.0.2.100), so not any dot counts.
 */
const FILE_PATH = /\.(js|mjs|css|map|svg|png|ico|json|txt|html|woff2?)$/i;

/** "/assets/index-abc.js" for every file under `dir`: only these are served, so no path escapes it. */
function builtFiles(dir: string): Set<string> {
  const files = new Set<string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.add(`/${relative(dir, path).split(sep).join('/')}`);
    }
  };
  walk(dir);
  return files;
}

export function consoleIsBuilt(dir = CONSOLE_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

export async function registerConsole(app: FastifyInstance, dir = CONSOLE_DIR): Promise<void> {
  const built = consoleIsBuilt(dir);
  app.get('/', publicRoute({
    tags: ['Service'],
    summary: 'The analyst console (or, when it was not built, a landing page)',
    produces: ['text/html'],
    responses: { 200: { description: 'The console\'s index.html, or where the API is and how to build the console.', type: 'string' } },
  }), async (_request, reply) => (built ? reply.sendFile('index.html') : reply.type('text/html; charset=utf-8').send(LANDING_PAGE)));
  if (!built) return;

  await app.register(fastifyStatic, { root: dir, serve: false });
  const files = builtFiles(dir);
  app.get('/*', publicRoute({
    tags: ['Service'],
    summary: 'The analyst console\'s files and pages',
    description: 'A built file (scripts, styles, icons), or index.html for a console URL such as /incidents/100000. An unknown API path or a missing file answers the usual JSON 404.',
    produces: ['text/html'],
    responses: { 200: { description: 'index.html, or the file with its own content type.', type: 'string' } },
  }), async (request, reply) => {
    const path = request.url.split('?')[0];
    if (files.has(path)) return reply.sendFile(path.slice(1));
    if (API_PATH.test(path)) {
      // The router lets a path whose parameter is too long fall through to this route: the API's
      // answer is still 414, as without the console.
      return hasOverlongSegment(path) ? answerOverlongParam(reply, path) : reply.callNotFound();
    }
    if (FILE_PATH.test(path)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
