/**
 * Where to go after signing in: a path on this Baton only. Anything else (an
 * absolute URL, `//host`, `/\host`, a scheme, control characters) becomes
 * `/`, so a crafted sign-in link cannot send a person elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (typeof next !== 'string' || next.length > 2048 || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes let browsers read a path as another origin.
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  const base = new URL('http://baton.invalid');
  const url = new URL(next, base);
  if (url.origin !== base.origin) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
