import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../../src/shared/errors';
import type { AccessClaims, TokenService } from './tokens';

/** The authenticated caller of a request, set by {@link createRequireUser}. */
export interface AuthContext {
  userId: string;
  /** Current organization from the token's `org` claim. */
  orgId: string | null;
  /** The verified claims; pass these to withUserTx. */
  claims: AccessClaims;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the requireUser hook; null on unauthenticated routes. */
    auth: AuthContext | null;
  }
}

/**
 * A preHandler hook that requires `Authorization: Bearer <access token>` and sets `request.auth`.
 * @throws AppError `auth.unauthenticated` / `auth.token_expired` (both map to 401).
 */
export function createRequireUser(tokens: TokenService): preHandlerAsyncHookHandler {
  return async function requireUser(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = readBearerToken(request.headers.authorization);
    const claims = await tokens.verifyAccessToken(token);
    request.auth = { userId: claims.sub, orgId: claims.org, claims };
    // Every later log line of this request carries the user id (never the email or token).
    request.log = request.log.child({ userId: claims.sub });
    reply.log = request.log;
  };
}

/**
 * Returns the authenticated caller; use inside handlers of routes guarded by requireUser.
 * @throws AppError `auth.unauthenticated` when the route was not guarded.
 */
export function getAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('auth.unauthenticated', 'Authentication required');
  return request.auth;
}

function readBearerToken(header: string | undefined): string {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new AppError('auth.unauthenticated', 'Missing bearer token');
  return match[1];
}
