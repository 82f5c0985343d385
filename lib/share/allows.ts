/**
 * What a share link's token may call (docs/security.md, "Share links"): the
 * API reads its page makes, and no other: its own description
 * (`/api/v1/shared`, which counts the view); for a trace link, the trace and
 * the handoff details it opens (the handoff route checks that the handoff
 * belongs to the trace).
 */

const READ = new Set(['GET', 'HEAD']);

function segments(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function shareAllows(link: { resource: 'trace'; target: string }, method: string, path: string): boolean {
  if (!READ.has(method.toUpperCase())) return false;
  if (path === '/api/v1/shared') return true;
  const parts = segments(path);
  if (!parts || parts[0] !== 'api' || parts[1] !== 'v1' || parts.length !== 4) return false;
  const [, , kind, id] = parts;
  if (kind === 'traces') return id?.toLowerCase() === link.target;
  return kind === 'handoffs' && id !== undefined && id.length > 0;
}
