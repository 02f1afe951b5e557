import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalOAuthProvider, type LocalOAuthProvider } from '../../testing/oauth-provider';
import { bearer, createTestApp, signUp, type TestApp } from '../../testing/test-app';

const REDIRECT = 'http://127.0.0.1:53682/callback';
let t: TestApp;
let google: LocalOAuthProvider;
let microsoft: LocalOAuthProvider;

beforeAll(async () => {
  google = await startLocalOAuthProvider();
  microsoft = await startLocalOAuthProvider();
  const env = (prefix: string, p: LocalOAuthProvider): Record<string, string> => ({
    [`${prefix}_CLIENT_ID`]: p.clientId,
    [`${prefix}_CLIENT_SECRET`]: p.clientSecret,
    [`${prefix}_AUTHORIZE_URL`]: `${p.url}/authorize`,
    [`${prefix}_TOKEN_URL`]: `${p.url}/token`,
    [`${prefix}_USERINFO_URL`]: `${p.url}/userinfo`,
  });
  t = await createTestApp({ env: { ...env('GOOGLE', google), ...env('MICROSOFT', microsoft) } });
});
afterAll(async () => {
  await t.close();
  await google.close();
  await microsoft.close();
});

/** Plays the desktop app: start, follow the authorize URL as the browser would, return the code. */
async function authorize(provider: 'google' | 'microsoft', query: Record<string, string> = {}): Promise<{ code: string; state: string; verifier?: string }> {
  const params = new URLSearchParams({ redirect_uri: REDIRECT, ...query });
  const start = await t.app.inject({ method: 'GET', url: `/v1/auth/oauth/${provider}/start?${params}` });
  expect(start.statusCode).toBe(200);
  const body = start.json<{ authorizeUrl: string; state: string; codeVerifier?: string }>();
  const consent = await fetch(body.authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = new URL(consent.headers.get('location') ?? '');
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  expect(callback.searchParams.get('state')).toBe(body.state);
  return { code: callback.searchParams.get('code') ?? '', state: body.state, ...(body.codeVerifier ? { verifier: body.codeVerifier } : {}) };
}

function exchange(provider: 'google' | 'microsoft', code: string, verifier: string) {
  return t.app.inject({
    method: 'POST',
    url: `/v1/auth/oauth/${provider}/exchange`,
    payload: { code, code_verifier: verifier, redirect_uri: REDIRECT },
  });
}

async function userCount(): Promise<number> {
  return Number((await t.db.pool.query<{ n: string }>('select count(*) as n from users')).rows[0]?.n);
}

describe('OAuth authorization code + PKCE', () => {
  it('signs a new Google user in, creating the account and personal organization once', async () => {
    google.profile = { sub: 'g-100', email: 'Grace@Example.com', email_verified: true, name: 'Grace Hopper' };
    const { code, verifier } = await authorize('google');
    const response = await exchange('google', code, verifier ?? '');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'grace@example.com', fullName: 'Grace Hopper' });
    const row = await t.db.pool.query('select google_id, current_organization_id from users where id = $1', [body.user.id]);
    expect(row.rows[0]).toEqual({ google_id: 'g-100', current_organization_id: body.user.currentOrganizationId });
    expect((await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(body.accessToken) })).statusCode).toBe(200);
    const sent = google.tokenRequests.at(-1);
    expect(sent?.get('code_verifier')).toBe(verifier);
    expect(sent?.get('client_secret')).toBe(google.clientSecret);

    const before = await userCount();
    const again = await authorize('google');
    const second = await exchange('google', again.code, again.verifier ?? '');
    expect(second.json().user.id).toBe(body.user.id);
    expect(await userCount()).toBe(before);
  });

  it('refuses a wrong code_verifier or a replayed code and creates nothing', async () => {
    google.profile = { sub: 'g-200', email: 'wrong-verifier@example.com', email_verified: true };
    const before = await userCount();
    const { code } = await authorize('google');
    const wrong = await exchange('google', code, randomBytes(48).toString('base64url'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('auth.oauth_failed');
    expect(await userCount()).toBe(before);

    const fresh = await authorize('google');
    expect((await exchange('google', fresh.code, fresh.verifier ?? '')).statusCode).toBe(200);
    const replay = await exchange('google', fresh.code, fresh.verifier ?? '');
    expect(replay.statusCode).toBe(401);
  });

  it('links a verified Google email to an existing password account', async () => {
    const existing = await signUp(t.app, 'linked@example.com');
    google.profile = { sub: 'g-300', email: 'linked@example.com', email_verified: true };
    const { code, verifier } = await authorize('google');
    const response = await exchange('google', code, verifier ?? '');
    expect(response.json().user.id).toBe(existing.userId);
    const row = await t.db.pool.query('select google_id from users where id = $1', [existing.userId]);
    expect(row.rows[0]?.google_id).toBe('g-300');
  });

  it('Microsoft with a client-held PKCE pair: creates by new email, refuses to take over an existing one', async () => {
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    microsoft.profile = { sub: 'ms-1', email: 'satya@example.com', name: 'Satya' };
    const first = await authorize('microsoft', { code_challenge: challenge, state: 'client-state-0123456789' });
    expect(first.state).toBe('client-state-0123456789');
    expect(first.verifier).toBeUndefined();
    const created = await exchange('microsoft', first.code, verifier);
    expect(created.statusCode).toBe(200);
    const row = await t.db.pool.query('select microsoft_id from users where id = $1', [created.json().user.id]);
    expect(row.rows[0]?.microsoft_id).toBe('ms-1');

    await signUp(t.app, 'victim@example.com');
    microsoft.profile = { sub: 'ms-2', email: 'victim@example.com' };
    const second = await authorize('microsoft', { code_challenge: challenge });
    const refused = await exchange('microsoft', second.code, verifier);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('auth.email_taken');
  });

  it('rejects unknown providers, non-loopback redirects and unreachable providers clearly', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: `/v1/auth/oauth/github/start?redirect_uri=${encodeURIComponent(REDIRECT)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('auth.provider_unknown');
    const remote = await t.app.inject({ method: 'GET', url: `/v1/auth/oauth/google/start?redirect_uri=${encodeURIComponent('https://evil.example/cb')}` });
    expect(remote.statusCode).toBe(400);
    const shortVerifier = await exchange('google', 'some-code', 'short');
    expect(shortVerifier.statusCode).toBe(400);

    const unconfigured = await createTestApp({ db: t.db });
    try {
      const response = await unconfigured.app.inject({ method: 'GET', url: `/v1/auth/oauth/google/start?redirect_uri=${encodeURIComponent(REDIRECT)}` });
      expect(response.statusCode).toBe(404);
    } finally {
      await unconfigured.close();
    }

    const down = await createTestApp({
      db: t.db,
      env: { GOOGLE_CLIENT_ID: 'x', GOOGLE_TOKEN_URL: 'http://127.0.0.1:9/token', GOOGLE_USERINFO_URL: 'http://127.0.0.1:9/userinfo' },
    });
    try {
      const response = await down.app.inject({
        method: 'POST',
        url: '/v1/auth/oauth/google/exchange',
        payload: { code: 'abc', code_verifier: randomBytes(48).toString('base64url'), redirect_uri: REDIRECT },
      });
      expect(response.statusCode).toBe(502);
      expect(response.json().error).toEqual({ code: 'auth.provider_unavailable', message: 'The sign-in provider could not be reached' });
    } finally {
      await down.close();
    }
  });
});
