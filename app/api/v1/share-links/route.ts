import { createLink, listLinks } from '@/lib/api/share-link-routes';

export const dynamic = 'force-dynamic';

/** Share links of the projects where the caller is an editor or admin, newest first, with their views. */
export const GET = listLinks;

/** A new link: `{ "resource": "trace", "target": "<trace id>", "redact": "none|messages|facts|both", "expiresInDays": 90 | null }`; the answer's `url` holds the token, once. */
export const POST = createLink;
