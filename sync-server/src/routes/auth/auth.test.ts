import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../auth/tokens';
import { bearer, createTestApp, signUp, type TestApp } from '../../testing/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function count(table: string): Promise<number> {
  const result = await t.db.pool.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(result.rows[0]?.n);
}

describe('signup and login', () => {
  it('signup creates the user, a personal organization with an owner membership, and working tokens', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: 'Ada@Example.com', password: 'correct horse battery', fullName: 'Ada Lovelace' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'ada@example.com', fullName: 'Ada Lovelace', isAdmin: false });
    const membership = await t.db.pool.query(
      'select m.role, o.name from organization_members m join organizations o on o.id = m.organization_id where m.user_id = $1',
      [body.user.id],
    );
    expect(membership.rows).toEqual([{ role: 'owner', name: "Ada Lovelace's workspace" }]);
    const stored = await t.db.pool.query<{ password_hash: string }>('select password_hash from user_credentials where user_id = $1', [body.user.id]);
    expect(stored.rows[0]?.password_hash).toMatch(/^\$argon2id\$/);

    const claims = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(body.accessToken) });
    expect(claims.statusCode).toBe(200);
    expect(claims.json().user).toMatchObject({ id: body.user.id, currentOrganizationId: body.user.currentOrganizationId });
    const verified = await createTokenService({ secret: t.config.jwtSecret }).verifyAccessToken(body.accessToken);
    expect(verified).toMatchObject({ sub: body.user.id, role: 'authenticated', org: body.user.currentOrganizationId });
  });

  it('refuses a second signup with the same email, in any case, and creates nothing', async () => {
    await signUp(t.app, 'dup@example.com');
    const before = [await count('users'), await count('organizations')];
    const response = await t.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'DUP@example.com', password: 'another password' } });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('auth.email_taken');
    expect([await count('users'), await count('organizations')]).toEqual(before);
  });

  it('logs in with the right password and refuses a wrong one or an unknown email', async () => {
    await signUp(t.app, 'login@example.com', 'the right password');
    const ok = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'LOGIN@example.com', password: 'the right password' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.email).toBe('login@example.com');

    for (const payload of [
      { email: 'login@example.com', password: 'the wrong password' },
      { email: 'nobody@example.com', password: 'the right password' },
    ]) {
      const bad = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error).toEqual({ code: 'auth.invalid_credentials', message: 'Wrong email or password' });
    }
  });

  it('answers bad JSON and wrong types with a clear 400 and changes nothing', async () => {
    const before = [await count('users'), await count('organizations'), await count('refresh_tokens')];
    const badJson = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "x@example.com", "password": ',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error).toEqual({ code: 'validation.invalid_input', message: 'Request body is not valid JSON' });

    const wrongTypes = await t.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 42, password: ['x'] } });
    expect(wrongTypes.statusCode).toBe(400);
    const error = wrongTypes.json().error;
    expect(error.code).toBe('validation.invalid_input');
    expect([...new Set(error.details.issues.map((issue: { path: string }) => issue.path))].sort()).toEqual(['email', 'password']);

    const shortPassword = await t.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'y@example.com', password: 'short' } });
    expect(shortPassword.statusCode).toBe(400);
    expect(shortPassword.json().error.details.issues[0]).toEqual({ path: 'password', message: 'must be at least 8 characters' });

    const unknownField = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'y@example.com', password: 'x', isAdmin: true } });
    expect(unknownField.statusCode).toBe(400);

    const wrongType = await t.app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'text/xml' }, payload: '<login/>' });
    expect(wrongType.statusCode).toBe(415);
    const huge = await t.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'big@example.com', password: 'x'.repeat(2_000_000) } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('validation.too_large');

    const noBody = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh' });
    expect(noBody.statusCode).toBe(400);
    expect([await count('users'), await count('organizations'), await count('refresh_tokens')]).toEqual(before);
  });
});

describe('profile', () => {
  it('PATCH /v1/me updates own profile fields only, validating each', async () => {
    const user = await signUp(t.app, 'profile@example.com');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: bearer(user.accessToken),
      payload: { fullName: 'Pat Profile', personalContext: 'I sell databases', useCase: 'sales' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().user).toMatchObject({ fullName: 'Pat Profile', personalContext: 'I sell databases', useCase: 'sales', email: 'profile@example.com' });
    const cleared = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(user.accessToken), payload: { useCase: null } });
    expect(cleared.json().user.useCase).toBeNull();

    for (const payload of [{}, { isAdmin: true }, { email: 'x@example.com' }, { avatarUrl: 'javascript:alert(1)' }, { fullName: 7 }]) {
      const refused = await t.app.inject({ method: 'PATCH', url: '/v1/me', headers: bearer(user.accessToken), payload });
      expect(refused.statusCode).toBe(400);
    }
    const row = await t.db.pool.query('select is_admin, email, full_name from users where id = $1', [user.userId]);
    expect(row.rows[0]).toEqual({ is_admin: false, email: 'profile@example.com', full_name: 'Pat Profile' });
  });
});

