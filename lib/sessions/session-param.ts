/**
 * A session id from its route segment. Session ids are free text (`conv:42/a`),
 * so links encode them; a segment that is not valid percent-encoding is taken
 * as it is rather than failing the page.
 */
export function sessionIdFromParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The session page's path for an id. */
export const sessionHref = (sessionId: string) => `/sessions/${encodeURIComponent(sessionId)}`;
