/** Stable error codes shared by the core, the IPC boundary, the renderer and the sync server. */
export type ErrorCode =
  | 'validation.invalid_input'
  | 'validation.too_large'
  | 'ipc.unknown_channel'
  | 'ipc.untrusted_sender'
  | 'ipc.disconnected'
  | 'session.not_found'
  | 'session.already_ended'
  | 'template.not_found'
  | 'note.not_found'
  | 'checklist.not_found'
  | 'guidance.not_found'
  | 'summary.not_found'
  | 'action_item.not_found'
  | 'copilot.empty_transcript'
  | 'transcript.not_found'
  | 'audio.invalid'
  | 'audio.permission_denied'
  | 'audio.unsupported_format'
  | 'audio.codec_missing'
  | 'transcriber.unavailable'
  | 'model.download_failed'
  | 'model.checksum_mismatch'
  | 'llm.unavailable'
  | 'llm.invalid_output'
  | 'llm.timeout'
  | 'llm.cancelled'
  | 'document.unsupported'
  | 'document.not_found'
  | 'document.extraction_failed'
  | 'link.not_found'
  | 'calendar.event_not_found'
  | 'sync.unauthorized'
  | 'sync.push_failed'
  | 'sync.conflict'
  | 'sync.not_found'
  | 'sync.mutation_expired'
  | 'sync.clock_skew'
  | 'auth.invalid_credentials'
  | 'auth.token_expired'
  | 'auth.forbidden'
  | 'auth.unauthenticated'
  | 'auth.email_taken'
  | 'auth.refresh_invalid'
  | 'auth.oauth_failed'
  | 'auth.provider_unknown'
  | 'auth.provider_unavailable'
  | 'http.not_found'
  | 'http.rate_limited'
  | 'org.not_found'
  | 'org.slug_taken'
  | 'org.member_limit'
  | 'org.last_owner'
  | 'org.already_member'
  | 'invitation.not_found'
  | 'invitation.expired'
  | 'invitation.not_pending'
  | 'db.migration_failed'
  | 'db.constraint'
  | 'data.export_failed'
  | 'core.unavailable'
  | 'secrets.unavailable'
  | 'internal';

/** The plain-object form of an AppError that survives IPC, JSON and structured clone. */
export interface SerializedAppError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** An error with a stable code; the only error type that crosses a boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }
}

/** Creates a `session.not_found` error. */
export const sessionNotFound = (id: string): AppError =>
  new AppError('session.not_found', `Session ${id} does not exist`, { details: { id } });

/** Creates a `validation.invalid_input` error carrying the failing issues. */
export const invalidInput = (message: string, details?: unknown): AppError =>
  new AppError('validation.invalid_input', message, { details });

/** Converts anything thrown into an Error. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/** Serializes any thrown value; unknown errors become `internal` without leaking internals. */
export function serializeError(value: unknown): SerializedAppError {
  if (value instanceof AppError) {
    return value.details === undefined
      ? { code: value.code, message: value.message }
      : { code: value.code, message: value.message, details: value.details };
  }
  return { code: 'internal', message: 'Internal error' };
}

/** Rebuilds an AppError from its serialized form. */
export function deserializeError(value: SerializedAppError): AppError {
  return new AppError(value.code, value.message, { details: value.details });
}

/** Marks an unreachable branch; the compiler proves exhaustiveness. */
export function assertNever(value: never): never {
  throw new AppError('internal', `Unexpected value: ${String(value)}`);
}
