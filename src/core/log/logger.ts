import pino from 'pino';

/** Keys whose values are never logged (privacy rules in STYLE.md §8). */
const REDACT = ['text', 'content', 'prompt', 'email', 'token', 'accessToken', 'refreshToken', 'password', 'apiKey', 'path'];

// stderr, so CLI output on stdout (e.g. --json) stays machine-readable.
const root = pino(
  {
    level: process.env['LIVECONVO_LOG_LEVEL'] ?? (process.env['VITEST'] ? 'silent' : 'info'),
    redact: { paths: [...REDACT, ...REDACT.map((key) => `*.${key}`)], censor: '[redacted]' },
    base: null,
  },
  pino.destination({ fd: 2, sync: true }),
);

/** Structured fields: ids, counts, durations; never user content. */
export type LogFields = Record<string, unknown>;

/** A subsystem logger: constant message first, data in fields. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A pino child logger named after its subsystem. */
export function createLogger(name: string): Logger {
  const child = root.child({ module: name });
  return {
    debug: (message, fields) => child.debug(fields ?? {}, message),
    info: (message, fields) => child.info(fields ?? {}, message),
    warn: (message, fields) => child.warn(fields ?? {}, message),
    error: (message, fields) => child.error(fields ?? {}, message),
  };
}
