import { removePinRoute } from '@/lib/api/pin-routes';

export const dynamic = 'force-dynamic';

/** Removes a pin; the trace expires with the retention period again once no pin of it remains. */
export async function DELETE(request: Request, ctx: { params: Promise<{ pinId: string }> }) {
  return removePinRoute(request, (await ctx.params).pinId);
}
