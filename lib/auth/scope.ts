import type { Principal } from './principal';
import { ALL_PROJECTS } from './users';

/**
 * The projects a request may read (docs/security.md, "Roles"): every
 * project, or a list. Worked out from the principal; the query layer filters
 * every read by it.
 */
export type Scope = { all: true } | { all: false; projects: string[] };

export const ALL_SCOPE: Scope = { all: true };
export const EMPTY_SCOPE: Scope = { all: false, projects: [] };

export function scopeOf(principal: Principal): Scope {
  switch (principal.kind) {
    case 'open':
      return ALL_SCOPE;
    case 'anonymous':
      return EMPTY_SCOPE;
    case 'token':
    case 'share':
      return { all: false, projects: [principal.project] };
    case 'user': {
      if (principal.memberships.some((m) => m.project === ALL_PROJECTS)) return ALL_SCOPE;
      return { all: false, projects: [...new Set(principal.memberships.map((m) => m.project))].sort() };
    }
  }
}
