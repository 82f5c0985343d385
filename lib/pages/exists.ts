import { z } from 'zod';
import { principalOf } from '@/lib/auth/principal';
import { scopeOf } from '@/lib/auth/scope';
import { withScope } from '@/lib/db/read-scope';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';
import { placeSession } from '@/lib/queries/session-summary';
import { storeClient } from '@/lib/runtime';
import { traceIdSchema } from '@/lib/schemas/api';
import { sessionIdSchema } from '@/lib/schemas/sessions';

/**
 * Whether a page's id names something the caller may see, so that the page
 * answers 404 (inside the app's layout) for an unknown id instead of a 200
 * page that says so. The one database read pages make (their data comes
 * through /api/v1 like every component's): as cheap as a lookup by key, in
 * the caller's read scope, so an id of another project is unknown too. When
 * the store cannot answer, the page renders and its own API call shows the
 * error.
 */

type Headers = Pick<globalThis.Headers, 'get'>;

async function inCallersScope(headers: Headers, read: () => Promise<boolean>): Promise<boolean> {
  try {
    return await withScope(scopeOf(principalOf(headers)), read);
  } catch {
    return true;
  }
}

export function traceExists(headers: Headers, rawId: string): Promise<boolean> {
  const id = traceIdSchema.safeParse(rawId);
  if (!id.success) return Promise.resolve(false);
  return inCallersScope(headers, async () => {
    const rows = await selectRows(storeClient(), z.object({ one: z.coerce.number() }), `SELECT 1 AS one FROM spans WHERE ${inScope()} AND trace_id = {traceId:String} LIMIT 1`, { traceId: id.data }, 'page:trace-exists');
    return rows.length > 0;
  });
}

export function sessionExists(headers: Headers, rawId: string): Promise<boolean> {
  const id = sessionIdSchema.safeParse(rawId);
  if (!id.success) return Promise.resolve(false);
  return inCallersScope(headers, async () => (await placeSession(storeClient(), id.data)) !== undefined);
}
