import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Where the core keeps secrets (gateway credentials: DESIGN.md §6). Never the database, which the
 * operator's window reads, and never the gateway settings file. The desktop app encrypts with the
 * OS keychain through Electron's safeStorage (electron/main/safeStorageCipher.ts); the dev/test
 * host, which has no keychain, uses the plain cipher below and says so.
 *
 * Policy where encryption is unavailable (no keychain, or Linux's "basic_text" backend, which is
 * a fixed key and no protection): storing is REFUSED with the reason, and reading what was stored
 * encrypted fails, so a secret is never written in clear text by the desktop app.
 */
export interface SecretStore {
  /** Whether a secret can be stored now, and if not, why (shown to the operator). */
  availability(): SecretAvailability;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export type SecretAvailability = { available: true; protection: 'os-keychain' | 'none (dev/test host)' } | { available: false; reason: string };

/** Turns a secret into bytes at rest and back. */
export interface SecretCipher {
  availability(): SecretAvailability;
  encrypt(plain: string): Buffer;
  decrypt(stored: Buffer): string;
}

export class SecretStorageUnavailableError extends Error {
  override readonly name = 'SecretStorageUnavailableError';
}

const secretsFile = z.object({ version: z.literal(1), note: z.string().optional(), entries: z.record(z.string(), z.string()) }).strict();
const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,127}$/;

/** Secrets in one file of the data folder (mode 0600), each encrypted by the cipher, written whole and atomically. */
export class FileSecretStore implements SecretStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    /** Written into the file for whoever opens it (the plain cipher says it is not encrypted). */
    private readonly note?: string,
  ) {}

  availability(): SecretAvailability {
    return this.cipher.availability();
  }

  async get(name: string): Promise<string | null> {
    checkName(name);
    const stored = (await this.read())[name];
    if (stored === undefined) return null;
    this.requireAvailable('read');
    return this.cipher.decrypt(Buffer.from(stored, 'base64'));
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    this.requireAvailable('store');
    return this.update((entries) => ({ ...entries, [name]: this.cipher.encrypt(value).toString('base64') }));
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    return this.update((entries) => Object.fromEntries(Object.entries(entries).filter(([key]) => key !== name)));
  }

  private requireAvailable(what: 'read' | 'store'): void {
    const availability = this.cipher.availability();
    if (!availability.available) throw new SecretStorageUnavailableError(`cannot ${what} a secret: ${availability.reason}`);
  }

  private update(change: (entries: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.writes.then(async () => {
      const entries = change(await this.read());
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
      const body = { version: 1 as const, ...(this.note ? { note: this.note } : {}), entries };
      await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.file);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    return secretsFile.parse(JSON.parse(text)).entries;
  }
}

function checkName(name: string): void {
  if (!SECRET_NAME.test(name)) throw new Error(`"${name.slice(0, 40)}" is not a secret name (lower-case letters, digits, . _ -)`);
}

/**
 * The dev/test host's cipher: NO protection, on purpose and by name. The host runs on developer
 * and CI machines without a keychain; its data folder is a scratch folder. Never used by the
 * desktop app.
 */
export const plainTextCipherForDevHost: SecretCipher = {
  availability: () => ({ available: true, protection: 'none (dev/test host)' }),
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (stored) => stored.toString('utf8'),
};

export const PLAIN_SECRETS_NOTE = 'NOT ENCRYPTED: secrets of the Portcullis dev/test host, stored in clear text. The desktop app encrypts with the OS keychain.';
