import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore, type SecretCipher } from './encrypted-file-secret-store';

// AES-256-GCM with a key held in memory, standing in for the OS keychain behind safeStorage.
function aesCipher(key = randomBytes(32), available = true): SecretCipher {
  return {
    isAvailable: () => available,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(data) {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lc-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createEncryptedFileSecretStore', () => {
  it('stores values encrypted in a private file and reads them back in a new instance', async () => {
    const cipher = aesCipher();
    const filePath = join(dir, 'nested', 'secrets.json');
    await createEncryptedFileSecretStore({ filePath, cipher }).set('openai.apiKey', 'sk-test-1234567890');
    const text = await readFile(filePath, 'utf8');
    expect(text).not.toContain('sk-test');
    expect((await stat(filePath)).mode & 0o777).toBe(0o600);
    const reopened = createEncryptedFileSecretStore({ filePath, cipher });
    expect(await reopened.get('openai.apiKey')).toBe('sk-test-1234567890');
    expect(await reopened.get('missing')).toBeNull();
    await reopened.delete('openai.apiKey');
    expect(await reopened.get('openai.apiKey')).toBeNull();
  });

  it('keeps every one of many concurrent writes', async () => {
    const store = createEncryptedFileSecretStore({ filePath: join(dir, 's.json'), cipher: aesCipher() });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => store.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `v${i}`));
  });

  it('refuses to store when the keychain is unavailable, and reports corrupt files and foreign keys', async () => {
    const filePath = join(dir, 's.json');
    await expect(createEncryptedFileSecretStore({ filePath, cipher: aesCipher(undefined, false) }).set('a', 'b')).rejects.toMatchObject({ code: 'secrets.unavailable' });
    await createEncryptedFileSecretStore({ filePath, cipher: aesCipher() }).set('a', 'b');
    await expect(createEncryptedFileSecretStore({ filePath, cipher: aesCipher() }).get('a')).rejects.toMatchObject({ code: 'secrets.unavailable', message: expect.stringMatching(/decrypted/) });
    await writeFile(filePath, '{not json');
    await expect(createEncryptedFileSecretStore({ filePath, cipher: aesCipher() }).get('a')).rejects.toMatchObject({ code: 'secrets.unavailable', message: 'The secrets file is corrupt' });
    expect(await readFile(filePath, 'utf8')).toBe('{not json');
  });
});
