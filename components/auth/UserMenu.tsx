'use client';

import Link from 'next/link';
import { useMe } from '@/hooks/useMe';
import { SignOutButton } from './SignOutButton';

const linkClass = 'rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';

/** The signed-in person in the header, the audit log for admins, and the way to sign out. Without sign-in, only the audit log. */
export function UserMenu() {
  const { data } = useMe();
  if (!data) return null;
  const admin = data.access === 'open' || data.memberships.some((m) => m.project === '*' && m.role === 'admin');
  const projectAdmin = admin || data.memberships.some((m) => m.role === 'admin');
  const editor = projectAdmin || data.memberships.some((m) => m.role === 'editor');
  const audit = (
    <>
      {editor && (
        <Link href="/settings/links" className={linkClass}>
          Share links
        </Link>
      )}
      {projectAdmin && (
        <Link href="/settings/access" className={linkClass}>
          Tokens &amp; keys
        </Link>
      )}
      {admin && (
        <Link href="/audit" className={linkClass}>
          Audit log
        </Link>
      )}
    </>
  );
  if (!data.user) return audit;
  const roles = data.memberships.map((m) => `${m.role} of ${m.project === '*' ? 'every project' : m.project}`).join(', ');
  return (
    <div className="flex items-center gap-2 text-sm">
      {audit}
      <span className="max-w-48 truncate text-zinc-600 dark:text-zinc-400" title={`${data.user.email}${roles ? ` — ${roles}` : ''}`} data-testid="signed-in-as">
        {data.user.name}
      </span>
      <SignOutButton />
    </div>
  );
}
