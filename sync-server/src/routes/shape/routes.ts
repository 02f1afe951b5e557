import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from 'fastify';
import { getAuth } from '../../auth/require-user';
import type { UserClaims } from '../../db/tx';
import type { ShapeService } from '../../sync/shape-service';
import { parseShapeQuery } from './schema';

// A shared abort reason: no DOMException (with its stack trace) per finished request.
const CLIENT_GONE = Object.freeze({ reason: 'client gone' });

/** What the shape route needs. */
export interface ShapeRouteDeps {
  shapes: ShapeService;
  requireUser: preHandlerAsyncHookHandler;
}

/**
 * `GET /v1/shape`: Electric's Shape HTTP protocol for one synced table, with the rows the caller
 * may read. Every response varies by Authorization and is never cached by intermediaries.
 */
export function shapeRoutes(deps: ShapeRouteDeps): FastifyPluginAsync {
  return async (app) => {
    // Long-polls would otherwise hold app.close() for up to the live timeout.
    app.addHook('preClose', async () => deps.shapes.shutdown());
    // Live clients re-poll after every change, so with many subscribers per-request access logs
    // were a large share of the server's CPU (bench:sync fanout); errors are still logged.
    app.get('/shape', { preHandler: deps.requireUser, logLevel: 'warn' }, async (request, reply) => {
      const auth = getAuth(request);
      const query = parseShapeQuery(request.query);
      const aborted = new AbortController();
      // The response's 'close' before we answer means the client went away: stop long-polling.
      reply.raw.once('close', () => aborted.abort(CLIENT_GONE));
      const claims: UserClaims = { sub: auth.claims.sub, role: auth.claims.role };
      if (auth.claims.org) claims.org = auth.claims.org;
      const response = await deps.shapes.serve(claims, query, aborted.signal);
      void reply
        .status(response.status)
        .headers({
          ...response.headers,
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          vary: 'Authorization',
          'access-control-expose-headers': 'electric-handle, electric-offset, electric-schema, electric-up-to-date, electric-cursor',
        });
      return reply.send(response.body);
    });
  };
}
