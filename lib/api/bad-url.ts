import { decodeComponent, excerpt, parseQueryString, PERCENT_ENCODING_RULE } from './query-string';

/**
 * A request URL that is not valid percent-encoding (`%ZZ`, `%`, `%E0%A4`),
 * checked on the raw URL before Next.js sees it. Next.js answers a malformed
 * escape in a dynamic path segment with a bare 500 before any handler runs
 * (it cannot decode the param, then has no /400 page to render), and it
 * rewrites a malformed query string (`%ZZ` → `%25ZZ`) so a handler cannot
 * tell it from a valid one. API URLs get the API's JSON error; pages a small
 * HTML one for a bad path (their own query they read leniently).
 */

export interface BadUrlAnswer {
  status: 400;
  contentType: string;
  body: string;
}

/** The read API's path parameters, by the collection they follow, named as their handlers' messages name them. */
const API_IDS: ReadonlyMap<string, string> = new Map([
  ['traces', 'trace id'],
  ['sessions', 'session id'],
  ['handoffs', 'handoff id'],
]);

/** Routes under an id (`/api/v1/{collection}/{id}/{list}`), whose id is named as on the collection's own route. */
const API_SUB_ROUTES: ReadonlySet<string> = new Set(['sessions/turns', 'sessions/handoffs', 'sessions/facts', 'sessions/contradictions']);

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>Bad request · Baton</title></head>
<body style="font-family:system-ui,sans-serif;text-align:center;padding:6rem 1rem">
<h1 style="font-size:1.125rem">Bad request</h1>
<p>This address is not valid percent-encoding, so it names no page.</p>
<p><a href="/traces">Go to recent traces</a></p>
</body></html>
`;

const apiError = (message: string): BadUrlAnswer => ({
  status: 400,
  contentType: 'application/json',
  body: JSON.stringify({ error: { code: 'bad_request', message } }),
});

/** The 400 for a URL with a malformed escape (or, under /api/, a repeated query parameter); undefined when it is fine. */
export function badUrlAnswer(url: string): BadUrlAnswer | undefined {
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const api = pathname.startsWith('/api/');
  const segments = pathname.split('/');
  const bad = segments.findIndex((s) => decodeComponent(s) === undefined);
  if (bad >= 0) {
    if (!api) return { status: 400, contentType: 'text/html; charset=utf-8', body: PAGE };
    // /api/v1/{collection}/{id} (and its sub-routes): name the id as its route does.
    const routed = segments.length === 5 || (segments.length === 6 && API_SUB_ROUTES.has(`${segments[3]}/${segments[5]}`));
    const id = routed && segments[2] === 'v1' && bad === 4 ? API_IDS.get(segments[3] ?? '') : undefined;
    return apiError(`${id ?? 'the path segment'} ${excerpt(segments[bad] ?? '')} is not valid percent-encoding: ${PERCENT_ENCODING_RULE}`);
  }
  if (!api || q < 0) return undefined;
  const query = parseQueryString(url.slice(q + 1));
  return query.ok ? undefined : apiError(query.message);
}
