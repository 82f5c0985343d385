import { notFound, parseInput, respond } from '@/lib/api/respond';
import { getSession } from '@/lib/queries/sessions';
import { storeClient } from '@/lib/runtime';
import { sessionDetailSchema, sessionIdSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(_request: Request, ctx: { params: Promise<{ sessionId: string }> }) {
  return respond(sessionDetailSchema, async () => {
    const sessionId = parseInput(sessionIdSchema, (await ctx.params).sessionId);
    const session = await getSession(storeClient(), sessionId);
    if (!session) throw notFound(`no session ${sessionId} is stored (it may be older than the retention period)`);
    return session;
  });
}
