import { shareAllows } from '@/lib/share/allows';
import type { Principal } from './principal';

/**
 * What the server entry does with a request before Next.js sees it
 * (docs/security.md, "Sign-in" and "Cross-site requests"), as a pure
 * decision: pass it on, send a person to the sign-in page, or refuse it.
 */

export type GateDecision =
  | { action: 'pass' }
  | { action: 'redirect'; location: string }
  | { action: 'refuse'; status: number; code: string; message: string };

/** Reachable without signing in: the sign-in itself, health probes, static assets (public/: icons, the social preview, robots.txt). */
const PUBLIC_PATHS = new Set([
  '/signin',
  '/auth/signin',
  '/auth/oidc/start',
  '/auth/oidc/callback',
  '/healthz',
  '/readyz',
  '/icon.svg',
  '/favicon.ico',
  '/og.png',
  '/apple-touch-icon.png',
  '/icon-512.png',
  '/robots.txt',
]);
/** `/s/{token}`: a share link's page checks its token itself (app/s/[token]/page.tsx). */
const PUBLIC_PREFIXES = ['/_next/static/', '/s/'];

/** An embedded panel with a share link's token in its address: its page is a shell; its data calls carry the token and are checked like a share page's. */
const embedWithToken = (method: string, path: string, url: string) => SAFE_METHODS.has(method.toUpperCase()) && path.startsWith('/embed/') && /[?&]token=[\w-]{43}(&|$)/.test(url);

export const isPublicPath = (path: string) => PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p));

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** What an API token may do: read /api/v1 (docs/security.md, "API tokens"). */
const TOKEN_METHODS = new Set(['GET', 'HEAD']);

/** A `Bearer` token that is not a working API token (unknown, revoked, or not a token at all). */
/** A share token used for anything but its resource. */
export const OUTSIDE_SHARE: GateDecision = { action: 'refuse', status: 403, code: 'outside_share', message: 'a share link shows one resource, and this is not part of it' };

/** A share token that is unknown, expired or revoked. */
export const INVALID_SHARE: GateDecision = { action: 'refuse', status: 401, code: 'invalid_share', message: 'this share link is unknown, expired or revoked' };

export const INVALID_TOKEN: GateDecision = {
  action: 'refuse',
  status: 401,
  code: 'invalid_token',
  message: 'unknown or revoked API token: send Authorization: Bearer baton_tok_… with a token an admin of the project made',
};

const READ_ONLY_TOKEN: GateDecision = {
  action: 'refuse',
  status: 403,
  code: 'read_only_token',
  message: 'read-only token: an API token may only read /api/v1 (GET or HEAD); sign in to Baton to do anything else',
};

export interface GateRequest {
  method: string;
  /** Path and query, as requested. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * A state-changing request must come from Baton's own pages: its `Origin` is
 * one Baton serves (the Host it was sent to, or BATON_PUBLIC_URL), or, when a
 * browser sends no Origin, `Sec-Fetch-Site: same-origin`. A request with
 * neither and no cookie is a script (curl, a postmortem tool with a token) and
 * is not forgeable by a page.
 */
export function crossSiteRefusal(req: GateRequest, publicUrl: string | undefined): GateDecision | undefined {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return undefined;
  const origin = first(req.headers.origin);
  const host = first(req.headers.host) ?? '';
  const allowed = new Set([`http://${host}`, `https://${host}`]);
  if (publicUrl) allowed.add(new URL(publicUrl).origin);
  if (origin !== undefined && origin !== 'null') {
    if (allowed.has(origin)) return undefined;
  } else {
    const site = first(req.headers['sec-fetch-site']);
    if (site === 'same-origin') return undefined;
    if (site === undefined && origin === undefined && !req.headers.cookie) return undefined;
  }
  return { action: 'refuse', status: 403, code: 'cross_site', message: 'refused: this request did not come from a Baton page (cross-site request forgery protection)' };
}

/** What a signed-in person without any role may still reach: who they are, and the way out. */
const ROLELESS_PATHS = new Set(['/no-access', '/auth/signout', '/api/v1/me']);

export function decide(req: GateRequest, principal: Principal, publicUrl: string | undefined): GateDecision {
  const refusal = crossSiteRefusal(req, publicUrl);
  if (refusal) return refusal;
  const path = req.url.split('?')[0] ?? '/';
  if (principal.kind === 'token') return path.startsWith('/api/v1/') && TOKEN_METHODS.has(req.method.toUpperCase()) ? { action: 'pass' } : READ_ONLY_TOKEN;
  if (principal.kind === 'share') return shareAllows(principal, req.method, path) ? { action: 'pass' } : OUTSIDE_SHARE;
  if (principal.kind === 'open' || isPublicPath(path) || embedWithToken(req.method, path, req.url)) return { action: 'pass' };
  if (principal.kind === 'user') {
    if (principal.memberships.length > 0 || ROLELESS_PATHS.has(path)) return { action: 'pass' };
    if (path === '/api' || path.startsWith('/api/')) {
      return { action: 'refuse', status: 403, code: 'no_role', message: 'signed in, but without a role in any project yet: ask an admin to give you one' };
    }
    return { action: 'redirect', location: '/no-access' };
  }
  if (path === '/api' || path.startsWith('/api/')) {
    return { action: 'refuse', status: 401, code: 'unauthorized', message: 'sign in first (this Baton requires sign-in)' };
  }
  if (!SAFE_METHODS.has(req.method.toUpperCase()) || path.startsWith('/embed/') || path === '/embed') {
    return { action: 'refuse', status: 401, code: 'unauthorized', message: 'sign in to Baton to see this' };
  }
  return { action: 'redirect', location: `/signin?next=${encodeURIComponent(req.url)}` };
}
