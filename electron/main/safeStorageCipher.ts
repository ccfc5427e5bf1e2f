import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../core/secretStore';

/**
 * The desktop app's secrets encrypted with the OS keychain (Keychain on macOS, DPAPI on Windows,
 * libsecret / kwallet on Linux) through Electron's safeStorage, usable once the app is ready.
 * Linux's "basic_text" backend encrypts with a fixed key, which protects nothing: it counts as
 * unavailable, and FileSecretStore then refuses to store (the policy in secretStore.ts).
 */
export function safeStorageCipher(storage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>, platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    availability: () => {
      if (!storage.isEncryptionAvailable()) return { available: false, reason: 'the operating system offers no encryption for this user (no keychain)' };
      if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') {
        return { available: false, reason: 'no keyring (GNOME Keyring or KWallet) runs for this session, so secrets would be stored with a fixed key' };
      }
      return { available: true, protection: 'os-keychain' };
    },
    encrypt: (plain) => storage.encryptString(plain),
    decrypt: (stored) => storage.decryptString(stored),
  };
}
