'use client';

import { useMe } from '@/hooks/useMe';
import { SignOutButton } from './SignOutButton';

/** The signed-in person in the header, and the way to sign out. Nothing when this Baton needs no sign-in. */
export function UserMenu() {
  const { data } = useMe();
  if (!data?.user) return null;
  const roles = data.memberships.map((m) => `${m.role} of ${m.project === '*' ? 'every project' : m.project}`).join(', ');
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="max-w-48 truncate text-zinc-600 dark:text-zinc-400" title={`${data.user.email}${roles ? ` — ${roles}` : ''}`} data-testid="signed-in-as">
        {data.user.name}
      </span>
      <SignOutButton />
    </div>
  );
}
