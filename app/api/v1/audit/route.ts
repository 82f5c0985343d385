import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { listAudit } from '@/lib/auth/audit';
import { requireInstanceAdmin } from '@/lib/auth/require';
import { storeClient } from '@/lib/runtime';
import { auditListSchema, auditParamsSchema } from '@/lib/schemas/access';

export const dynamic = 'force-dynamic';

/** The audit log, newest first: admins only. `from`/`to` (default the last 24 hours), `action`, `actor` (email or id), `limit` (≤ 1000). */
export function GET(request: Request) {
  return respond(request, auditListSchema, async () => {
    requireInstanceAdmin(request);
    const p = parseInput(auditParamsSchema, searchParams(request));
    return { entries: await listAudit(storeClient(), { fromMs: p.from, toMs: p.to, action: p.action, actor: p.actor, limit: p.limit }) };
  });
}
