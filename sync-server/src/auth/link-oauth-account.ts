import { AppError } from '../../../src/shared/errors';
import type { TxQueryable } from '../db/queryable';
import { createAccount, normalizeEmail, type PublicUser, toPublicUser, USER_COLUMNS } from './accounts';
import type { OAuthIdentity } from './oauth';

type ProviderColumn = 'google_id' | 'microsoft_id';

/**
 * Finds the user the provider identity belongs to, linking or creating one:
 * 1. a user already linked to this provider subject;
 * 2. else a user with the same email, linked only when the provider says the email is verified;
 * 3. else a new account (with its personal organization).
 * Runs in a service transaction.
 * @throws AppError `auth.email_taken` when the email belongs to another account and is unverified,
 * `auth.oauth_failed` when the provider gave no email for a new account.
 */
export async function linkOAuthAccount(tx: TxQueryable, provider: 'google' | 'microsoft', identity: OAuthIdentity): Promise<PublicUser> {
  const column: ProviderColumn = provider === 'google' ? 'google_id' : 'microsoft_id';
  const linked = await tx.query<Parameters<typeof toPublicUser>[0]>(
    `select ${USER_COLUMNS} from users where ${column} = $1`,
    [identity.subject],
  );
  if (linked.rows[0]) return toPublicUser(linked.rows[0]);

  if (identity.email === null) throw new AppError('auth.oauth_failed', 'The provider did not share an email address');
  const email = normalizeEmail(identity.email);
  const existing = await tx.query<Parameters<typeof toPublicUser>[0] & { provider_id: string | null }>(
    `select ${USER_COLUMNS}, ${column} as provider_id from users where email = $1 for update`,
    [email],
  );
  const match = existing.rows[0];
  if (match) {
    if (!identity.isEmailVerified || match.provider_id !== null) {
      throw new AppError('auth.email_taken', 'An account with this email already exists; sign in with it first');
    }
    const updated = await tx.query<Parameters<typeof toPublicUser>[0]>(
      `update users set ${column} = $2, avatar_url = coalesce(avatar_url, $3) where id = $1 returning ${USER_COLUMNS}`,
      [match.id, identity.subject, identity.picture],
    );
    const row = updated.rows[0];
    if (!row) throw new Error('update users returned no row');
    return toPublicUser(row);
  }
  return createAccount(tx, {
    email,
    fullName: identity.name,
    avatarUrl: identity.picture,
    ...(provider === 'google' ? { googleId: identity.subject } : { microsoftId: identity.subject }),
  });
}
