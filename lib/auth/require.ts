import { ApiError } from '@/lib/api/respond';
import { principalOf, type Principal } from './principal';
import { ALL_PROJECTS } from './users';

/**
 * Checks a route handler makes of the request's principal (docs/security.md,
 * "Roles"). Without sign-in configured every request acts as an admin: the
 * gate has already limited such a Baton to loopback, or its operator chose
 * BATON_AUTH=none.
 */

export function isInstanceAdmin(principal: Principal): boolean {
  if (principal.kind === 'open') return true;
  return principal.kind === 'user' && principal.memberships.some((m) => m.project === ALL_PROJECTS && m.role === 'admin');
}

/** The principal, when it is an admin of every project; otherwise a 403 (or 401 when nobody is signed in). */
export function requireInstanceAdmin(request: Request): Principal {
  const principal = principalOf(request.headers);
  if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
  if (!isInstanceAdmin(principal)) throw new ApiError(403, 'forbidden', "only an admin of every project (role admin of '*') may do this");
  return principal;
}
