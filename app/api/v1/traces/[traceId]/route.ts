import { notFound, parseInput, respond } from '@/lib/api/respond';
import { getTrace } from '@/lib/queries/traces';
import { traceForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { traceDetailSchema, traceIdSchema } from '@/lib/schemas/api';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ traceId: string }> }) {
  return respond(request, traceDetailSchema, async () => {
    const traceId = parseInput(traceIdSchema, (await ctx.params).traceId);
    const found = await getTrace(storeClient(), traceId);
    const trace = found && traceForShare(request, found);
    if (!trace) throw notFound(`no trace ${traceId} is stored (it may be older than the retention period)`);
    return trace;
  });
}
