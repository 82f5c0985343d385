import { revokeLink } from '@/lib/api/share-link-routes';

export const dynamic = 'force-dynamic';

/** Revokes the link at once: its token is refused from the next request on. */
export async function DELETE(request: Request, ctx: { params: Promise<{ linkId: string }> }) {
  return revokeLink(request, (await ctx.params).linkId);
}
