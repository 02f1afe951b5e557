import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../../ports';

const KEY_FILE = 'secrets.key';
const STORE_FILE = 'secrets.enc';

/**
 * The headless host's SecretStore: values encrypted with AES-256-GCM in `<dataDir>/secrets.enc`,
 * under a random key in `<dataDir>/secrets.key` (both 0600). Web mode has no OS keychain; this keeps
 * keys out of the database and out of backups of it, and survives restarts.
 * @throws AppError('secrets.unavailable') when the store exists but cannot be decrypted.
 */
export function createFileSecretStore(dataDir: string): SecretStore {
  mkdirSync(dataDir, { recursive: true });
  const keyPath = join(dataDir, KEY_FILE);
  const storePath = join(dataDir, STORE_FILE);

  function loadKey(): Buffer {
    if (!existsSync(keyPath)) {
      writeFileSync(keyPath, randomBytes(32), { mode: 0o600 });
    }
    const key = readFileSync(keyPath);
    if (key.length !== 32) throw new AppError('secrets.unavailable', 'The secrets key file is damaged');
    return key;
  }
  const key = loadKey();

  function read(): Record<string, string> {
    if (!existsSync(storePath)) return {};
    const blob = readFileSync(storePath);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      decipher.setAuthTag(blob.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch (error) {
      throw new AppError('secrets.unavailable', 'Stored secrets could not be decrypted', { cause: error });
    }
  }

  function write(values: Record<string, string>): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
    const temp = `${storePath}.tmp`;
    writeFileSync(temp, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600 });
    chmodSync(temp, 0o600);
    renameSync(temp, storePath);
  }

  return {
    get: async (name) => read()[name] ?? null,
    set: async (name, value) => {
      write({ ...read(), [name]: value });
    },
    delete: async (name) => {
      const { [name]: _removed, ...rest } = read();
      write(rest);
    },
  };
}
