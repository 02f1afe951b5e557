import { AppError } from '../../../src/shared/errors';
import type { TxQueryable } from '../db/queryable';

/** An organization as the API returns it, with the caller's role in it. */
export interface OrganizationView {
  id: string;
  name: string;
  displayName: string | null;
  slug: string | null;
  description: string | null;
  maxMembers: number | null;
  role: 'owner' | 'admin' | 'member';
  createdAt: string;
}

interface OrgRow {
  id: string;
  name: string;
  display_name: string | null;
  slug: string | null;
  description: string | null;
  max_members: number | null;
  role: OrganizationView['role'];
  created_at: Date;
}

const ORG_COLUMNS = 'o.id, o.name, o.display_name, o.slug, o.description, o.max_members, m.role, o.created_at';

/**
 * Creates an organization with the user as its owner. Organizations are created by the server
 * (service transaction), since no RLS policy lets a user insert one.
 * @throws AppError `org.slug_taken` when the slug is in use.
 */
export async function createOrganization(
  tx: TxQueryable,
  input: { ownerId: string; name: string; slug?: string; description?: string },
): Promise<OrganizationView> {
  if (input.slug !== undefined) {
    const taken = await tx.query('select 1 from organizations where slug = $1', [input.slug]);
    if (taken.rows.length > 0) throw new AppError('org.slug_taken', 'This organization slug is taken', { details: { slug: input.slug } });
  }
  const created = await tx.query<{ id: string }>(
    'insert into organizations (name, display_name, slug, description) values ($1, $1, $2, $3) returning id',
    [input.name, input.slug ?? null, input.description ?? null],
  );
  const orgId = created.rows[0]?.id;
  if (orgId === undefined) throw new Error('insert into organizations returned no row');
  await tx.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [orgId, input.ownerId]);
  const view = await findMyOrganization(tx, input.ownerId, orgId);
  if (!view) throw new Error('created organization is not readable');
  return view;
}

/** Lists the organizations the user belongs to, oldest membership first. */
export async function listMyOrganizations(tx: TxQueryable, userId: string): Promise<OrganizationView[]> {
  const result = await tx.query<OrgRow>(
    `select ${ORG_COLUMNS} from organizations o
       join organization_members m on m.organization_id = o.id and m.user_id = $1
      order by m.created_at, o.id`,
    [userId],
  );
  return result.rows.map(toView);
}

/** The organization with the user's role in it, or undefined when they are not a member. */
export async function findMyOrganization(tx: TxQueryable, userId: string, orgId: string): Promise<OrganizationView | undefined> {
  const result = await tx.query<OrgRow>(
    `select ${ORG_COLUMNS} from organizations o
       join organization_members m on m.organization_id = o.id and m.user_id = $1
      where o.id = $2`,
    [userId, orgId],
  );
  const row = result.rows[0];
  return row ? toView(row) : undefined;
}

/**
 * Makes the organization the user's current one (RLS checks membership too).
 * @throws AppError `org.not_found` when the user is not a member.
 */
export async function switchCurrentOrganization(tx: TxQueryable, userId: string, orgId: string): Promise<OrganizationView> {
  const org = await findMyOrganization(tx, userId, orgId);
  if (!org) throw new AppError('org.not_found', 'Organization not found', { details: { organizationId: orgId } });
  await tx.query('update users set current_organization_id = $2 where id = $1', [userId, orgId]);
  return org;
}

function toView(row: OrgRow): OrganizationView {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    slug: row.slug,
    description: row.description,
    maxMembers: row.max_members,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
