import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../src/shared/errors';
import { createRequireUser } from './auth/require-user';
import { createTokenService, type TokenService } from './auth/tokens';
import type { SqlDb } from './db/queryable';
import type { ServerConfig } from './env';
import { handleError } from './errors';
import { createServerLogger, type ServerLogger } from './log';
import { authRoutes } from './routes/auth/routes';
import { healthRoutes } from './routes/health/routes';
import { mutationRoutes } from './routes/mutations/routes';
import { invitationRoutes, organizationRoutes } from './routes/organizations/routes';
import { shapeRoutes } from './routes/shape/routes';
import type { MutationService } from './sync/mutation-service';
import type { ShapeService } from './sync/shape-service';

/** What {@link buildApp} needs; everything external is injected so tests run the real thing. */
export interface AppDeps {
  config: ServerConfig;
  /** The database every route talks to (a pg Pool in production and tests). */
  db: SqlDb;
  /** Root logger; defaults to one at config.logLevel on stderr. */
  logger?: ServerLogger;
  /** fetch used for OAuth provider calls; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Clock in ms; defaults to Date.now. */
  now?: () => number;
  /** The sync read/write path (GET /v1/shape, POST /v1/mutations); omitted by apps that do not sync. */
  sync?: { shapes: ShapeService; mutations: MutationService };
}

/** Shared by every route plugin: how routes reach the database, tokens and auth. */
export interface RouteContext {
  config: ServerConfig;
  db: SqlDb;
  tokens: TokenService;
  /** preHandler hook: 401 unless a valid access token is presented; sets request.auth. */
  requireUser: preHandlerAsyncHookHandler;
  fetch: typeof fetch;
  now: () => number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the fastify app with every route registered; does not listen (tests use inject or port 0). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const tokens = createTokenService({ secret: deps.config.jwtSecret, ttlSeconds: deps.config.accessTokenTtlSeconds, now });
  const ctx: RouteContext = {
    config: deps.config,
    db: deps.db,
    tokens,
    requireUser: createRequireUser(tokens),
    fetch: deps.fetch ?? fetch,
    now,
  };

  const app = Fastify({
    // pino's Logger carries more than FastifyBaseLogger; fastify only needs the base surface.
    loggerInstance: (deps.logger ?? createServerLogger(deps.config.logLevel)) as FastifyBaseLogger,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: 1_048_576,
    trustProxy: deps.config.trustProxy,
  });
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ error: { code: 'http.not_found', message: 'Not found' } });
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new AppError('http.rate_limited', `Too many requests; retry in ${context.after}`), { statusCode: 429 }),
  });

  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx), { prefix: '/v1' });
  await app.register(organizationRoutes(ctx), { prefix: '/v1/organizations' });
  await app.register(invitationRoutes(ctx), { prefix: '/v1/invitations' });
  if (deps.sync) {
    await app.register(shapeRoutes({ shapes: deps.sync.shapes, requireUser: ctx.requireUser }), { prefix: '/v1' });
    await app.register(mutationRoutes({ mutations: deps.sync.mutations, requireUser: ctx.requireUser }), { prefix: '/v1' });
  }
  return app;
}
