// `vigil serve`: the composition root. Opens the store, creates the first accounts on an empty
// database, wires the pipeline and serves HTTP (and HTTPS when asked) until SIGINT/SIGTERM, then
// drains and closes.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from '../api/index.ts';
import { recordSystemActivity } from '../appliance/index.ts';
import { AccountError, bootstrapIfEmpty, FIRST_ADMIN, newPassword, newSecret } from '../auth/index.ts';
import { BUILTIN_RULES, combineDetectors, detect, startSigmaRules } from '../detect/index.ts';
import { activeAttackCatalog, useStoredAttackCatalog } from '../enrich/index.ts';
import { IncidentFeed } from '../incidents/index.ts';
import { LineIngest, ParsePool, restoreCounters, startSavingCounters, startSyslogListeners } from '../ingest/listeners/index.ts';
import { startNotifications } from '../notify/index.ts';
import { createPipeline } from '../pipeline/index.ts';
import type { Store } from '../store/index.ts';
import { CREDENTIALS_FILE, type CredentialsFile } from './credentials.ts';
import { openDataDirStore } from './data-dir-store.ts';
import { SettingsError, type ServeSettings, type TlsSource } from './settings.ts';
import { ensureSelfSignedFiles, loadTlsCertificate, type TlsCertificate } from './tls-certificate.ts';

interface FirstStartCredentials {
  username: string;
  password: string;
  ingestToken: string;
  /** Whether each came from the environment (then it is not printed). */
  fromEnvironment: { password: boolean; ingestToken: boolean };
}

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

/**
 * Creates the first accounts once the server listens, so that a failed listen creates nothing and
 * the file holds the real URL. The secrets go to a new 0600 file (O_EXCL: never an old file's mode,
 * never through a symlink) before the accounts are committed, and the file is renamed into place
 * after: whatever fails, no account exists whose credentials are not on disk.
 */
