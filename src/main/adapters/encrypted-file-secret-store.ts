import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { SecretStore } from '../../core/ports';

/** The encryption a secret store relies on (Electron's safeStorage in the app). */
export interface SecretCipher {
  isAvailable(): boolean;
  encrypt(plainText: string): Buffer;
  decrypt(cipherText: Buffer): string;
}

const FileSchema = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });
type SecretsFile = z.infer<typeof FileSchema>;

/**
 * A SecretStore keeping each value encrypted by `cipher` in one JSON file (mode 0600), written
 * atomically. Writes are serialized so concurrent sets never lose each other.
 * @throws AppError('secrets.unavailable') when the OS keychain cannot encrypt, or the file is corrupt.
 */
export function createEncryptedFileSecretStore(options: { filePath: string; cipher: SecretCipher }): SecretStore {
  const { filePath, cipher } = options;
  let queue: Promise<unknown> = Promise.resolve();

  function requireCipher(): void {
    if (!cipher.isAvailable()) throw new AppError('secrets.unavailable', 'The system keychain is not available, so secrets cannot be stored encrypted');
  }

  async function load(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw new AppError('secrets.unavailable', 'The secrets file cannot be read', { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AppError('secrets.unavailable', 'The secrets file is corrupt', { cause: error });
    }
    const parsed = FileSchema.safeParse(json);
    if (!parsed.success) throw new AppError('secrets.unavailable', 'The secrets file has an unknown format');
    return parsed.data;
  }

  async function save(file: SecretsFile): Promise<void> {
    await mkdir(dirname(filePath), { recursive: true });
    const temp = `${filePath}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(file), { mode: 0o600 });
    await rename(temp, filePath);
  }

  function serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    get: (key) =>
      serialized(async () => {
        requireCipher();
        const stored = (await load()).secrets[key];
        if (stored === undefined) return null;
        try {
          return cipher.decrypt(Buffer.from(stored, 'base64'));
        } catch (error) {
          throw new AppError('secrets.unavailable', 'A stored secret cannot be decrypted (was the keychain reset?)', { cause: error, details: { key } });
        }
      }),
    set: (key, value) =>
      serialized(async () => {
        requireCipher();
        const file = await load();
        file.secrets[key] = cipher.encrypt(value).toString('base64');
        await save(file);
      }),
    delete: (key) =>
      serialized(async () => {
        const file = await load();
        if (!(key in file.secrets)) return;
        delete file.secrets[key];
        await save(file);
      }),
  };
}
