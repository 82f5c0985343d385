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

const isEmbed = (path: string) => path === '/embed' || path.startsWith('/embed/');

/** The `frame-ancestors` directive for a path (lib/security-headers.ts puts it in the whole policy). */
export function frameAncestors(path: string, embedOrigins: readonly string[]): string {
  if (!isEmbed(path)) return "frame-ancestors 'none'";
  const sources = embedOrigins.length > 0 ? ["'self'", ...embedOrigins] : ["'self'"];
  return `frame-ancestors ${sources.join(' ')}`;
}

export function frameHeaders(path: string, embedOrigins: readonly string[]): Record<string, string> {
  const csp = { 'Content-Security-Policy': frameAncestors(path, embedOrigins) };
  return isEmbed(path) ? csp : { ...csp, 'X-Frame-Options': 'DENY' };
}