async function createFirstAccounts(store: Store, settings: ServeSettings, url: string): Promise<{ credentials: FirstStartCredentials; file: string } | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  const file = join(settings.dataDir, CREDENTIALS_FILE);
  const password = settings.adminPassword || newPassword();
  const ingestToken = settings.ingestToken || newSecret('vgi');
  const contents: CredentialsFile = { server: url, username: FIRST_ADMIN, password, ingest_token: ingestToken };
  const pending = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(pending, JSON.stringify(contents, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  let created: boolean;
  try {
    created = await bootstrapIfEmpty(store, { adminPassword: password, ingestToken });
  } catch (error) {
    rmSync(pending, { force: true });
    if (error instanceof AccountError) throw new SettingsError(`first start: ${error.message} (VIGIL_ADMIN_PASSWORD, VIGIL_INGEST_TOKEN)`);
    throw error;
  }
  // Another process (`vigil users create`) got there first: these secrets were never used.
  if (!created) {
    rmSync(pending, { force: true });
    return undefined;
  }
  renameSync(pending, file);
  const fromEnvironment = { password: Boolean(settings.adminPassword), ingestToken: Boolean(settings.ingestToken) };
  return { credentials: { username: FIRST_ADMIN, password, ingestToken, fromEnvironment }, file };
}

// Vigil's own tools on this machine keep plain HTTP; under TLS nothing else may reach it.
function loopbackHost(host: string): string {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.')) ? host : '127.0.0.1';
}

function urlOf(scheme: 'http' | 'https', app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function certificateFor(tls: TlsSource, settings: ServeSettings): Promise<TlsCertificate> {
  if (tls.kind === 'files') return loadTlsCertificate(tls.certFile, tls.keyFile);
  const files = await ensureSelfSignedFiles(settings.dataDir, settings.host);
  if (files.created) process.stdout.write(`Vigil created a self-signed certificate ${files.certFile} and its key ${files.keyFile} (readable by you alone); later starts reuse them.\n`);
  return loadTlsCertificate(files.certFile, files.keyFile);
}

const CATALOG_REFRESH_MS = 60_000;
/** How soon `vigil rules import|enable|disable` on the database reaches a running server (docs/RULES.md). */
const RULES_REFRESH_MS = 10_000;

export async function serve(settings: ServeSettings): Promise<void> {
  try {
    mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new SettingsError(`data directory (--data-dir, VIGIL_DATA_DIR) ${settings.dataDir}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a directory' : message}`);
  }
  // Before the store opens, so that a bad certificate stops the start with nothing written.
  const certificate = settings.tls && await certificateFor(settings.tls, settings);
  const syslogCertificate = settings.syslog.tlsPort === undefined ? undefined : certificate || await certificateFor({ kind: 'self-signed' }, settings);
  const store = await openDataDirStore(join(settings.dataDir, 'vigil.db'));
  let catalogVersion = await useStoredAttackCatalog(store);
  // `vigil attack import` writes to the database; a running server takes the new catalog within a minute.
  const catalogRefresh = setInterval(() => {
    void useStoredAttackCatalog(store, catalogVersion).then((version) => { catalogVersion = version; }, () => undefined);
  }, CATALOG_REFRESH_MS);
  catalogRefresh.unref();
  const sigma = await startSigmaRules(store, settings.rulesDirs);
  for (const rejection of sigma.rejections) process.stderr.write(`vigil: Sigma rule rejected: ${rejection.message}\n`);
  const rulesRefresh = setInterval(() => void sigma.ruleSet.refresh().catch(() => undefined), RULES_REFRESH_MS);
  rulesRefresh.unref();
  const incidentFeed = new IncidentFeed();
  const pipeline = createPipeline({
    store, incidentWindowMs: settings.incidentWindowHours * 3600_000, maxQueuedEvents: settings.maxQueuedEvents, incidentFeed, detector: combineDetectors(detect, sigma.ruleSet.detect),
  });
  const parsePool = settings.parseWorkers > 0 ? new ParsePool(settings.parseWorkers, (message) => process.stderr.write(`vigil: ${message}\n`)) : undefined;
  const lineIngest = new LineIngest({ store, pipeline, deadLetterMaxRows: settings.deadLetterMaxRows, parsePool });
  const unreadCounters = await restoreCounters(store, lineIngest.sources);
  if (unreadCounters) process.stderr.write(`vigil: ${unreadCounters}\n`);
  const counterSaving = startSavingCounters(store, lineIngest.sources, (message) => process.stderr.write(`vigil: ${message}\n`));
  const build = (https?: ServerOptions['https']) => buildServer({
    store, pipeline, incidentFeed, ingestBodyLimit: settings.ingestBodyLimit, logger: { level: settings.logLevel }, https, sigmaRules: sigma.ruleSet, lineIngest,
  });
  // Fastify speaks one protocol per instance, so HTTPS is a second instance over the same store and pipeline.
  const apps: FastifyInstance[] = [];
  let announcement = '';
  if (certificate) {
    const secure = await build({ cert: certificate.cert, key: certificate.key });
    apps.push(secure);
    await secure.listen({ host: settings.host, port: settings.tlsPort });
    announcement += `Vigil is listening on ${urlOf('https', secure, settings.host)} (certificate SHA-256 ${certificate.fingerprint}).\n`;
  }
  const httpHost = certificate ? loopbackHost(settings.host) : settings.host;
  const app = await build();
  apps.push(app);
  await app.listen({ host: httpHost, port: settings.port });
  const url = urlOf('http', app, httpHost);
  const syslogListeners = await startSyslogListeners(settings.syslog, { ingest: lineIngest, log: app.log, tls: syslogCertificate ? { ...syslogCertificate, clientCa: settings.syslogClientCa } : undefined });
  for (const listener of syslogListeners) announcement += `Syslog (${listener.name}) is listening on ${listener.address}:${listener.port}.\n`;
  // After every listen, so that the credentials are created only by a start that goes on to show them.
  const firstStart = await createFirstAccounts(store, settings, url).catch(async (error: unknown) => {
    await Promise.all([...apps.map((each) => each.close()), ...syslogListeners.map((listener) => listener.close())]);
    await store.close();
    throw error;
  });
  const notifications = startNotifications({ store, incidentFeed, log: app.log, syslogTargets: settings.forwardSyslog });

  if (firstStart) announceFirstStart(firstStart.credentials, url, firstStart.file);
  announcement += `Vigil is listening on ${url} (data in ${settings.dataDir}). Open the console at ${url} in a browser, or log in with POST ${url}/api/v1/auth/login or the vigil command; the first-start credentials are in ${join(settings.dataDir, CREDENTIALS_FILE)}.\n`;
  process.stdout.write(announcement);
  await recordSystemActivity(store, { feature: 'Server', message: 'Vigil started' });
  const catalog = activeAttackCatalog();
  await recordSystemActivity(store, {
    feature: 'Detection', message: `Using the ATT&CK catalog ${catalog.source}: ${catalog.techniques.length} techniques, ${catalog.actors.length} groups and software.`,
  });
  await recordSystemActivity(store, {
    feature: 'Detection', message: `Loaded ${BUILTIN_RULES.length} built-in detection rules: ${BUILTIN_RULES.map((rule) => rule.rule_id).join(', ')}. ${sigma.summary}`,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(catalogRefresh);
    clearInterval(rulesRefresh);
    process.stdout.write(`${signal}: finishing accepted batches and closing.\n`);
    await recordSystemActivity(store, { feature: 'Server', message: 'Vigil stopping' });
    await Promise.all(apps.map((each) => each.close()));
    await Promise.all(syslogListeners.map((listener) => listener.close()));
    await parsePool?.close();
    await pipeline.drain();
    await counterSaving.stop();
    await notifications.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
