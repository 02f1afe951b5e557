import { safeStorage } from 'electron';
import { createLogger } from '../../core/log/logger';
import type { SecretCipher } from './encrypted-file-secret-store';

const log = createLogger('safe-storage');

/**
 * Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) as a SecretCipher. On Linux without
 * a keyring Chromium falls back to a hard-coded key ("basic_text"); that is refused, so secrets
 * are never stored in a form anyone can decrypt.
 */
export function createSafeStorageCipher(platform: NodeJS.Platform = process.platform): SecretCipher {
  return {
    isAvailable() {
      if (!safeStorage.isEncryptionAvailable()) return false;
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
        log.warn('no system keyring; secrets are not stored');
        return false;
      }
      return true;
    },
    encrypt: (plainText) => safeStorage.encryptString(plainText),
    decrypt: (cipherText) => safeStorage.decryptString(cipherText),
  };
}