describe('refresh tokens', () => {
  it('rotates: each refresh returns a new pair and spends the old token', async () => {
    const user = await signUp(t.app, 'rotate@example.com');
    const first = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
    expect(first.statusCode).toBe(200);
    const next = first.json();
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect(next.user.id).toBe(user.userId);
    const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(next.accessToken) });
    expect(me.statusCode).toBe(200);

    const second = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: next.refreshToken } });
    expect(second.statusCode).toBe(200);
    const stored = await t.db.pool.query('select token_hash from refresh_tokens where token_hash in ($1, $2)', [user.refreshToken, next.refreshToken]);
    expect(stored.rows).toEqual([]);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const user = await signUp(t.app, 'reuse@example.com');
    const rotated = (await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } })).json();

    const replay = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('auth.refresh_invalid');

    // The legitimate holder's newer token died with the family.
    const victim = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: rotated.refreshToken } });
    expect(victim.statusCode).toBe(401);
    const family = await t.db.pool.query<{ revoked_reason: string | null }>(
      'select revoked_reason from refresh_tokens where user_id = $1',
      [user.userId],
    );
    expect(family.rows.map((row) => row.revoked_reason)).toEqual(['reuse_detected', 'reuse_detected']);

    // Other sign-ins of the same user are separate families and keep working.
    const login = (await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'reuse@example.com', password: 'correct horse battery' } })).json();
    const other = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: login.refreshToken } });
    expect(other.statusCode).toBe(200);
  });

  it('two simultaneous refreshes with one token: one wins, the other counts as reuse', async () => {
    const user = await signUp(t.app, 'race-refresh@example.com');
    const responses = await Promise.all(
      [0, 1].map(() => t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } })),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const tokens = await t.db.pool.query<{ n: string }>('select count(*) as n from refresh_tokens where user_id = $1', [user.userId]);
    expect(Number(tokens.rows[0]?.n)).toBe(2);
  });

  it('logout revokes the family; unknown tokens are refused', async () => {
    const user = await signUp(t.app, 'logout@example.com');
    const logout = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: user.refreshToken } });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
    expect(after.statusCode).toBe(401);
    const unknown = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'x'.repeat(43) } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('auth.refresh_invalid');
  });

  it('refuses an expired refresh token', async () => {
    const user = await signUp(t.app, 'expired-refresh@example.com');
    await t.db.pool.query(`update refresh_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [user.userId]);
    const response = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
    expect(response.statusCode).toBe(401);
  });
});

describe('access tokens on protected routes', () => {
  it('answers 401 to missing, malformed, expired, forged and other-key tokens', async () => {
    const user = await signUp(t.app, 'guarded@example.com');
    const key = new TextEncoder().encode(t.config.jwtSecret);
    const expired = await new SignJWT({ role: 'authenticated', org: user.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer('liveconvo-sync')
      .setAudience('authenticated')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const otherKey = (await createTokenService({ secret: 'another-secret-also-at-least-32-characters' }).mintAccessToken({ userId: user.userId, orgId: user.orgId })).token;
    const [header, , signature] = user.accessToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: user.userId, role: 'authenticated', org: user.orgId, exp: 4_000_000_000, iss: 'liveconvo-sync', aud: 'authenticated' })).toString('base64url');
    const cases: Array<[string, Record<string, string>, string]> = [
      ['missing', {}, 'auth.unauthenticated'],
      ['not bearer', { authorization: `Basic ${user.accessToken}` }, 'auth.unauthenticated'],
      ['garbage', bearer('garbage'), 'auth.unauthenticated'],
      ['expired', bearer(expired), 'auth.token_expired'],
      ['forged', bearer(`${header}.${forgedPayload}.${signature}`), 'auth.unauthenticated'],
      ['other key', bearer(otherKey), 'auth.unauthenticated'],
    ];
    for (const [label, headers, code] of cases) {
      const response = await t.app.inject({ method: 'GET', url: '/v1/me', headers });
      expect({ label, status: response.statusCode, code: response.json().error.code }).toEqual({ label, status: 401, code });
    }
    const ok = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(user.accessToken) });
    expect(ok.statusCode).toBe(200);
  });

  it('unknown routes are a JSON 404 and responses carry a request id', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/nope', headers: { 'x-request-id': 'trace-123' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('http.not_found');
    expect(response.headers['x-request-id']).toBe('trace-123');
  });
});

describe('rate limiting', () => {
  it('limits auth attempts per client and leaves other routes alone', async () => {
    const limited = await createTestApp({ db: t.db, env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await limited.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'who@example.com', password: 'whatever1' } });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) expect(response.json().error.code).toBe('http.rate_limited');
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      // The same counter covers the other auth endpoints.
      const signup = await limited.app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email: 'new@example.com', password: 'long enough' } });
      expect(signup.statusCode).toBe(429);
      const health = await limited.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      // Another client address has its own budget.
      const elsewhere = await limited.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: '10.1.2.3', payload: { email: 'who@example.com', password: 'whatever1' } });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
    // Behind a trusted proxy the forwarded client address is the key.
    const proxied = await createTestApp({ db: t.db, env: { AUTH_RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: 'true' } });
    try {
      const as = (ip: string) =>
        proxied.app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'x-forwarded-for': ip }, payload: { email: 'who@example.com', password: 'whatever1' } });
      expect([(await as('203.0.113.1')).statusCode, (await as('203.0.113.1')).statusCode, (await as('203.0.113.2')).statusCode]).toEqual([401, 429, 401]);
    } finally {
      await proxied.close();
    }
  });
});
