import type { NextRequest } from 'next/server';
import { errorResponse } from '@/lib/api/respond';
import { log } from '@/lib/log';
import { beginOidc, OidcError } from '@/lib/auth/oidc';
import { transactionCookie } from '@/lib/auth/oidc-sign-in';
import { configuredOidc } from '@/lib/auth/oidc-settings';

export const dynamic = 'force-dynamic';

/** Starts a sign-in at the OpenID provider: the transaction goes into a short-lived signed cookie, the browser to the provider. */
export async function GET(request: NextRequest) {
  let oidc;
  try {
    oidc = await configuredOidc();
  } catch (err) {
    log.warn('openid provider unavailable', { error: err instanceof OidcError ? err.message : String(err) });
    return new Response(null, { status: 303, headers: { Location: '/signin?error=oidc', 'Cache-Control': 'no-store' } });
  }
  if (!oidc) return errorResponse(404, 'not_found', 'OpenID Connect sign-in is not configured on this Baton (BATON_OIDC_ISSUER)');
  const { url, transaction } = await beginOidc(oidc.config, request.nextUrl.searchParams.get('next') ?? '/');
  return new Response(null, { status: 303, headers: { Location: url, 'Set-Cookie': transactionCookie(oidc.auth, transaction), 'Cache-Control': 'no-store' } });
}
