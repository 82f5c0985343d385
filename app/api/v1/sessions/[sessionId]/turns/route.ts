import { notFound, parseInput, respond, searchParams } from '@/lib/api/respond';
import { noSession, getSessionTurns } from '@/lib/queries/session-detail';
import { sessionForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { sessionPageParamsSchema } from '@/lib/schemas/session-pages';
import { sessionTurnPageSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(request, sessionTurnPageSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const page = await getSessionTurns(storeClient(), sessionId, parseInput(sessionPageParamsSchema, searchParams(request)));
    const shown = page && sessionForShare(request, sessionId, page, (answer) => answer);
    if (!shown) throw notFound(noSession(sessionId));
    return shown;
  });
}
