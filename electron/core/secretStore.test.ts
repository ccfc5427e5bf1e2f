import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore, PLAIN_SECRETS_NOTE, plainTextCipherForDevHost, SecretStorageUnavailableError, type SecretCipher } from './secretStore';

let base: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'secrets-'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Stands in for the OS keychain: reversible, and visibly not the clear text. */
const reversing: SecretCipher = {
  availability: () => ({ available: true, protection: 'os-keychain' }),
  encrypt: (plain) => Buffer.from([...plain].reverse().join(''), 'utf8'),
  decrypt: (stored) => [...stored.toString('utf8')].reverse().join(''),
};

describe('FileSecretStore', () => {
  it('keeps each secret only as the cipher made it, in a file only its owner reads', async () => {
    const file = path.join(base, 'a', 'secrets.json');
    const store = new FileSecretStore(file, reversing);
    await store.set('gateway.gw-1.password', 'hunter2');
    expect(await store.get('gateway.gw-1.password')).toBe('hunter2');
    expect(await readFile(file, 'utf8')).not.toContain('hunter2');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    await store.delete('gateway.gw-1.password');
    expect(await store.get('gateway.gw-1.password')).toBeNull();
  });

  it('refuses to store (and to read) when the system offers no encryption: never clear text', async () => {
    const file = path.join(base, 'b', 'secrets.json');
    const unavailable: SecretCipher = { ...reversing, availability: () => ({ available: false, reason: 'no keychain' }) };
    await new FileSecretStore(file, reversing).set('x', 'kept');
    const store = new FileSecretStore(file, unavailable);
    await expect(store.set('y', 'secret')).rejects.toThrow(SecretStorageUnavailableError);
    await expect(store.get('x')).rejects.toThrow(/cannot read a secret: no keychain/);
    expect(await readFile(file, 'utf8')).not.toContain('secret');
  });

  it('the dev/test host’s store says in the file that it is clear text', async () => {
    const file = path.join(base, 'c', 'secrets.json');
    const store = new FileSecretStore(file, plainTextCipherForDevHost, PLAIN_SECRETS_NOTE);
    await store.set('n', 'v');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ note: expect.stringMatching(/NOT ENCRYPTED/) });
    expect(store.availability()).toEqual({ available: true, protection: 'none (dev/test host)' });
  });

  it('refuses names that are not names', async () => {
    const store = new FileSecretStore(path.join(base, 'd', 'secrets.json'), reversing);
    await expect(store.set('../etc', 'v')).rejects.toThrow(/not a secret name/);
  });
});
