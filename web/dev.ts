// `npm run dev`: the Vigil server (port 8080) and Vite's hot-reloading console on port 5173,
// which proxies /api to the server. Arguments after `--` go to `vigil serve`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'vite';
import { DEV_PORT } from './vite.config.ts';

const server = spawn(process.execPath, [join(import.meta.dirname, '../bin/vigil.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
const vite = await createServer({ configFile: join(import.meta.dirname, 'vite.config.ts') });
await vite.listen();
console.log(`Console with hot reload: http://127.0.0.1:${DEV_PORT}/ (API proxied to the server)`);

const stop = async () => {
  server.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  console.error(`vigil serve exited with ${code}`);
  void vite.close().then(() => process.exit(code ?? 1));
});
