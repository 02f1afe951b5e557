import type { UserClaims } from '../db/tx';
import type { AuthContext } from './require-user';

/** The claims withUserTx sets as `request.jwt.claims` for an authenticated request. */
export function toUserClaims(auth: AuthContext): UserClaims {
  const { sub, role, exp } = auth.claims;
  return auth.orgId === null ? { sub, role, exp } : { sub, role, exp, org: auth.orgId };
}
