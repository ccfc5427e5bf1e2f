import { describe, expect, it } from 'vitest';
import { safeStorageCipher } from './safeStorageCipher';

const storage = (available: boolean, backend: 'basic_text' | 'gnome_libsecret' = 'gnome_libsecret') => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
  decryptString: (stored: Buffer) => stored.toString().replace(/^enc:/, ''),
});

describe('safeStorageCipher', () => {
  it('is available with a keychain, and round-trips through safeStorage', () => {
    const cipher = safeStorageCipher(storage(true), 'linux');
    expect(cipher.availability()).toEqual({ available: true, protection: 'os-keychain' });
    expect(cipher.decrypt(cipher.encrypt('s3cret'))).toBe('s3cret');
  });

  it('is unavailable without encryption, and on Linux with the fixed-key basic_text backend', () => {
    expect(safeStorageCipher(storage(false), 'darwin').availability()).toMatchObject({ available: false });
    expect(safeStorageCipher(storage(true, 'basic_text'), 'linux').availability()).toMatchObject({ available: false, reason: expect.stringMatching(/fixed key/) });
    expect(safeStorageCipher(storage(true, 'basic_text'), 'win32').availability()).toMatchObject({ available: true });
  });
});
