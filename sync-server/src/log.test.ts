import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerLogger } from './log';
import { createTestApp, type TestApp } from './testing/test-app';

let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  t = await createTestApp({ deps: { logger: createServerLogger('info', sink) } });
});
afterAll(async () => {
  await t.close();
});

describe('request logging', () => {
  it('logs request ids and user ids but never emails, passwords, tokens or query strings', async () => {
    const email = 'private.person@example.com';
    const password = 'super secret password';
    const signup = await t.app.inject({ method: 'POST', url: '/v1/auth/signup?note=hidden-query', payload: { email, password } });
    const { accessToken, refreshToken, user } = signup.json();
    await t.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}`, 'x-request-id': 'req-me-1' } });
    await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password: 'wrong password!' } });
    await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } });

    const text = lines.join('\n');
    for (const secret of [email, password, accessToken, refreshToken, 'hidden-query', 'wrong password!']) {
      expect(text).not.toContain(secret);
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.some((r) => r['reqId'] === 'req-me-1' && r['userId'] === user.id)).toBe(true);
    expect(records.some((r) => r['msg'] === 'request rejected' && r['errorCode'] === 'auth.invalid_credentials')).toBe(true);
    expect(records.filter((r) => r['msg'] === 'incoming request').every((r) => typeof r['reqId'] === 'string')).toBe(true);
  });
});
