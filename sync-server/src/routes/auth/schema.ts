import { z } from 'zod';

const Email = z.email().max(320);
const Password = z.string().min(8, 'must be at least 8 characters').max(256);

/** POST /v1/auth/signup */
export const SignupBodySchema = z.strictObject({
  email: Email,
  password: Password,
  fullName: z.string().trim().min(1).max(200).optional(),
});

/** POST /v1/auth/login */
export const LoginBodySchema = z.strictObject({
  email: Email,
  password: z.string().min(1).max(256),
});

/** POST /v1/auth/refresh and /v1/auth/logout */
export const RefreshBodySchema = z.strictObject({
  refreshToken: z.string().min(20).max(200),
});

/** The providers that sign users in. */
export const OAuthProviderSchema = z.enum(['google', 'microsoft']);
export type OAuthProvider = z.infer<typeof OAuthProviderSchema>;

/** RFC 8252 §7.3: a desktop app receives the code on a loopback address it listens on. */
const LoopbackRedirect = z
  .url({ protocol: /^http$/ })
  .refine((value) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(value).hostname), 'must be a loopback http URL');
/** RFC 7636 §4.1 verifier alphabet and length. */
const CodeVerifier = z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43-128 unreserved characters');

/** GET /v1/auth/oauth/:provider/start?redirect_uri=…[&code_challenge=…][&state=…] */
export const OAuthStartQuerySchema = z.strictObject({
  redirect_uri: LoopbackRedirect,
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url S256 challenge').optional(),
  state: z.string().regex(/^[A-Za-z0-9._~-]{16,128}$/).optional(),
});

/** POST /v1/auth/oauth/:provider/exchange */
export const OAuthExchangeBodySchema = z.strictObject({
  code: z.string().min(1).max(4096),
  code_verifier: CodeVerifier,
  redirect_uri: LoopbackRedirect,
});

/** Route params of the OAuth routes. */
export const OAuthParamsSchema = z.object({ provider: OAuthProviderSchema });

/** PATCH /v1/me: the profile fields a user may change; null clears one. */
export const UpdateMeBodySchema = z
  .strictObject({
    fullName: z.string().trim().min(1).max(200).nullable().optional(),
    avatarUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable().optional(),
    personalContext: z.string().max(10_000).nullable().optional(),
    useCase: z.string().max(200).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'at least one field is required');
