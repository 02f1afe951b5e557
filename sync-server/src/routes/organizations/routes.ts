import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../../src/shared/errors';
import type { RouteContext } from '../../app';
import { getAuth } from '../../auth/require-user';
import { toUserClaims } from '../../auth/user-claims';
import { withServiceTx, withUserTx } from '../../db/tx';
import { parseInput } from '../../errors';
import { answerInvitation, createInvitation, listInvitations } from '../../organizations/invitations';
import { changeMemberRole, listMembers, removeMember, repairCurrentOrganization } from '../../organizations/members';
import { createOrganization, findMyOrganization, listMyOrganizations, switchCurrentOrganization } from '../../organizations/organizations';
import {
  ChangeRoleBodySchema,
  CreateInvitationBodySchema,
  CreateOrganizationBodySchema,
  InvitationTokenBodySchema,
  MemberParamsSchema,
  OrgParamsSchema,
} from './schema';

/** /v1/organizations/*: every route requires a user; reads and member changes run under RLS. */
export function organizationRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', ctx.requireUser);

    app.post('/', async (request, reply) => {
      const auth = getAuth(request);
      const body = parseInput(CreateOrganizationBodySchema, request.body);
      // No RLS policy lets a user create an organization: the server does it, for the caller only.
      const organization = await withServiceTx(ctx.db, (tx) =>
        createOrganization(tx, {
          ownerId: auth.userId,
          name: body.name,
          ...(body.slug === undefined ? {} : { slug: body.slug }),
          ...(body.description === undefined ? {} : { description: body.description }),
        }),
      );
      request.log.info({ userId: auth.userId, organizationId: organization.id }, 'organization created');
      return reply.status(201).send({ organization });
    });

    app.get('/', async (request) => {
      const auth = getAuth(request);
      const organizations = await withUserTx(ctx.db, toUserClaims(auth), (tx) => listMyOrganizations(tx, auth.userId));
      return { organizations, currentOrganizationId: auth.orgId };
    });

    app.get('/:organizationId', async (request) => {
      const auth = getAuth(request);
      const { organizationId } = parseInput(OrgParamsSchema, request.params, 'path');
      const organization = await withUserTx(ctx.db, toUserClaims(auth), (tx) => findMyOrganization(tx, auth.userId, organizationId));
      if (!organization) throw new AppError('org.not_found', 'Organization not found');
      return { organization };
    });

    app.post('/:organizationId/switch', async (request) => {
      const auth = getAuth(request);
      const { organizationId } = parseInput(OrgParamsSchema, request.params, 'path');
      const organization = await withUserTx(ctx.db, toUserClaims(auth), (tx) =>
        switchCurrentOrganization(tx, auth.userId, organizationId),
      );
      const access = await ctx.tokens.mintAccessToken({ userId: auth.userId, orgId: organization.id });
      return { organization, accessToken: access.token, accessTokenExpiresAt: access.expiresAt.toISOString() };
    });

    app.get('/:organizationId/members', async (request) => {
      const auth = getAuth(request);
      const { organizationId } = parseInput(OrgParamsSchema, request.params, 'path');
      const members = await withUserTx(ctx.db, toUserClaims(auth), (tx) => listMembers(tx, auth.userId, organizationId));
      return { members };
    });

    app.delete('/:organizationId/members/:userId', async (request, reply) => {
      const auth = getAuth(request);
      const { organizationId, userId } = parseInput(MemberParamsSchema, request.params, 'path');
      await withUserTx(ctx.db, toUserClaims(auth), (tx) => removeMember(tx, auth.userId, organizationId, userId));
      await withServiceTx(ctx.db, (tx) => repairCurrentOrganization(tx, userId));
      request.log.info({ organizationId, removedUserId: userId }, 'member removed');
      return reply.status(204).send();
    });

    app.patch('/:organizationId/members/:userId', async (request, reply) => {
      const auth = getAuth(request);
      const { organizationId, userId } = parseInput(MemberParamsSchema, request.params, 'path');
      const { role } = parseInput(ChangeRoleBodySchema, request.body);
      await withUserTx(ctx.db, toUserClaims(auth), (tx) => changeMemberRole(tx, { callerId: auth.userId, orgId: organizationId, userId, role }));
      request.log.info({ organizationId, targetUserId: userId, role }, 'member role changed');
      return reply.status(204).send();
    });

    app.post('/:organizationId/invitations', async (request, reply) => {
      const auth = getAuth(request);
      const { organizationId } = parseInput(OrgParamsSchema, request.params, 'path');
      const body = parseInput(CreateInvitationBodySchema, request.body);
      const expiresAt = new Date(ctx.now() + body.expiresInHours * 3_600_000);
      const { invitation, token } = await withUserTx(ctx.db, toUserClaims(auth), (tx) =>
        createInvitation(tx, { callerId: auth.userId, orgId: organizationId, email: body.email, role: body.role, expiresAt }),
      );
      const inviteUrl = new URL(`/invite/${token}`, ctx.config.publicUrl).toString();
      return reply.status(201).send({ invitation, token, inviteUrl });
    });

    app.get('/:organizationId/invitations', async (request) => {
      const auth = getAuth(request);
      const { organizationId } = parseInput(OrgParamsSchema, request.params, 'path');
      const invitations = await withUserTx(ctx.db, toUserClaims(auth), async (tx) => {
        const org = await findMyOrganization(tx, auth.userId, organizationId);
        if (!org) throw new AppError('org.not_found', 'Organization not found');
        if (org.role === 'member') throw new AppError('auth.forbidden', 'Only owners and admins can see invitations');
        return listInvitations(tx, organizationId);
      });
      return { invitations };
    });
  };
}

/** /v1/invitations/{accept,decline}: the invitee answers with the token from the link. */
export function invitationRoutes(ctx: RouteContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', ctx.requireUser);
    for (const answer of ['accept', 'decline'] as const) {
      app.post(`/${answer}`, async (request) => {
        const auth = getAuth(request);
        const { token } = parseInput(InvitationTokenBodySchema, request.body);
        const outcome = await withServiceTx(ctx.db, (tx) =>
          answerInvitation(tx, { userId: auth.userId, token, answer, now: new Date(ctx.now()) }),
        );
        // Refused only after the transaction committed, so the invitation stays marked expired.
        if (outcome.kind === 'expired') throw new AppError('invitation.expired', 'This invitation has expired');
        request.log.info({ userId: auth.userId, organizationId: outcome.organizationId, answer }, 'invitation answered');
        return outcome.kind === 'accepted'
          ? { status: 'accepted', organizationId: outcome.organizationId, role: outcome.role }
          : { status: 'declined', organizationId: outcome.organizationId };
      });
    }
  };
}
