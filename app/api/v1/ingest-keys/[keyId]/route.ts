import { revokeRoute } from '@/lib/api/credential-routes';

export const dynamic = 'force-dynamic';

const revoke = revokeRoute('ingest-key');

/** Revokes the key: exports sent with it are refused from now on. */
export async function DELETE(request: Request, ctx: { params: Promise<{ keyId: string }> }) {
  return revoke(request, (await ctx.params).keyId);
}
