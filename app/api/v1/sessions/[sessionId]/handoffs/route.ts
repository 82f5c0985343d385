import { notFound, parseInput, respond, searchParams } from '@/lib/api/respond';
import { noSession, getSessionHandoffs } from '@/lib/queries/session-detail';
import { redactHandoffPage } from '@/lib/share/redact-session';
import { sessionForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { sessionPageParamsSchema } from '@/lib/schemas/session-pages';
import { sessionHandoffPageSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(request, sessionHandoffPageSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const page = await getSessionHandoffs(storeClient(), sessionId, parseInput(sessionPageParamsSchema, searchParams(request)));
    const shown = page && sessionForShare(request, sessionId, page, redactHandoffPage);
    if (!shown) throw notFound(noSession(sessionId));
    return shown;
  });
}
