import { notFound, parseInput, respond, searchParams } from '@/lib/api/respond';
import { noSession, getSessionDetail } from '@/lib/queries/session-detail';
import { redactSessionDetail } from '@/lib/share/redact-session';
import { sessionForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { sessionDetailParamsSchema } from '@/lib/schemas/session-pages';
import { sessionDetailSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(request, sessionDetailSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const { limit } = parseInput(sessionDetailParamsSchema, searchParams(request));
    const session = await getSessionDetail(storeClient(), sessionId, limit);
    const shown = session && sessionForShare(request, sessionId, session, redactSessionDetail);
    if (!shown) throw notFound(noSession(sessionId));
    return shown;
  });
}
