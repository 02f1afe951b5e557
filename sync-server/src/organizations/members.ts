import { AppError } from '../../../src/shared/errors';
import type { TxQueryable } from '../db/queryable';
import { findMyOrganization } from './organizations';

/** One member of an organization as the API returns it. */
export interface MemberView {
  userId: string;
  email: string | null;
  fullName: string | null;
  role: 'owner' | 'admin' | 'member';
  permissions: unknown;
  joinedAt: string;
}

interface MemberRow {
  user_id: string;
  email: string | null;
  full_name: string | null;
  role: MemberView['role'];
  permissions: unknown;
  created_at: Date;
}

/**
 * Lists an organization's members with roles and permissions; runs under the caller's RLS.
 * @throws AppError `org.not_found` when the caller is not a member.
 */
export async function listMembers(tx: TxQueryable, callerId: string, orgId: string): Promise<MemberView[]> {
  await requireMembership(tx, callerId, orgId);
  const result = await tx.query<MemberRow>(
    `select m.user_id, u.email, u.full_name, m.role, m.permissions, m.created_at
       from organization_members m join users u on u.id = m.user_id
      where m.organization_id = $1
      order by m.created_at, m.user_id`,
    [orgId],
  );
  return result.rows.map((row) => ({
    userId: row.user_id,
    email: row.email,
    fullName: row.full_name,
    role: row.role,
    permissions: row.permissions,
    joinedAt: new Date(row.created_at).toISOString(),
  }));
}

/**
 * Removes a member; runs under the caller's RLS. Owners and admins remove members, only owners
 * remove owners, anyone may leave, and the last owner can never go.
 * @throws AppError `org.not_found`, `auth.forbidden`, `org.last_owner`.
 */
export async function removeMember(tx: TxQueryable, callerId: string, orgId: string, userId: string): Promise<void> {
  const caller = await requireMembership(tx, callerId, orgId);
  // Serialises concurrent removals in one organization so two owners cannot remove each other.
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`org-members:${orgId}`]);
  const target = await tx.query<{ role: MemberView['role'] }>(
    'select role from organization_members where organization_id = $1 and user_id = $2',
    [orgId, userId],
  );
  const targetRole = target.rows[0]?.role;
  if (targetRole === undefined) throw new AppError('org.not_found', 'Member not found', { details: { userId } });
  const isSelf = callerId === userId;
  if (!isSelf && caller.role === 'member') throw new AppError('auth.forbidden', 'Only owners and admins can remove members');
  if (!isSelf && targetRole === 'owner' && caller.role !== 'owner') {
    throw new AppError('auth.forbidden', 'Only owners can remove an owner');
  }
  if (targetRole === 'owner' && (await countOwners(tx, orgId)) <= 1) {
    throw new AppError('org.last_owner', 'The last owner of an organization cannot be removed');
  }
  await tx.query('delete from organization_members where organization_id = $1 and user_id = $2', [orgId, userId]);
}

/**
 * Changes a member's role; runs under the caller's RLS. Owners and admins change roles, only
 * owners grant or take away `owner`, and the last owner cannot be demoted.
 * @throws AppError `org.not_found`, `auth.forbidden`, `org.last_owner`.
 */
export async function changeMemberRole(
  tx: TxQueryable,
  input: { callerId: string; orgId: string; userId: string; role: MemberView['role'] },
): Promise<void> {
  const caller = await requireMembership(tx, input.callerId, input.orgId);
  if (caller.role === 'member') throw new AppError('auth.forbidden', 'Only owners and admins can change roles');
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`org-members:${input.orgId}`]);
  const target = await tx.query<{ role: MemberView['role'] }>(
    'select role from organization_members where organization_id = $1 and user_id = $2',
    [input.orgId, input.userId],
  );
  const currentRole = target.rows[0]?.role;
  if (currentRole === undefined) throw new AppError('org.not_found', 'Member not found', { details: { userId: input.userId } });
  if ((currentRole === 'owner' || input.role === 'owner') && caller.role !== 'owner') {
    throw new AppError('auth.forbidden', 'Only owners can grant or remove the owner role');
  }
  if (currentRole === 'owner' && input.role !== 'owner' && (await countOwners(tx, input.orgId)) <= 1) {
    throw new AppError('org.last_owner', 'The last owner of an organization cannot be demoted');
  }
  await tx.query('update organization_members set role = $3 where organization_id = $1 and user_id = $2', [
    input.orgId,
    input.userId,
    input.role,
  ]);
}

/**
 * Points a user whose current organization they no longer belong to at their oldest remaining
 * membership (or null). Touches another user's row, so it runs in a service transaction.
 */
export async function repairCurrentOrganization(tx: TxQueryable, userId: string): Promise<void> {
  await tx.query(
    `update users u set current_organization_id = (
        select m.organization_id from organization_members m where m.user_id = u.id order by m.created_at limit 1)
      where u.id = $1
        and (u.current_organization_id is null or not exists (
          select 1 from organization_members m
           where m.user_id = u.id and m.organization_id = u.current_organization_id))`,
    [userId],
  );
}

async function countOwners(tx: TxQueryable, orgId: string): Promise<number> {
  const owners = await tx.query<{ count: string }>(
    `select count(*) as count from organization_members where organization_id = $1 and role = 'owner'`,
    [orgId],
  );
  return Number(owners.rows[0]?.count ?? 0);
}

async function requireMembership(tx: TxQueryable, callerId: string, orgId: string): Promise<{ role: MemberView['role'] }> {
  const org = await findMyOrganization(tx, callerId, orgId);
  if (!org) throw new AppError('org.not_found', 'Organization not found', { details: { organizationId: orgId } });
  return { role: org.role };
}
