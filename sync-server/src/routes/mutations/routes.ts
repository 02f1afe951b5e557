import type { FastifyPluginAsync, preHandlerAsyncHookHandler } from 'fastify';
import { getAuth } from '../../auth/require-user';
import type { UserClaims } from '../../db/tx';
import { parseInput } from '../../errors';
import type { MutationService } from '../../sync/mutation-service';
import { MutationBatchSchema } from './schema';

/** What the mutations route needs. */
export interface MutationRouteDeps {
  mutations: MutationService;
  requireUser: preHandlerAsyncHookHandler;
}

/**
 * `POST /v1/mutations`: applies a batch from the desktop outbox under the caller's RLS role and
 * answers `{ txid, results }` (batch semantics in sync/mutation-service.ts).
 */
export function mutationRoutes(deps: MutationRouteDeps): FastifyPluginAsync {
  return async (app) => {
    app.post('/mutations', { preHandler: deps.requireUser }, async (request) => {
      const auth = getAuth(request);
      const body = parseInput(MutationBatchSchema, request.body);
      const claims: UserClaims = { sub: auth.claims.sub, role: auth.claims.role };
      if (auth.claims.org) claims.org = auth.claims.org;
      return deps.mutations.apply(claims, body.mutations, body.sent_at === undefined ? {} : { sentAt: body.sent_at });
    });
  };
}
