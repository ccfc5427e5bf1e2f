import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CaSummary } from '../../shared/domain/gatewaySettings';

/**
 * The gateway settings as the core keeps them: `gateways.json` in the app's data folder (Electron's
 * userData, the host's --data-dir), owned by the core alone. Not the database: the core needs them
 * at start, before any window exists, and the renderer must not be able to rewrite where the
 * console connects. Nothing secret is in it (a CA certificate is public); a credential would go to
 * the SecretStore.
 */
export const GATEWAY_SETTINGS_FILE = 'gateways.json';

const storedGateway = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(64),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65_535),
    caCertPem: z.string().min(1),
    caFileName: z.string().max(255),
  })
  .strict();
export type StoredGateway = z.infer<typeof storedGateway>;

const settingsFile = z
  .object({
    version: z.literal(1),
    virtualSite: z.object({ enabled: z.boolean() }).strict(),
    gateways: z.array(storedGateway).max(64),
  })
  .strict();
export type GatewaySettings = z.infer<typeof settingsFile>;

/** At most this many gateways; a site with more is a fleet for a server edition, not this console. */
export const MAX_GATEWAYS = 64;

export interface LoadedSettings {
  settings: GatewaySettings;
  /** Why the file was not used, when it existed and could not be read (it is kept beside, renamed). */
  problem: string | null;
}

/**
 * Reads the file; without one, the defaults (`virtualSiteByDefault`: the virtual site runs unless
 * the console was started on a gateway). A file that does not parse is moved aside (never
 * overwritten: the operator may want it back) and the defaults are used.
 */
export async function loadGatewaySettings(dataDir: string, virtualSiteByDefault: boolean): Promise<LoadedSettings> {
  const file = path.join(dataDir, GATEWAY_SETTINGS_FILE);
  const defaults: GatewaySettings = { version: 1, virtualSite: { enabled: virtualSiteByDefault }, gateways: [] };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaults, problem: null };
    throw error;
  }
  let problem: string;
  try {
    const parsed = settingsFile.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data, problem: null };
    problem = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  } catch (error) {
    problem = (error as Error).message;
  }
  const aside = `${file}.unreadable-${Date.now()}`;
  await rename(file, aside);
  return { settings: defaults, problem: `${file} could not be read (${problem}); it was moved to ${aside}` };
}

/** Writes the whole file at once (a temporary file renamed over it), so a crash never leaves half of it. */
export async function saveGatewaySettings(dataDir: string, settings: GatewaySettings): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, GATEWAY_SETTINGS_FILE);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settingsFile.parse(settings), null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

export function newGatewayId(): string {
  return `gw-${randomBytes(6).toString('hex')}`;
}

/**
 * Reads the first certificate of a PEM chain, to refuse what is not one before it is pinned and
 * to show the operator what was pinned. Throws with the reason.
 */
export function summarizeCaCertificate(pem: string, fileName: string): CaSummary {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new Error(`the CA certificate cannot be read (${(error as Error).message})`, { cause: error });
  }
  return {
    fileName,
    subject: certificate.subject.replace(/\n/g, ', '),
    fingerprint: certificate.fingerprint256,
    validTo: certificate.validTo,
  };
}
