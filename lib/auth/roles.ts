import type { Principal } from './principal';
import { ALL_PROJECTS, ROLES, type Role } from './users';

/**
 * A person's role in one project (docs/security.md, "Roles"): the stronger of
 * their role in it and their role in every project (`'*'`). Without sign-in
 * configured everyone acts as an admin. Tokens and share links hold no role.
 */
export function roleIn(principal: Principal, project: string): Role | undefined {
  if (principal.kind === 'open') return 'admin';
  if (principal.kind !== 'user') return undefined;
  let best = -1;
  for (const m of principal.memberships) if (m.project === project || m.project === ALL_PROJECTS) best = Math.max(best, ROLES.indexOf(m.role));
  return best >= 0 ? ROLES[best] : undefined;
}

export const atLeast = (role: Role | undefined, needed: Role) => role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** The projects where the principal holds at least this role: 'all', or a list. */
export function projectsWithRole(principal: Principal, needed: Role): 'all' | string[] {
  if (principal.kind === 'open') return 'all';
  if (principal.kind !== 'user') return [];
  const held = principal.memberships.filter((m) => atLeast(m.role, needed)).map((m) => m.project);
  return held.includes(ALL_PROJECTS) ? 'all' : held;
}
