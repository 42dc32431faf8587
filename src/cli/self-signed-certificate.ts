// Creates a self-signed certificate and its key as PEM. Node has no X.509 generation API, so this
// uses @peculiar/x509 (pure TypeScript over WebCrypto: no native code, nothing fetched at install).
// @peculiar/x509 resolves its classes through tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

const VALIDITY_DAYS = 2 * 365;
const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface PemPair {
  cert: string;
  key: string;
}

/** A certificate for `commonName`, valid for two years, naming each of `names` (DNS names or IPs). */
export async function createSelfSignedCertificate(commonName: string, names: string[]): Promise<PemPair> {
  const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const notBefore = new Date();
  const notAfter = new Date(notBefore.getTime() + VALIDITY_DAYS * 86_400_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }],
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: EC_P256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...new Set(names)].map((name) => ({ type: isIP(name) ? 'ip' as const : 'dns' as const, value: name }))),
    ],
  }, webcrypto as unknown as Crypto);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { cert: certificate.toString('pem') + '\n', key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n' };
}
