import { revokeRoute } from '@/lib/api/credential-routes';

export const dynamic = 'force-dynamic';

const revoke = revokeRoute('api-token');

/** Revokes the token: it stops working at once. */
export async function DELETE(request: Request, ctx: { params: Promise<{ tokenId: string }> }) {
  return revoke(request, (await ctx.params).tokenId);
}
