import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, type ErrorCode, invalidInput } from '../../src/shared/errors';

/** The body of every error response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  'validation.invalid_input': 400,
  'validation.too_large': 413,
  'auth.invalid_credentials': 401,
  'auth.token_expired': 401,
  'auth.unauthenticated': 401,
  'auth.refresh_invalid': 401,
  'auth.oauth_failed': 401,
  'auth.forbidden': 403,
  'sync.unauthorized': 401,
  'auth.email_taken': 409,
  'auth.provider_unknown': 404,
  'auth.provider_unavailable': 502,
  'http.not_found': 404,
  'http.rate_limited': 429,
  'org.slug_taken': 409,
  'org.member_limit': 409,
  'org.last_owner': 409,
  'org.already_member': 409,
  'invitation.expired': 410,
  'invitation.not_pending': 409,
  'sync.conflict': 409,
  'db.constraint': 409,
};

/** HTTP status for an AppError code: the table above, then `*.not_found` → 404, else 500. */
export function statusForCode(code: ErrorCode): number {
  const status = STATUS_BY_CODE[code];
  if (status !== undefined) return status;
  if (code.endsWith('.not_found')) return 404;
  if (code.startsWith('validation.')) return 400;
  return 500;
}

/** Postgres SQLSTATEs caused by the request's data, mapped to client errors. */
const SQLSTATE: Record<string, { status: number; code: ErrorCode; message: string }> = {
  '23505': { status: 409, code: 'db.constraint', message: 'A record with these values already exists' },
  '23503': { status: 409, code: 'db.constraint', message: 'A referenced record does not exist' },
  '23502': { status: 400, code: 'validation.invalid_input', message: 'A required value is missing' },
  '23514': { status: 400, code: 'validation.invalid_input', message: 'A value is out of range' },
  '22P02': { status: 400, code: 'validation.invalid_input', message: 'A value has the wrong format' },
  '22001': { status: 400, code: 'validation.invalid_input', message: 'A value is too long' },
  '22003': { status: 400, code: 'validation.invalid_input', message: 'A number is out of range' },
  '22007': { status: 400, code: 'validation.invalid_input', message: 'A date has the wrong format' },
  '22008': { status: 400, code: 'validation.invalid_input', message: 'A date is out of range' },
  '42501': { status: 403, code: 'auth.forbidden', message: 'Not allowed' },
};

/**
 * Parses `value` with a zod schema.
 * @throws AppError `validation.invalid_input` listing each issue's path and message.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw invalidInput(`Invalid ${what}`, { issues });
}

/** Converts any thrown value into a status and a public body; internals never leave the server. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const status = statusForCode(error.code);
    if (status >= 500) return internal(status === 502 ? error : undefined);
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return { status, body };
  }
  const sqlstate = readSqlState(error);
  const mapped = sqlstate === undefined ? undefined : SQLSTATE[sqlstate];
  if (mapped) return { status: mapped.status, body: { error: { code: mapped.code, message: mapped.message } } };
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 429) return { status, body: { error: { code: 'http.rate_limited', message: 'Too many requests; retry later' } } };
    if (status === 404) return { status, body: { error: { code: 'http.not_found', message: 'Not found' } } };
    if (status === 413) return { status, body: { error: { code: 'validation.too_large', message: 'Request body too large' } } };
    return { status, body: { error: { code: 'validation.invalid_input', message: publicFastifyMessage(fastifyError) } } };
  }
  return internal(undefined);
}

/** The fastify error handler: logs server faults with the request id, answers with {@link toErrorResponse}. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorResponse(error);
  if (status >= 500) {
    // Type, code and stack only: driver errors carry row values in fields such as `detail`.
    const err = error instanceof Error ? error : new Error(String(error));
    request.log.error({ errorType: err.name, errorCode: readCode(error), stack: err.stack }, 'request failed');
  } else {
    request.log.info({ errorCode: body.error.code, status }, 'request rejected');
  }
  void reply.status(status).send(body);
}

function internal(error: AppError | undefined): { status: number; body: ErrorBody } {
  if (error) return { status: 502, body: { error: { code: error.code, message: error.message } } };
  return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } };
}

function readCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function readSqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

// Fastify's own 4xx messages describe the request (bad JSON, wrong content type), not internals.
function publicFastifyMessage(error: Partial<FastifyError>): string {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'Unsupported content type';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'Request body is empty';
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'Request body is not valid JSON';
  return 'Bad request';
}
