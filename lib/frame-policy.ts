/**
 * Who may frame Baton's pages (README.md, "Settings"): the embed routes
 * (`/embed/...`) only by the origins in BATON_EMBED_ORIGINS, and by Baton
 * itself when that is unset; every other page by no one. Sent as
 * `Content-Security-Policy: frame-ancestors`, plus `X-Frame-Options: DENY`
 * on non-embed pages for browsers that predate CSP.
 */

/** A frame-ancestors source: scheme, host and optional port, nothing else. */
const ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i;

/** The reason an entry of BATON_EMBED_ORIGINS cannot be used, or undefined when it can. */
export function invalidEmbedOrigin(origin: string): string | undefined {
  if (!ORIGIN.test(origin)) return `"${origin}" is not an origin like https://wiki.example.com (scheme, host, optional port; no path)`;
  return undefined;
}

export function frameHeaders(path: string, embedOrigins: readonly string[]): Record<string, string> {
  const embed = path === '/embed' || path.startsWith('/embed/');
  if (!embed) return { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };
  const sources = embedOrigins.length > 0 ? ["'self'", ...embedOrigins] : ["'self'"];
  return { 'Content-Security-Policy': `frame-ancestors ${sources.join(' ')}` };
}
