import { notFound, parseInput, respond, searchParams } from '@/lib/api/respond';
import { noSession, getSessionFacts } from '@/lib/queries/session-detail';
import { redactFactPage } from '@/lib/share/redact-session';
import { sessionForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { ledgerPageParamsSchema } from '@/lib/schemas/session-pages';
import { sessionFactPageSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(request, sessionFactPageSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const page = await getSessionFacts(storeClient(), sessionId, parseInput(ledgerPageParamsSchema, searchParams(request)));
    const shown = page && sessionForShare(request, sessionId, page, redactFactPage);
    if (!shown) throw notFound(noSession(sessionId));
    return shown;
  });
}
