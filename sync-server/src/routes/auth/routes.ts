import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../../src/shared/errors';
import type { RouteContext } from '../../app';
import { createAccount, findOwnUser, findUser, normalizeEmail, updateProfile } from '../../auth/accounts';
import { issueTokenPair, withAccessToken } from '../../auth/issue-tokens';
import { linkOAuthAccount } from '../../auth/link-oauth-account';
import { buildAuthorizeUrl, exchangeCode, requireProviderConfig } from '../../auth/oauth';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { revokeRefreshToken, rotateRefreshToken } from '../../auth/refresh-tokens';
import { getAuth } from '../../auth/require-user';
import { withServiceTx, withUserTx } from '../../db/tx';
import { parseInput } from '../../errors';
import { toUserClaims } from '../../auth/user-claims';
import {
  LoginBodySchema,
  OAuthExchangeBodySchema,
  OAuthProviderSchema,
  OAuthStartQuerySchema,
  RefreshBodySchema,
  SignupBodySchema,
  UpdateMeBodySchema,
} from './schema';

/** /v1/auth/* (rate limited per client IP) and GET /v1/me. */
export function authRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(publicAuthRoutes(ctx), { prefix: '/auth' });

    app.get('/me', { preHandler: ctx.requireUser }, async (request) => {
      const auth = getAuth(request);
      return withUserTx(ctx.db, toUserClaims(auth), async (tx) => {
        const user = await findOwnUser(tx, auth.userId);
        if (!user) throw new AppError('auth.unauthenticated', 'This account no longer exists');
        return { user };
      });
    });

    app.patch('/me', { preHandler: ctx.requireUser }, async (request) => {
      const auth = getAuth(request);
      const changes = parseInput(UpdateMeBodySchema, request.body);
      const user = await withUserTx(ctx.db, toUserClaims(auth), (tx) => updateProfile(tx, auth.userId, changes));
      if (!user) throw new AppError('auth.unauthenticated', 'This account no longer exists');
      return { user };
    });
  };
}

function publicAuthRoutes(ctx: RouteContext): FastifyPluginAsync {
  const refreshOptions = { ttlSeconds: ctx.config.refreshTokenTtlSeconds, now: ctx.now };
  return async (app) => {
    // One counter for every auth route, so password guessing cannot spread across endpoints.
    app.addHook('onRequest', app.rateLimit({ max: ctx.config.authRateLimitPerMinute, timeWindow: 60_000 }));

    app.post('/signup', async (request, reply) => {
      const body = parseInput(SignupBodySchema, request.body);
      const passwordHash = await hashPassword(body.password);
      const pair = await withServiceTx(ctx.db, async (tx) => {
        const taken = await tx.query('select 1 from users where email = $1', [normalizeEmail(body.email)]);
        if (taken.rows.length > 0) throw new AppError('auth.email_taken', 'An account with this email already exists');
        const user = await createAccount(tx, { email: body.email, fullName: body.fullName ?? null });
        await tx.query('insert into user_credentials (user_id, password_hash) values ($1, $2)', [user.id, passwordHash]);
        return issueTokenPair(ctx, tx, user);
      });
      request.log.info({ userId: pair.user.id }, 'user signed up');
      return reply.status(201).send(pair);
    });

    app.post('/login', async (request) => {
      const body = parseInput(LoginBodySchema, request.body);
      const found = await withServiceTx(ctx.db, async (tx) => {
        const result = await tx.query<{ user_id: string; password_hash: string }>(
          `select c.user_id, c.password_hash from users u join user_credentials c on c.user_id = u.id where u.email = $1`,
          [normalizeEmail(body.email)],
        );
        return result.rows[0];
      });
      const isValid = await verifyPassword(found?.password_hash, body.password);
      if (!found || !isValid) throw new AppError('auth.invalid_credentials', 'Wrong email or password');
      return withServiceTx(ctx.db, async (tx) => {
        const user = await findUser(tx, found.user_id);
        if (!user) throw new AppError('auth.invalid_credentials', 'Wrong email or password');
        return issueTokenPair(ctx, tx, user);
      });
    });

    app.post('/refresh', async (request) => {
      const body = parseInput(RefreshBodySchema, request.body);
      const outcome = await withServiceTx(ctx.db, async (tx) => {
        const rotated = await rotateRefreshToken(tx, body.refreshToken, refreshOptions);
        if (rotated.kind !== 'rotated') return rotated;
        const user = await findUser(tx, rotated.userId);
        return user ? { kind: 'ok' as const, pair: await withAccessToken(ctx, user, rotated.next) } : { kind: 'invalid' as const };
      });
      // Thrown only after the transaction committed, so a detected reuse stays revoked.
      if (outcome.kind === 'reused') {
        request.log.warn('refresh token reuse detected; family revoked');
        throw new AppError('auth.refresh_invalid', 'Refresh token is no longer valid; sign in again');
      }
      if (outcome.kind === 'invalid') throw new AppError('auth.refresh_invalid', 'Refresh token is invalid or expired');
      return outcome.pair;
    });

    app.post('/logout', async (request, reply) => {
      const body = parseInput(RefreshBodySchema, request.body);
      await withServiceTx(ctx.db, (tx) => revokeRefreshToken(tx, body.refreshToken, ctx.now));
      return reply.status(204).send();
    });

    app.get('/oauth/:provider/start', async (request) => {
      const provider = parseProvider(request.params);
      const query = parseInput(OAuthStartQuerySchema, request.query, 'query');
      const config = requireProviderConfig(provider, ctx.config.oauth[provider]);
      return buildAuthorizeUrl(config, {
        redirectUri: query.redirect_uri,
        ...(query.code_challenge === undefined ? {} : { codeChallenge: query.code_challenge }),
        ...(query.state === undefined ? {} : { state: query.state }),
      });
    });

    app.post('/oauth/:provider/exchange', async (request) => {
      const provider = parseProvider(request.params);
      const body = parseInput(OAuthExchangeBodySchema, request.body);
      const config = requireProviderConfig(provider, ctx.config.oauth[provider]);
      const identity = await exchangeCode(ctx.fetch, config, {
        code: body.code,
        codeVerifier: body.code_verifier,
        redirectUri: body.redirect_uri,
      });
      const pair = await withServiceTx(ctx.db, async (tx) => issueTokenPair(ctx, tx, await linkOAuthAccount(tx, provider, identity)));
      request.log.info({ userId: pair.user.id, provider }, 'user signed in with oauth');
      return pair;
    });
  };
}

function parseProvider(params: unknown): 'google' | 'microsoft' {
  const provider = (params as { provider?: unknown }).provider;
  const parsed = OAuthProviderSchema.safeParse(provider);
  if (!parsed.success) throw new AppError('auth.provider_unknown', 'Unknown sign-in provider');
  return parsed.data;
}
