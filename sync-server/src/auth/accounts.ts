import type { TxQueryable } from '../db/queryable';

/** A user as the API returns it; never carries credentials or billing ids. */
export interface PublicUser {
  id: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  currentOrganizationId: string | null;
  isAdmin: boolean;
  personalContext: string | null;
  useCase: string | null;
}

/** Fields of a new account; an OAuth sign-up also brings the provider's subject id. */
export interface NewAccount {
  email: string;
  fullName: string | null;
  avatarUrl?: string | null;
  googleId?: string;
  microsoftId?: string;
}

interface UserRow {
  id: string;
  email: string | null;
  full_name: string | null;
  avatar_url: string | null;
  current_organization_id: string | null;
  is_admin: boolean;
  personal_context: string | null;
  use_case: string | null;
}

/** Columns selected for {@link PublicUser} as service_role. */
export const USER_COLUMNS = 'id, email, full_name, avatar_url, current_organization_id, is_admin, personal_context, use_case';

// Under the user's own role: authenticated may not select personal_context (migration 0019), so the
// owner reads it through the function that answers only for auth.uid().
const OWN_USER_COLUMNS =
  'id, email, full_name, avatar_url, current_organization_id, is_admin, app.own_personal_context(id) as personal_context, use_case';

/** Maps a users row to the API shape. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    fullName: row.full_name,
    avatarUrl: row.avatar_url,
    currentOrganizationId: row.current_organization_id,
    isAdmin: row.is_admin,
    personalContext: row.personal_context,
    useCase: row.use_case,
  };
}

/** Normalizes an email for storage and lookup (trimmed, lower case). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Creates a user with a personal organization, an owner membership and current_organization_id
 * set to it. Runs inside a service transaction (organizations are created by the server).
 * @throws pg unique violation (23505) when the email or provider id is taken.
 */
export async function createAccount(tx: TxQueryable, account: NewAccount): Promise<PublicUser> {
  const users = await tx.query<UserRow>(
    `insert into users (email, full_name, avatar_url, google_id, microsoft_id)
     values ($1, $2, $3, $4, $5) returning ${USER_COLUMNS}`,
    [normalizeEmail(account.email), account.fullName, account.avatarUrl ?? null, account.googleId ?? null, account.microsoftId ?? null],
  );
  const user = users.rows[0];
  if (!user) throw new Error('insert into users returned no row');
  const owner = account.fullName ?? account.email.split('@')[0] ?? 'My';
  const orgs = await tx.query<{ id: string }>(
    `insert into organizations (name, display_name) values ($1, $1) returning id`,
    [`${owner}'s workspace`],
  );
  const orgId = orgs.rows[0]?.id;
  if (!orgId) throw new Error('insert into organizations returned no row');
  await tx.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [orgId, user.id]);
  const updated = await tx.query<UserRow>(
    `update users set current_organization_id = $2 where id = $1 returning ${USER_COLUMNS}`,
    [user.id, orgId],
  );
  const row = updated.rows[0];
  if (!row) throw new Error('update users returned no row');
  return toPublicUser(row);
}

/** Reads one user by id as service_role, or undefined. */
export async function findUser(tx: TxQueryable, userId: string): Promise<PublicUser | undefined> {
  const result = await tx.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [userId]);
  const row = result.rows[0];
  return row ? toPublicUser(row) : undefined;
}

/** Reads the requesting user's own profile under their RLS role (auth.uid() = userId), or undefined. */
export async function findOwnUser(tx: TxQueryable, userId: string): Promise<PublicUser | undefined> {
  const result = await tx.query<UserRow>(`select ${OWN_USER_COLUMNS} from users where id = $1`, [userId]);
  const row = result.rows[0];
  return row ? toPublicUser(row) : undefined;
}

/** Profile fields a user may change on themselves (users' column grants allow exactly these). */
export interface ProfileChanges {
  fullName?: string | null | undefined;
  avatarUrl?: string | null | undefined;
  personalContext?: string | null | undefined;
  useCase?: string | null | undefined;
}

const PROFILE_COLUMNS = { fullName: 'full_name', avatarUrl: 'avatar_url', personalContext: 'personal_context', useCase: 'use_case' } as const;

/** Updates the given profile fields of the user (run under their RLS); returns the new profile. */
export async function updateProfile(tx: TxQueryable, userId: string, changes: ProfileChanges): Promise<PublicUser | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [userId];
  for (const key of Object.keys(PROFILE_COLUMNS) as Array<keyof typeof PROFILE_COLUMNS>) {
    const value = changes[key];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${PROFILE_COLUMNS[key]} = $${values.length}`);
  }
  // Read back in a second statement: the owner's function reads the statement's snapshot, so inside
  // `returning` it would still see the old personal_context.
  if (sets.length > 0) await tx.query(`update users set ${sets.join(', ')} where id = $1`, values);
  return findOwnUser(tx, userId);
}
