// A certificate authority and the client certificates it issues, for tests of TLS client
// authentication (the syslog TLS listener's --syslog-tls-ca).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;

export interface TestAuthority {
  /** The CA certificate, PEM. */
  cert: string;
  issue(commonName: string): Promise<{ cert: string; key: string }>;
}

async function keyPem(keys: CryptoKeyPair): Promise<string> {
  return x509.PemConverter.encode(Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), 'PRIVATE KEY');
}

export async function createTestAuthority(name: string): Promise<TestAuthority> {
  const crypto = webcrypto as unknown as Crypto;
  const caKeys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [name] }], notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY), keys: caKeys, signingAlgorithm: EC_P256,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  }, crypto);
  return {
    cert: ca.toString('pem'),
    async issue(commonName) {
      const keys = await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        subject: [{ CN: [commonName] }], issuer: ca.subject, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + DAY),
        publicKey: keys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: EC_P256, serialNumber: '02',
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        ],
      }, crypto);
      return { cert: cert.toString('pem'), key: await keyPem(keys) };
    },
  };
}
