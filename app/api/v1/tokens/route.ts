import { createRoute, listRoute } from '@/lib/api/credential-routes';

export const dynamic = 'force-dynamic';

/** Read-only API tokens of the projects the caller administers (never their secrets). */
export const GET = listRoute('api-token');

/** A new token: `{ "project": "…", "name": "…" }`; the answer's `secret` is the only copy. */
export const POST = createRoute('api-token');
