import { removePinRoute } from '@/lib/api/pin-routes';

export const dynamic = 'force-dynamic';

/** Removes a pin; what it kept expires with the retention period again once no other pin keeps it. */
export async function DELETE(request: Request, ctx: { params: Promise<{ pinId: string }> }) {
  return removePinRoute(request, (await ctx.params).pinId);
}
