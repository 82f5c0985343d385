import { notFound, parseInput, respond } from '@/lib/api/respond';
import { getHandoffDetail } from '@/lib/queries/handoff-detail';
import { handoffForShare } from '@/lib/share/serve';
import { storeClient } from '@/lib/runtime';
import { handoffDetailSchema, handoffIdSchema } from '@/lib/schemas/handoffs';

export const dynamic = 'force-dynamic';

export function GET(request: Request, ctx: { params: Promise<{ handoffId: string }> }) {
  return respond(request, handoffDetailSchema, async () => {
    const id = parseInput(handoffIdSchema, (await ctx.params).handoffId);
    const found = await getHandoffDetail(storeClient(), id);
    const detail = found && handoffForShare(request, found);
    if (!detail) throw notFound(`no handoff ${id} is stored (it may be older than the retention period)`);
    return detail;
  });
}
