import { respond } from '@/lib/api/respond';
import { findAuthRuntime } from '@/lib/auth/auth-runtime';
import { principalOf } from '@/lib/auth/principal';
import { ingestPorts, otlpEndpoints } from '@/lib/ingest-endpoints';
import { meSchema } from '@/lib/schemas/access';

export const dynamic = 'force-dynamic';

/** Who is asking: the signed-in person and their roles, or that this Baton needs no sign-in; and where it receives OTLP. */
export function GET(request: Request) {
  return respond(request, meSchema, async () => {
    const p = principalOf(request.headers);
    const otlp = otlpEndpoints(ingestPorts(), request.headers.get('host'), findAuthRuntime()?.publicUrl);
    if (p.kind === 'user') return { access: 'sign-in' as const, user: { id: p.id, email: p.email, name: p.name }, memberships: p.memberships, otlp };
    return { access: p.kind === 'open' ? ('open' as const) : ('sign-in' as const), user: null, memberships: [], otlp };
  });
}
