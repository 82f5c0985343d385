import type { AuthRuntime } from './auth-runtime';
import { SESSION_DAYS } from './sessions';

/**
 * The session cookie (docs/security.md, "Sessions"): `HttpOnly`,
 * `SameSite=Lax`, `Path=/`, and behind TLS `Secure` with the `__Host-` prefix
 * (no Domain, so no other host can set or read it).
 */

export const sessionCookieName = (auth: Pick<AuthRuntime, 'secureCookies'>) => (auth.secureCookies ? '__Host-baton_session' : 'baton_session');

export function cookieHeader(auth: Pick<AuthRuntime, 'secureCookies'>, name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (auth.secureCookies) parts.push('Secure');
  return parts.join('; ');
}

export const sessionCookie = (auth: AuthRuntime, sessionId: string) =>
  cookieHeader(auth, sessionCookieName(auth), auth.signer.sign('session', sessionId), SESSION_DAYS * 86_400);

export const clearedSessionCookie = (auth: AuthRuntime) => cookieHeader(auth, sessionCookieName(auth), '', 0);

/** One cookie's value from a Cookie header, or undefined. */
export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
