import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { findAuthRuntime } from '@/lib/auth/auth-runtime';
import { safeNextPath } from '@/lib/auth/next-path';
import { principalOf } from '@/lib/auth/principal';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

/** The sign-in page; someone already signed in (or a Baton without sign-in) goes straight on. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const next = safeNextPath(one(params.next));
  const principal = principalOf(await headers());
  if (principal.kind !== 'anonymous') redirect(next);
  const retry = Number(one(params.retry));
  return (
    <main className="px-4">
      <SignInForm next={next} error={one(params.error)} retrySeconds={Number.isFinite(retry) ? retry : undefined} oidc={Boolean(findAuthRuntime()?.oidc)} />
    </main>
  );
}
