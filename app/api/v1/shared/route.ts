import { recordAudit } from '@/lib/auth/audit';
import { clientIpOf, principalOf } from '@/lib/auth/principal';
import { ApiError, respond } from '@/lib/api/respond';
import { linkView } from '@/lib/api/share-link-routes';
import { findShareLink, recordView } from '@/lib/share/links';
import { storeClient } from '@/lib/runtime';
import { sharedSchema } from '@/lib/schemas/shared';

export const dynamic = 'force-dynamic';

/** A share page opening: its link (the gate has checked the token), counted as a view and audited. */
export function GET(request: Request) {
  return respond(request, sharedSchema, async () => {
    const principal = principalOf(request.headers);
    if (principal.kind !== 'share') throw new ApiError(400, 'bad_request', 'this route answers a share link’s page only (send its token in x-baton-share)');
    const client = storeClient();
    const found = await findShareLink(client, principal.linkId);
    if (!found) throw new ApiError(401, 'invalid_share', 'this share link is unknown, expired or revoked');
    await recordView(client, found.link.id);
    await recordAudit(client, { action: 'share.view', outcome: 'ok', actor: 'share link', project: found.link.project, target: `${found.link.resource} ${found.link.target}`, ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') ?? '', detail: `link ${found.link.id}` });
    const { resource, target, from, to, redact, expiresAt } = linkView(found.link);
    return { link: { resource, target, from, to, redact, expiresAt } };
  });
}
