/**
 * Links between views (README.md, "How it fits together"): every chart and number links to the list
 * behind it, carrying the page's time range as it is in the URL (a relative
 * range stays relative, an absolute one absolute). Pure.
 */

export interface RangeParams {
  from: string;
  to: string;
}

type Params = Record<string, string | number | undefined | null>;

/** `path?from&to&…` with the defined, non-empty parameters. */
export function withRange(path: string, range: RangeParams, params: Params = {}): string {
  const q = new URLSearchParams({ from: range.from, to: range.to });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return `${path}?${q.toString()}`;
}

/** The trace page with a handoff selected. */
export function handoffHref(traceId: string, handoffId: string): string {
  return `/traces/${encodeURIComponent(traceId)}?handoff=${encodeURIComponent(handoffId)}`;
}

/** The absolute range of one chart bucket starting at `t` (ISO), `stepSeconds` wide, both ends inclusive in ms. */
export function bucketRange(t: string | number, stepSeconds: number): RangeParams {
  const from = typeof t === 'number' ? t : Date.parse(t);
  return { from: String(from), to: String(from + stepSeconds * 1000 - 1) };
}
