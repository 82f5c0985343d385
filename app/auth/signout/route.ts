import { recordAudit } from '@/lib/auth/audit';
import { findAuthRuntime } from '@/lib/auth/auth-runtime';
import { clearedSessionCookie } from '@/lib/auth/cookies';
import { clientIpOf, principalOf } from '@/lib/auth/principal';
import { revokeSession } from '@/lib/auth/sessions';
import { storeClient } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

/** Signs out: the session is revoked (its cookie no longer works anywhere) and the cookie cleared. */
export async function POST(request: Request) {
  const auth = findAuthRuntime();
  const principal = principalOf(request.headers);
  const headers = new Headers({ Location: '/signin', 'Cache-Control': 'no-store' });
  if (auth) headers.set('Set-Cookie', clearedSessionCookie(auth));
  if (auth && principal.kind === 'user') {
    const client = storeClient();
    await revokeSession(client, { id: principal.sessionId, userId: principal.id, expiresAt: 0 });
    await recordAudit(client, {
      action: 'sign-out',
      outcome: 'ok',
      actorId: principal.id,
      actor: principal.email,
      ip: clientIpOf(request.headers),
      userAgent: request.headers.get('user-agent') ?? '',
    });
  }
  return new Response(null, { status: 303, headers });
}
