import { notFound, parseInput, respond, searchParams } from '@/lib/api/respond';
import { noSession, getSessionContradictions } from '@/lib/queries/session-detail';
import { redactContradictionPage } from '@/lib/share/redact-session';
import { sessionForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { ledgerPageParamsSchema } from '@/lib/schemas/session-pages';
import { sessionContradictionPageSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(request, sessionContradictionPageSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const page = await getSessionContradictions(storeClient(), sessionId, parseInput(ledgerPageParamsSchema, searchParams(request)));
    const shown = page && sessionForShare(request, sessionId, page, redactContradictionPage);
    if (!shown) throw notFound(noSession(sessionId));
    return shown;
  });
}
