import { z } from 'zod';

/** Path params naming an organization. */
export const OrgParamsSchema = z.strictObject({ organizationId: z.uuid() });

/** Path params naming a member of an organization. */
export const MemberParamsSchema = z.strictObject({ organizationId: z.uuid(), userId: z.uuid() });

/** POST /v1/organizations */
export const CreateOrganizationBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'lower-case letters, digits and inner dashes, at most 48')
    .optional(),
  description: z.string().max(2000).optional(),
});

/** POST /v1/organizations/:organizationId/invitations */
export const CreateInvitationBodySchema = z.strictObject({
  email: z.email().max(320),
  role: z.enum(['member', 'admin']).default('member'),
  /** Lifetime of the invitation link in hours (default 7 days). */
  expiresInHours: z.number().int().min(1).max(24 * 30).default(24 * 7),
});

/** POST /v1/invitations/accept and /v1/invitations/decline */
export const InvitationTokenBodySchema = z.strictObject({
  token: z.string().min(20).max(200),
});

/** PATCH /v1/organizations/:organizationId/members/:userId */
export const ChangeRoleBodySchema = z.strictObject({
  role: z.enum(['owner', 'admin', 'member']),
});
