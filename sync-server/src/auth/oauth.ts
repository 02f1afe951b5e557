import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../src/shared/errors';
import type { OAuthProviderConfig } from '../env';

/** The identity a provider vouches for after a successful code exchange. */
export interface OAuthIdentity {
  subject: string;
  email: string | null;
  isEmailVerified: boolean;
  name: string | null;
  picture: string | null;
}

/** The start of an authorization-code + PKCE flow for a desktop loopback redirect. */
export interface OAuthStart {
  authorizeUrl: string;
  state: string;
  /** Present when the server generated the PKCE pair; the client keeps it for the exchange. */
  codeVerifier?: string;
}

const TokenResponseSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional() });
const UserinfoSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  name: z.string().optional(),
  picture: z.string().optional(),
});

const TIMEOUT_MS = 10_000;

/** Returns the provider's settings, or throws when the server has no client id for it. */
export function requireProviderConfig(provider: string, config: OAuthProviderConfig): OAuthProviderConfig & { clientId: string } {
  if (config.clientId === undefined) {
    throw new AppError('auth.provider_unknown', `Sign-in with ${provider} is not configured on this server`);
  }
  return { ...config, clientId: config.clientId };
}

/** Builds the authorize URL (S256 challenge); generates state and the PKCE pair when not given. */
export function buildAuthorizeUrl(
  config: OAuthProviderConfig & { clientId: string },
  input: { redirectUri: string; codeChallenge?: string; state?: string },
): OAuthStart {
  const state = input.state ?? randomBytes(24).toString('base64url');
  const codeVerifier = input.codeChallenge === undefined ? randomBytes(48).toString('base64url') : undefined;
  const codeChallenge = input.codeChallenge ?? createHash('sha256').update(codeVerifier ?? '').digest('base64url');
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', 'openid email profile');
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return codeVerifier === undefined ? { authorizeUrl: url.toString(), state } : { authorizeUrl: url.toString(), state, codeVerifier };
}

/**
 * Exchanges the authorization code (with the PKCE verifier) at the token endpoint and reads the
 * user's identity from the userinfo endpoint.
 * @throws AppError `auth.oauth_failed` when the provider rejects the code or verifier,
 * `auth.provider_unavailable` when it cannot be reached or answers nonsense.
 */
export async function exchangeCode(
  fetchFn: typeof fetch,
  config: OAuthProviderConfig & { clientId: string },
  input: { code: string; codeVerifier: string; redirectUri: string },
): Promise<OAuthIdentity> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
    client_id: config.clientId,
    code_verifier: input.codeVerifier,
  });
  if (config.clientSecret !== undefined) form.set('client_secret', config.clientSecret);
  const tokenResponse = await call(fetchFn, config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  if (tokenResponse.status >= 400 && tokenResponse.status < 500) {
    throw new AppError('auth.oauth_failed', 'The provider rejected the authorization code');
  }
  const tokens = TokenResponseSchema.safeParse(await readJson(tokenResponse));
  if (!tokenResponse.ok || !tokens.success) {
    throw new AppError('auth.provider_unavailable', 'The sign-in provider returned an unexpected token response');
  }

  const userinfoResponse = await call(fetchFn, config.userinfoUrl, {
    headers: { authorization: `Bearer ${tokens.data.access_token}`, accept: 'application/json' },
  });
  const info = UserinfoSchema.safeParse(await readJson(userinfoResponse));
  if (!userinfoResponse.ok || !info.success) {
    throw new AppError('auth.provider_unavailable', 'The sign-in provider returned an unexpected user profile');
  }
  const email = info.data.email !== undefined && z.email().safeParse(info.data.email).success ? info.data.email : null;
  return {
    subject: info.data.sub,
    email,
    isEmailVerified: email !== null && (info.data.email_verified === true || info.data.email_verified === 'true'),
    name: info.data.name ?? null,
    picture: info.data.picture ?? null,
  };
}

async function call(fetchFn: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new AppError('auth.provider_unavailable', 'The sign-in provider could not be reached', { cause: error });
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (error) {
    // A non-JSON body fails the schema check that follows; keep the cause out of the response.
    return { unreadable: String(error instanceof Error ? error.name : 'error') };
  }
}
