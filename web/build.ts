// Builds the console into web/dist when it is missing or older than its sources. `npm start`
// runs this first (prestart), so a fresh clone serves the console; the browser tests call it too.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = import.meta.dirname;
export const CONSOLE_DIST = join(WEB_DIR, 'dist');
/** What the bundle is made from: the console's sources and the shared model it imports. */
const SOURCES = [join(WEB_DIR, 'src'), join(WEB_DIR, 'public'), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'), join(WEB_DIR, '../src/model')];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** True when dist has no index.html or a source changed after it was built. */
export function consoleIsStale(dist = CONSOLE_DIST): boolean {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestChange(source) > built);
}

export async function buildConsole(outDir = CONSOLE_DIST): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir } });
}

/** Builds when stale; returns whether it built. */
export async function ensureConsoleBuilt(dist = CONSOLE_DIST): Promise<boolean> {
  if (!consoleIsStale(dist)) return false;
  await buildConsole(dist);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    if (await ensureConsoleBuilt()) console.log(`Built the analyst console into ${CONSOLE_DIST}`);
  } catch (error) {
    // Without dev dependencies (vite) the server still starts and shows its landing page.
    const reason = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? 'vite is not installed (npm install without --omit=dev)' : (error as Error).message;
    console.error(`The analyst console was not built: ${reason}. The server will show its landing page instead.`);
  }
}
