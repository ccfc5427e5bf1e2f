import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

export interface GatewayCerts {
  caCertPath: string;
  caCert: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
}

export const CA_CERT_FILE = 'ca.crt';
export const SERVER_CERT_FILE = 'server.crt';
export const SERVER_KEY_FILE = 'server.key';

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const VALID_YEARS = 10;

/**
 * The virtual gateway's CA and server certificate (for localhost and 127.0.0.1), created on first
 * start and reused after, so a console that pinned the CA keeps trusting it. The CA's private key
 * is never written: when a file is missing, all three are made anew.
 */
export async function ensureGatewayCerts(certDir: string): Promise<GatewayCerts> {
  const existing = await readCerts(certDir);
  if (existing) return existing;
  const created = await createCerts();
  await publish(certDir, created);
  // Another process may have won the race to create them; whatever is on disk now is the truth.
  const onDisk = await readCerts(certDir);
  if (!onDisk) throw new Error(`could not write the gateway certificates to ${certDir}`);
  return onDisk;
}

/** Replaces the certificates in `certDir` with a new CA and server certificate (a reissued gateway). */
export async function renewGatewayCerts(certDir: string): Promise<GatewayCerts> {
  await rm(certDir, { recursive: true, force: true });
  return ensureGatewayCerts(certDir);
}

async function readCerts(certDir: string): Promise<GatewayCerts | null> {
  try {
    const [caCert, serverCert, serverKey] = await Promise.all([
      readFile(path.join(certDir, CA_CERT_FILE)),
      readFile(path.join(certDir, SERVER_CERT_FILE)),
      readFile(path.join(certDir, SERVER_KEY_FILE)),
    ]);
    return { caCertPath: path.resolve(certDir, CA_CERT_FILE), caCert, serverCert, serverKey };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

interface CertFiles {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

/**
 * Writes the three files into a fresh sibling folder and renames it into place in one step, so
 * two gateways starting at once never pair one's certificate with the other's key.
 */
async function publish(certDir: string, files: CertFiles): Promise<void> {
  const target = path.resolve(certDir);
  await mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(path.join(staging, CA_CERT_FILE), files.caCert);
    await writeFile(path.join(staging, SERVER_CERT_FILE), files.serverCert);
    await writeFile(path.join(staging, SERVER_KEY_FILE), files.serverKey, { mode: 0o600 });
    try {
      await rename(staging, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    }
    // The folder exists (created by someone, or half-filled): fill it unless a racer completed it.
    if (await readCerts(target)) return;
    await writeFile(path.join(target, CA_CERT_FILE), files.caCert);
    await writeFile(path.join(target, SERVER_CERT_FILE), files.serverCert);
    await writeFile(path.join(target, SERVER_KEY_FILE), files.serverKey, { mode: 0o600 });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function createCerts(): Promise<CertFiles> {
  const crypto = globalThis.crypto;
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(notBefore.getTime() + VALID_YEARS * 365 * 24 * 60 * 60 * 1000);

  const caKeys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: 'CN=Portcullis Virtual Gateway CA',
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const serverKeys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: 'CN=localhost',
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'localhost' },
          { type: 'ip', value: '127.0.0.1' },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const pkcs8 = await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caCert: ca.toString('pem'),
    serverCert: server.toString('pem'),
    serverKey: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** Positive 128-bit serial (leading byte below 0x80). */
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}
