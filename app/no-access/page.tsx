import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/SignOutButton';
import { principalOf } from '@/lib/auth/principal';

export const metadata: Metadata = { title: 'No access yet' };
export const dynamic = 'force-dynamic';

/** Where a signed-in person without any role lands: who they are, what to ask for, the way out. */
export default async function NoAccessPage() {
  const principal = principalOf(await headers());
  if (principal.kind !== 'user') redirect('/signin');
  if (principal.memberships.length > 0) redirect('/');
  return (
    <main className="mx-auto mt-24 max-w-md rounded-lg border border-zinc-200 p-6 text-sm dark:border-zinc-800">
      <h1 className="mb-2 text-lg font-semibold">No access yet</h1>
      <p className="mb-4 text-zinc-600 dark:text-zinc-400">
        You are signed in as <strong>{principal.email}</strong>, but you have no role in any project. Ask an admin of this Baton to give you one (for example{' '}
        <code>npm run baton -- user role --email {principal.email} --role viewer --project …</code>).
      </p>
      <SignOutButton className="rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900" />
    </main>
  );
}
