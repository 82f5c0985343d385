/**
 * A dynamic route segment decoded once (ids hold `:`, `>`, `@` or whatever
 * an app chose, and arrive percent-encoded); a malformed escape stays as sent.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
