import { createRoute, listRoute } from '@/lib/api/credential-routes';

export const dynamic = 'force-dynamic';

/** Ingest keys of the projects the caller administers (never their secrets). */
export const GET = listRoute('ingest-key');

/** A new ingest key: `{ "project": "…", "name": "…" }`; the answer's `secret` is the only copy. */
export const POST = createRoute('ingest-key');
