// The certificate `vigil serve` speaks HTTPS with: an operator's PEM files, or a self-signed pair
// created under <data dir>/tls on first start and reused afterwards, so that a pinned fingerprint
// stays valid across restarts.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from './self-signed-certificate.ts';
import { SettingsError } from './settings.ts';

export interface TlsCertificate {
  cert: Buffer;
  key: Buffer;
  /** SHA-256 of the certificate, colon-separated hex, as browsers and `openssl x509 -fingerprint` show it. */
  fingerprint: string;
}

export interface SelfSignedFiles {
  certFile: string;
  keyFile: string;
  /** True when this start created them. */
  created: boolean;
}

function readPem(what: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new SettingsError(`cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parse<T>(what: string, file: string, parser: () => T): T {
  try {
    return parser();
  } catch {
    throw new SettingsError(`the TLS ${what} ${file} is not a PEM ${what} (an encrypted key must be decrypted first)`);
  }
}

/** Reads and checks a certificate and its key, naming the file at fault. */
export function loadTlsCertificate(certFile: string, keyFile: string): TlsCertificate {
  const cert = readPem('certificate', certFile);
  const key = readPem('key', keyFile);
  const certificate = parse('certificate', certFile, () => new X509Certificate(cert));
  const privateKey = parse('key', keyFile, () => createPrivateKey(key));
  if (!certificate.checkPrivateKey(privateKey)) throw new SettingsError(`the TLS key ${keyFile} does not belong to the certificate ${certFile}`);
  return { cert, key, fingerprint: certificate.fingerprint256 };
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** Creates <dataDir>/tls/cert.pem and key.pem (0600) unless the certificate is already there. */
export async function ensureSelfSignedFiles(dataDir: string, host: string): Promise<SelfSignedFiles> {
  const directory = join(dataDir, 'tls');
  const certFile = join(directory, 'cert.pem');
  const keyFile = join(directory, 'key.pem');
  // An existing certificate is never replaced (its key missing is an error on loading), since
  // clients may have pinned it.
  if (existsSync(certFile)) return { certFile, keyFile, created: false };
  const machine = hostname();
  const names = ['localhost', '127.0.0.1', '::1', machine, ...(WILDCARD_HOSTS.has(host) ? [] : [host])];
  const pair = await createSelfSignedCertificate(`Vigil on ${machine}`, names);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600); // the mode above applies only when the file is new
  writeFileSync(certFile, pair.cert, { mode: 0o644 });
  return { certFile, keyFile, created: true };
}
