export { buildServer, DEFAULT_INGEST_BODY_LIMIT, type ServerOptions } from './server.ts';
