import type { NextRequest } from 'next/server';
import { errorResponse } from '@/lib/api/respond';
import { recordAudit } from '@/lib/auth/audit';
import { sessionCookie } from '@/lib/auth/cookies';
import { finishOidc, OIDC_CALLBACK_PATH, OidcError } from '@/lib/auth/oidc';
import { clearedTransactionCookie, readTransaction, signInWithOidc } from '@/lib/auth/oidc-sign-in';
import { configuredOidc } from '@/lib/auth/oidc-settings';
import { clientIpOf } from '@/lib/auth/principal';
import { log } from '@/lib/log';
import { storeClient } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** The provider sends the browser back here: check the answer against the transaction, sign in as the identity's account. */
export async function GET(request: NextRequest) {
  const oidc = await configuredOidc().catch(() => undefined);
  if (!oidc) return errorResponse(404, 'not_found', 'OpenID Connect sign-in is not configured on this Baton, or its provider is unreachable');
  const meta = { ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') ?? '' };
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', clearedTransactionCookie(oidc.auth));
  const to = (location: string) => {
    headers.set('Location', location);
    return new Response(null, { status: 303, headers });
  };
  const transaction = readTransaction(oidc.auth, request.cookies);
  const client = storeClient();
  try {
    if (!transaction) throw new OidcError('state', 'no sign-in was started in this browser, or it took longer than 10 minutes');
    // The URL the provider redirected to is the registered one, whatever Host the request came through.
    const callbackUrl = new URL(`${oidc.auth.publicUrl}${OIDC_CALLBACK_PATH}${request.nextUrl.search}`);
    const identity = await finishOidc(oidc.config, callbackUrl, transaction);
    const result = await signInWithOidc(client, identity, meta);
    if (!result.ok) return to('/signin?error=invalid');
    headers.append('Set-Cookie', sessionCookie(oidc.auth, result.session.id));
    return to(transaction.next);
  } catch (err) {
    if (!(err instanceof OidcError)) throw err;
    log.warn('openid sign-in failed', { code: err.code, error: err.message });
    await recordAudit(client, { action: 'sign-in', outcome: 'failed', ...meta, detail: `oidc ${err.code}: ${err.message}` });
    return to(`/signin?error=oidc&next=${encodeURIComponent(transaction?.next ?? '/')}`);
  }
}
