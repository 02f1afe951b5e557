import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** OAuth client settings for one provider; the endpoints default to the real vendor's. */
export interface OAuthProviderConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
}

/** The validated server configuration; built only here from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Postgres connection string; undefined starts embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  /** A real Electric service for /v1/shape; undefined uses the built-in change feed. */
  electricUrl: string | undefined;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Requests per minute per client IP on /v1/auth/*. */
  authRateLimitPerMinute: number;
  /** Behind a reverse proxy: take the client IP from X-Forwarded-For (rate limits key on it). */
  trustProxy: boolean;
  oauth: { google: OAuthProviderConfig; microsoft: OAuthProviderConfig };
  /** How long /v1/mutations keeps each mutation id's outcome (SYNC_MUTATION_RETENTION_DAYS, default 30). */
  mutationRetentionMs: number;
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const url = (fallback: string) => z.url({ protocol: /^https?$/ }).default(fallback);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  DATA_DIR: z.string().min(1).default(join(homedir(), '.liveconvo', 'sync-server')),
  JWT_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ELECTRIC_URL: optional.pipe(z.url().optional()),
  PUBLIC_URL: optional.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  SYNC_MUTATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GOOGLE_AUTHORIZE_URL: url('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: url('https://oauth2.googleapis.com/token'),
  GOOGLE_USERINFO_URL: url('https://openidconnect.googleapis.com/v1/userinfo'),
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  MICROSOFT_AUTHORIZE_URL: url('https://login.microsoftonline.com/common/oauth2/v2.0/authorize'),
  MICROSOFT_TOKEN_URL: url('https://login.microsoftonline.com/common/oauth2/v2.0/token'),
  MICROSOFT_USERINFO_URL: url('https://graph.microsoft.com/oidc/userinfo'),
});

/** Thrown by {@link loadConfig} with one line per invalid variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the environment (process.env by default) into a ServerConfig. When JWT_SECRET is
 * absent a random secret is generated once and persisted as DATA_DIR/jwt-secret (mode 0600), so
 * a new user needs no configuration.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid sync server configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const publicHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    jwtSecret: env.JWT_SECRET ?? readOrCreateSecret(env.DATA_DIR),
    electricUrl: env.ELECTRIC_URL,
    publicUrl: env.PUBLIC_URL ?? `http://${publicHost}:${env.PORT}`,
    logLevel: env.LOG_LEVEL,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_DAYS * 86_400,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    mutationRetentionMs: env.SYNC_MUTATION_RETENTION_DAYS * 86_400_000,
    oauth: {
      google: {
        clientId: env.GOOGLE_CLIENT_ID,
        clientSecret: env.GOOGLE_CLIENT_SECRET,
        authorizeUrl: env.GOOGLE_AUTHORIZE_URL,
        tokenUrl: env.GOOGLE_TOKEN_URL,
        userinfoUrl: env.GOOGLE_USERINFO_URL,
      },
      microsoft: {
        clientId: env.MICROSOFT_CLIENT_ID,
        clientSecret: env.MICROSOFT_CLIENT_SECRET,
        authorizeUrl: env.MICROSOFT_AUTHORIZE_URL,
        tokenUrl: env.MICROSOFT_TOKEN_URL,
        userinfoUrl: env.MICROSOFT_USERINFO_URL,
      },
    },
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
    throw new ConfigError(`${file} holds a secret shorter than 32 characters; delete it or set JWT_SECRET`);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  // 'wx' fails if another process created it meanwhile; then we read theirs.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  }
}
