import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src/shared/errors';
import type { TxQueryable } from '../db/queryable';
import { findMyOrganization } from './organizations';

/** An invitation as the API returns it; the token is shown only once, at creation. */
export interface InvitationView {
  id: string;
  organizationId: string;
  email: string;
  role: 'admin' | 'member';
  status: 'pending' | 'accepted' | 'declined' | 'expired';
  expiresAt: string;
  createdAt: string;
}

/** What answering an invitation produced. */
export type AnswerOutcome =
  | { kind: 'accepted'; organizationId: string; role: InvitationView['role'] }
  | { kind: 'declined'; organizationId: string }
  /** The invitation was past its expiry; it has now been marked expired (commit, then refuse). */
  | { kind: 'expired' };

interface InvitationRow {
  id: string;
  organization_id: string;
  email: string;
  role: InvitationView['role'];
  status: InvitationView['status'];
  expires_at: Date;
  created_at: Date;
}

const COLUMNS = 'id, organization_id, email, role, status, expires_at, created_at';

/**
 * Creates an invitation with a fresh random token; runs under the caller's RLS (admins only).
 * @throws AppError `org.not_found`, `auth.forbidden`, `org.member_limit`, `org.already_member`,
 * `db.constraint` (via 23505) when a pending invitation for the email exists.
 */
export async function createInvitation(
  tx: TxQueryable,
  input: { callerId: string; orgId: string; email: string; role: InvitationView['role']; expiresAt: Date },
): Promise<{ invitation: InvitationView; token: string }> {
  const org = await findMyOrganization(tx, input.callerId, input.orgId);
  if (!org) throw new AppError('org.not_found', 'Organization not found', { details: { organizationId: input.orgId } });
  if (org.role === 'member') throw new AppError('auth.forbidden', 'Only owners and admins can invite');
  const email = input.email.trim().toLowerCase();
  const existing = await tx.query(
    `select 1 from organization_members m join users u on u.id = m.user_id
      where m.organization_id = $1 and u.email = $2`,
    [input.orgId, email],
  );
  if (existing.rows.length > 0) throw new AppError('org.already_member', 'This person is already a member');
  if (org.maxMembers !== null && (await countMembers(tx, input.orgId)) >= org.maxMembers) {
    throw memberLimit(org.maxMembers);
  }
  const token = randomBytes(32).toString('base64url');
  const result = await tx.query<InvitationRow>(
    `insert into organization_invitations (organization_id, email, role, invitation_token, invited_by, expires_at)
     values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [input.orgId, email, input.role, token, input.callerId, input.expiresAt],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert into organization_invitations returned no row');
  return { invitation: toView(row), token };
}

/** Lists an organization's invitations, newest first; RLS shows them to owners and admins only. */
export async function listInvitations(tx: TxQueryable, orgId: string): Promise<InvitationView[]> {
  const result = await tx.query<InvitationRow>(
    `select ${COLUMNS} from organization_invitations where organization_id = $1 order by created_at desc, id`,
    [orgId],
  );
  return result.rows.map(toView);
}

/**
 * Accepts or declines an invitation by token for the signed-in user, whose email must be the one
 * invited. Accepting adds the membership unless the organization is full. Runs in a service
 * transaction: the invitee is not a member yet, so no RLS policy could let them in.
 * @throws AppError `invitation.not_found`, `invitation.not_pending`, `auth.forbidden`,
 * `org.already_member`, `org.member_limit`.
 */
export async function answerInvitation(
  tx: TxQueryable,
  input: { userId: string; token: string; answer: 'accept' | 'decline'; now: Date },
): Promise<AnswerOutcome> {
  const found = await tx.query<InvitationRow>(
    `select ${COLUMNS} from organization_invitations where invitation_token = $1 for update`,
    [input.token],
  );
  const invitation = found.rows[0];
  if (!invitation) throw new AppError('invitation.not_found', 'Invitation not found');
  if (invitation.status !== 'pending') {
    if (invitation.status === 'expired') return { kind: 'expired' };
    throw new AppError('invitation.not_pending', `Invitation was already ${invitation.status}`);
  }
  const user = await tx.query<{ email: string | null }>('select email from users where id = $1', [input.userId]);
  if (user.rows[0]?.email?.toLowerCase() !== invitation.email.toLowerCase()) {
    throw new AppError('auth.forbidden', 'This invitation was sent to a different email address');
  }
  if (new Date(invitation.expires_at).getTime() <= input.now.getTime()) {
    await tx.query(`update organization_invitations set status = 'expired' where id = $1`, [invitation.id]);
    return { kind: 'expired' };
  }
  if (input.answer === 'decline') {
    await tx.query(`update organization_invitations set status = 'declined' where id = $1`, [invitation.id]);
    return { kind: 'declined', organizationId: invitation.organization_id };
  }

  // Lock the organization so concurrent accepts cannot overshoot max_members.
  const org = await tx.query<{ max_members: number | null }>('select max_members from organizations where id = $1 for update', [
    invitation.organization_id,
  ]);
  const maxMembers = org.rows[0]?.max_members ?? null;
  const member = await tx.query('select 1 from organization_members where organization_id = $1 and user_id = $2', [
    invitation.organization_id,
    input.userId,
  ]);
  if (member.rows.length > 0) throw new AppError('org.already_member', 'You are already a member of this organization');
  if (maxMembers !== null && (await countMembers(tx, invitation.organization_id)) >= maxMembers) throw memberLimit(maxMembers);
  await tx.query('insert into organization_members (organization_id, user_id, role) values ($1, $2, $3)', [
    invitation.organization_id,
    input.userId,
    invitation.role,
  ]);
  await tx.query(
    `update organization_invitations set status = 'accepted', accepted_at = $2, accepted_by = $3 where id = $1`,
    [invitation.id, input.now, input.userId],
  );
  return { kind: 'accepted', organizationId: invitation.organization_id, role: invitation.role };
}

async function countMembers(tx: TxQueryable, orgId: string): Promise<number> {
  const result = await tx.query<{ count: string }>('select count(*) as count from organization_members where organization_id = $1', [orgId]);
  return Number(result.rows[0]?.count ?? 0);
}

function memberLimit(maxMembers: number): AppError {
  return new AppError('org.member_limit', `This organization is limited to ${maxMembers} members`, { details: { maxMembers } });
}

function toView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    email: row.email,
    role: row.role,
    status: row.status,
    expiresAt: new Date(row.expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
