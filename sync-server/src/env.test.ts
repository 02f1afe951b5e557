import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env';

const dir = mkdtempSync(join(tmpdir(), 'lc-b1-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('needs no configuration: defaults, a generated persistent secret, real vendor endpoints', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'fresh') });
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', databaseUrl: undefined, electricUrl: undefined, publicUrl: 'http://127.0.0.1:8787' });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'fresh', 'jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
    expect(loadConfig({ DATA_DIR: join(dir, 'fresh') }).jwtSecret).toBe(config.jwtSecret);
    expect(config.oauth.google.tokenUrl).toBe('https://oauth2.googleapis.com/token');
    expect(config.oauth.microsoft.authorizeUrl).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(config.oauth.google.clientId).toBeUndefined();
  });

  it('takes explicit values and treats blank optional ones as unset', () => {
    const config = loadConfig({
      DATA_DIR: dir,
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db:5432/app',
      JWT_SECRET: 's'.repeat(32),
      ELECTRIC_URL: '',
      GOOGLE_CLIENT_ID: '  ',
    });
    expect(config).toMatchObject({ port: 9000, databaseUrl: 'postgres://u@db:5432/app', jwtSecret: 's'.repeat(32), electricUrl: undefined, publicUrl: 'http://127.0.0.1:9000' });
    expect(config.oauth.google.clientId).toBeUndefined();
  });

  it('refuses invalid values, naming each variable', () => {
    const attempt = () => loadConfig({ DATA_DIR: dir, PORT: '70000', JWT_SECRET: 'short', LOG_LEVEL: 'loud', GOOGLE_TOKEN_URL: 'ftp://x' });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['PORT', 'JWT_SECRET', 'LOG_LEVEL', 'GOOGLE_TOKEN_URL']) expect(message).toContain(name);
  });

  it('refuses a truncated persisted secret instead of silently replacing it', () => {
    const broken = join(dir, 'broken');
    loadConfig({ DATA_DIR: broken });
    writeFileSync(join(broken, 'jwt-secret'), 'abc\n');
    expect(() => loadConfig({ DATA_DIR: broken })).toThrow(/shorter than 32/);
  });
});
