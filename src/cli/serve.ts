// `vigil serve`: the composition root. Opens the store, creates the first accounts on an empty
// database, wires the pipeline and serves HTTP until SIGINT/SIGTERM, then drains and closes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildServer } from '../api/index.ts';
import { AccountError, bootstrapIfEmpty, type FirstStartCredentials } from '../auth/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import { openSqliteStore } from '../store/index.ts';
import { CREDENTIALS_FILE, type CredentialsFile } from './credentials.ts';
import { SettingsError, type ServeSettings } from './settings.ts';

function announceFirstStart(credentials: FirstStartCredentials, url: string, file: string): void {
  const lines = [
    '',
    'First start: Vigil created an admin account and an ingest token.',
    `  console and API  ${url}`,
    `  username         ${credentials.username}`,
    `  password         ${credentials.fromEnvironment.password ? '(from VIGIL_ADMIN_PASSWORD)' : credentials.password}`,
    `  ingest token     ${credentials.fromEnvironment.ingestToken ? '(from VIGIL_INGEST_TOKEN)' : credentials.ingestToken}`,
    `They are shown only this once and kept in ${file} (readable by you alone).`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export async function serve(settings: ServeSettings): Promise<void> {
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  const store = await openSqliteStore(join(settings.dataDir, 'vigil.db'));
  const firstStart = await bootstrapIfEmpty(store, { adminPassword: settings.adminPassword, ingestToken: settings.ingestToken }).catch(async (error: unknown) => {
    await store.close();
    if (error instanceof AccountError) throw new SettingsError(`first start: ${error.message} (VIGIL_ADMIN_PASSWORD, VIGIL_INGEST_TOKEN)`);
    throw error;
  });
  const pipeline = createPipeline({ store, incidentWindowMs: settings.incidentWindowHours * 3600_000, maxQueuedEvents: settings.maxQueuedEvents });
  const app = await buildServer({ store, pipeline, ingestBodyLimit: settings.ingestBodyLimit, logger: { level: settings.logLevel } });
  await app.listen({ host: settings.host, port: settings.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;

  if (firstStart) {
    const file = join(settings.dataDir, CREDENTIALS_FILE);
    const contents: CredentialsFile = { server: url, username: firstStart.username, password: firstStart.password, ingest_token: firstStart.ingestToken };
    writeFileSync(file, JSON.stringify(contents, null, 2) + '\n', { mode: 0o600 });
    announceFirstStart(firstStart, url, file);
  }
  process.stdout.write(`Vigil is listening on ${url} (data in ${settings.dataDir}). Log in with POST ${url}/api/v1/auth/login or the vigil command; the first-start credentials are in ${join(settings.dataDir, CREDENTIALS_FILE)}.\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing accepted batches and closing.\n`);
    await app.close();
    await pipeline.drain();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
