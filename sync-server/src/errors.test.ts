import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../src/shared/errors';
import { parseInput, toErrorResponse } from './errors';

describe('toErrorResponse', () => {
  it('maps AppError codes to client statuses with their message', () => {
    expect(toErrorResponse(new AppError('auth.token_expired', 'Access token expired'))).toEqual({
      status: 401,
      body: { error: { code: 'auth.token_expired', message: 'Access token expired' } },
    });
    expect(toErrorResponse(new AppError('org.not_found', 'gone')).status).toBe(404);
    expect(toErrorResponse(new AppError('session.not_found', 'gone')).status).toBe(404);
    expect(toErrorResponse(new AppError('invitation.expired', 'old')).status).toBe(410);
  });

  it('maps SQLSTATEs caused by data to 4xx without echoing the database message', () => {
    const pgError = (code: string) => Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code });
    for (const [code, status] of [['23505', 409], ['23503', 409], ['23502', 400], ['22P02', 400], ['42501', 403]] as const) {
      const response = toErrorResponse(pgError(code));
      expect(response.status).toBe(status);
      expect(JSON.stringify(response.body)).not.toContain('users_email_key');
    }
  });

  it('never leaks internals: unknown errors and server-side AppErrors become a bare 500', () => {
    const secret = toErrorResponse(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(secret).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal error' } } });
    expect(toErrorResponse(new AppError('db.migration_failed', 'Migration 0003 failed at /srv/app')).body.error.message).toBe('Internal error');
    expect(toErrorResponse(Object.assign(new Error('boom'), { code: '57P01' })).status).toBe(500);
  });

  it('keeps fastify 4xx as client errors', () => {
    expect(toErrorResponse(Object.assign(new Error('x'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }))).toEqual({
      status: 415,
      body: { error: { code: 'validation.invalid_input', message: 'Unsupported content type' } },
    });
    expect(toErrorResponse(Object.assign(new Error('x'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).status).toBe(413);
  });
});

describe('parseInput', () => {
  it('lists every failing path', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }) });
    try {
      parseInput(schema, { a: 1, b: { c: 'x' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toEqual({
        issues: [
          { path: 'a', message: expect.any(String) },
          { path: 'b.c', message: expect.any(String) },
        ],
      });
    }
  });
});
