import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from '../../app';
import { listAppliedMigrations, readMigrationFiles } from '../../db/migrate';

/** `/healthz`: the process is up. `/readyz`: the database answers and every migration is applied. */
export function healthRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', async () => ({ status: 'ok' }));

    app.get('/readyz', async (request, reply) => {
      try {
        const applied = await listAppliedMigrations(ctx.db);
        const expected = readMigrationFiles().map((file) => file.name);
        const pending = expected.filter((name) => !applied.includes(name));
        if (pending.length > 0) return reply.status(503).send({ status: 'migrating', pending: pending.length });
        return { status: 'ready', migrations: applied.length };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ status: 'database_unreachable' });
      }
    });
  };
}
