import { findAuthRuntime } from '@/lib/auth/auth-runtime';
import { sessionCookie } from '@/lib/auth/cookies';
import { safeNextPath } from '@/lib/auth/next-path';
import { clientIpOf } from '@/lib/auth/principal';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { errorResponse } from '@/lib/api/respond';
import { storeClient } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** The sign-in form's POST (email, password, next): a session cookie and on to `next`, or back to the form saying why. */
export async function POST(request: Request) {
  const auth = findAuthRuntime();
  if (!auth) return errorResponse(404, 'not_found', 'sign-in is not configured on this Baton (set BATON_AUTH_SECRET)');
  if (Number(request.headers.get('content-length') ?? 0) > 16_384) return errorResponse(413, 'too_large', 'a sign-in form is at most 16 KiB');
  const form = await request.formData().catch(() => undefined);
  const field = (name: string) => {
    const v = form?.get(name);
    return typeof v === 'string' ? v : '';
  };
  const next = safeNextPath(field('next'));
  const back = (error: string, extra = '') => new Response(null, { status: 303, headers: { Location: `/signin?error=${error}${extra}&next=${encodeURIComponent(next)}`, 'Cache-Control': 'no-store' } });
  if (!field('email') || !field('password')) return back('missing');
  const result = await signInWithPassword(storeClient(), auth, {
    email: field('email'),
    password: field('password'),
    ip: clientIpOf(request.headers),
    userAgent: request.headers.get('user-agent') ?? '',
  });
  if (result.ok) {
    return new Response(null, { status: 303, headers: { Location: next, 'Set-Cookie': sessionCookie(auth, result.session.id), 'Cache-Control': 'no-store' } });
  }
  if (result.reason === 'limited') {
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    const res = back('limited', `&retry=${seconds}`);
    res.headers.set('Retry-After', String(seconds));
    return res;
  }
  return back('invalid');
}
