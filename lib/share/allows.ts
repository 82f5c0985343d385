import type { ShareResource } from './kinds';

/**
 * What a share link's token may call (docs/security.md, "Share links"): the
 * API reads its page makes, and no other: its own description
 * (`/api/v1/shared`, which counts the view); for a trace link, the trace and
 * the handoff details it opens; for a session link, the session and its
 * lists, and the traces and handoff details it opens; for a handoff link, that
 * handoff's detail only; for a metric panel's link, the metrics route, which
 * answers that panel whatever the query asks (lib/share/panel-serve.ts). The
 * trace and handoff routes check that what they found belongs to the link
 * (lib/share/serve.ts).
 */

const READ = new Set(['GET', 'HEAD']);
const SESSION_LISTS = new Set(['turns', 'handoffs', 'facts', 'contradictions']);

function segments(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

export function shareAllows(link: { resource: ShareResource; target: string }, method: string, path: string): boolean {
  if (!READ.has(method.toUpperCase())) return false;
  if (path === '/api/v1/shared') return true;
  if (link.resource === 'panel') return path === '/api/v1/metrics';
  const parts = segments(path);
  if (!parts || parts[0] !== 'api' || parts[1] !== 'v1' || parts.length < 4) return false;
  const [, , kind, id, list] = parts;
  if (!id) return false;
  if (link.resource === 'handoff') return parts.length === 4 && kind === 'handoffs' && id === link.target;
  if (parts.length === 4 && kind === 'handoffs') return true;
  if (link.resource === 'trace') return parts.length === 4 && kind === 'traces' && id.toLowerCase() === link.target;
  if (parts.length === 4 && kind === 'traces') return true;
  return kind === 'sessions' && id === link.target && (parts.length === 4 || (parts.length === 5 && SESSION_LISTS.has(list ?? '')));
}
