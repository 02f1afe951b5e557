import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore } from './file-secret-store';

describe('file secret store (web mode)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lc-secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps values across instances, encrypted at rest, with owner-only files', async () => {
    const store = createFileSecretStore(dir);
    await store.set('ai.api_key', 'sk-live-123456');
    await store.set('other', 'two');
    await store.delete('other');
    const reopened = createFileSecretStore(dir);
    expect(await reopened.get('ai.api_key')).toBe('sk-live-123456');
    expect(await reopened.get('other')).toBeNull();
    expect(readFileSync(join(dir, 'secrets.enc')).toString('latin1')).not.toContain('sk-live');
    expect(statSync(join(dir, 'secrets.enc')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'secrets.key')).mode & 0o077).toBe(0);
  });

  it('refuses a tampered store with a clear error instead of returning garbage', async () => {
    const store = createFileSecretStore(dir);
    await store.set('k', 'v');
    const blob = readFileSync(join(dir, 'secrets.enc'));
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0xff;
    writeFileSync(join(dir, 'secrets.enc'), blob);
    await expect(store.get('k')).rejects.toMatchObject({ code: 'secrets.unavailable' });
  });
});
