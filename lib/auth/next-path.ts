/**
 * Where to go after signing in: a path on this Baton only. Anything else (an
 * absolute URL, `//host`, `/\host`, control characters) becomes `/`, so a
 * crafted sign-in link cannot send a person elsewhere.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  return next;
}
