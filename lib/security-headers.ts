import { randomBytes } from 'node:crypto';
import { frameAncestors, frameHeaders } from './frame-policy';

/**
 * The headers every UI response carries (docs/security.md, "Headers"):
 * `X-Content-Type-Options: nosniff`, a `Referrer-Policy` chosen by path, and
 * a Content-Security-Policy whose scripts run only with this request's nonce
 * (no `'unsafe-inline'` for scripts), merged with the framing rules of
 * lib/frame-policy.ts.
 *
 * The nonce is made in server.ts, before Next.js handles the request, and
 * put both on the response and on the request's own
 * `Content-Security-Policy` header: Next.js reads the nonce from that request
 * header and stamps it on every script it renders, and the root layout reads
 * it there for the inline theme script. Doing it in the custom server we
 * already have is simpler than a Next.js proxy (middleware), which would
 * rebuild the same headers on a second code path.
 */

/** 128 random bits, base64: a new one for every request. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The nonce in a Content-Security-Policy's script-src (what the root layout reads back from the request). */
export function nonceOf(csp: string | null | undefined): string | undefined {
  return /(?:^|;)\s*script-src[^;]*'nonce-([A-Za-z0-9+/=_-]+)'/.exec(csp ?? '')?.[1];
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * `strict-origin-when-cross-origin`: other sites see Baton's origin, never a
 * page's path or query (trace ids, filters). Share pages (`/s/...`) send no
 * referrer at all: their path is the token.
 */
export function referrerPolicy(path: string): string {
  return path === '/s' || path.startsWith('/s/') ? 'no-referrer' : 'strict-origin-when-cross-origin';
}

export interface PolicyOptions {
  nonce: string;
  embedOrigins: readonly string[];
  /** `next dev` evaluates code (React's stacks, fast refresh): it needs 'unsafe-eval'. */
  dev?: boolean;
}

/** The Content-Security-Policy of a response. API answers are data, never documents: nothing may load or run in them. */
export function contentSecurityPolicy(path: string, { nonce, embedOrigins, dev = false }: PolicyOptions): string {
  if (isApi(path)) return `default-src 'none'; ${frameAncestors(path, embedOrigins)}`;
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React and the chart libraries set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    frameAncestors(path, embedOrigins),
  ].join('; ');
}

/** Every security header of a response to `path`. */
export function securityHeaders(path: string, options: PolicyOptions): Record<string, string> {
  return {
    ...frameHeaders(path, options.embedOrigins),
    'Content-Security-Policy': contentSecurityPolicy(path, options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': referrerPolicy(path),
  };
}
