// Runs the real `vigil serve` as a child process on a free port, as a user would start it.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const VIGIL = join(import.meta.dirname, '../../bin/vigil.js');
const START_TIMEOUT_MS = 30_000;

/** The environment without the developer's VIGIL_* variables, plus what a test sets. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VIGIL_'))), ...extra };
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Set when the server was started with TLS. */
  https?: { url: string; fingerprint: string };
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function startServerProcess(dataDir: string, env: NodeJS.ProcessEnv = cleanEnv(), args: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [VIGIL, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the server did not start within ${START_TIMEOUT_MS / 1000} s: ${output}`)); }, START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Vigil is listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        // The server prints its HTTPS line before the HTTP one, in the same write.
        const https = /Vigil is listening on (https:\/\/\S+) \(certificate SHA-256 ([0-9A-F:]+)\)/.exec(output);
        resolve({ child, url: match[1], https: https ? { url: https[1], fingerprint: https[2] } : undefined, output: () => output, stop });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}: ${output}`));
    });
  });
}
