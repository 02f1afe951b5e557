import pino, { type Logger } from 'pino';

/** Header and field names whose values never reach the logs (STYLE.md §8). */
const REDACT_KEYS = ['authorization', 'cookie', 'password', 'email', 'token', 'accessToken', 'refreshToken', 'code_verifier'];

/** The server's root pino logger; fastify and every module log through children of it. */
export type ServerLogger = Logger;

/**
 * Creates the root logger. Request logs carry only id, method, route path (no query string, which
 * can hold tokens) and status; bodies are never logged.
 */
export function createServerLogger(level: string, destination: pino.DestinationStream = pino.destination({ fd: 2, sync: false })): ServerLogger {
  return pino(
    {
      level,
      base: { service: 'sync-server' },
      redact: {
        paths: [...REDACT_KEYS, ...REDACT_KEYS.map((key) => `*.${key}`), 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { id?: string; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: (req.url ?? '').split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination,
  );
}
