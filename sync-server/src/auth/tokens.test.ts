import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { createTokenService } from './tokens';

const SECRET = 'a'.repeat(40);
const USER = '0b4f7a52-5d57-4a57-9f0e-2f0c7e1b9c11';
const ORG = '5c0a86a4-6e0f-4d3c-8c7e-0f1f6a3e2b22';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof AppError ? error.code : 'not-app-error';
  }
}

describe('access tokens', () => {
  it('round-trips sub, role, org and exp', async () => {
    const tokens = createTokenService({ secret: SECRET, ttlSeconds: 600, now: () => 1_700_000_000_000 });
    const { token, expiresAt } = await tokens.mintAccessToken({ userId: USER, orgId: ORG });
    const claims = await tokens.verifyAccessToken(token);
    expect(claims).toMatchObject({ sub: USER, role: 'authenticated', org: ORG, exp: 1_700_000_600 });
    expect(expiresAt.getTime()).toBe(1_700_000_600_000);
  });

  it('rejects expired, forged, other-key and garbage tokens', async () => {
    let now = 1_700_000_000_000;
    const tokens = createTokenService({ secret: SECRET, ttlSeconds: 60, now: () => now });
    const { token } = await tokens.mintAccessToken({ userId: USER, orgId: null });
    // Verified once (and remembered) while valid: still refused once it expires.
    expect((await tokens.verifyAccessToken(token)).sub).toBe(USER);
    now += 59_000;
    expect((await tokens.verifyAccessToken(token)).sub).toBe(USER);
    now += 1_000;
    expect(await codeOf(tokens.verifyAccessToken(token))).toBe('auth.token_expired');
    now += 1_000;
    expect(await codeOf(tokens.verifyAccessToken(token))).toBe('auth.token_expired');

    const other = createTokenService({ secret: 'b'.repeat(40) });
    const foreign = await other.mintAccessToken({ userId: USER, orgId: ORG });
    const fresh = createTokenService({ secret: SECRET });
    expect(await codeOf(fresh.verifyAccessToken(foreign.token))).toBe('auth.unauthenticated');

    const valid = (await fresh.mintAccessToken({ userId: USER, orgId: ORG })).token;
    const [header, payload, signature] = valid.split('.');
    const tampered = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    tampered['sub'] = '11111111-1111-4111-8111-111111111111';
    const forged = `${header}.${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`;
    expect(await codeOf(fresh.verifyAccessToken(forged))).toBe('auth.unauthenticated');
    expect(await codeOf(fresh.verifyAccessToken('not.a.jwt'))).toBe('auth.unauthenticated');

    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await codeOf(fresh.verifyAccessToken(noneAlg))).toBe('auth.unauthenticated');
  });

  it('rejects a correctly signed token whose claims have the wrong shape', async () => {
    const tokens = createTokenService({ secret: SECRET });
    const wrongRole = await new SignJWT({ role: 'service_role', org: ORG })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(USER)
      .setIssuer('liveconvo-sync')
      .setAudience('authenticated')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect(await codeOf(tokens.verifyAccessToken(wrongRole))).toBe('auth.unauthenticated');
  });
});
