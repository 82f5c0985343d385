/**
 * A request's query string, read strictly: `URLSearchParams` quietly keeps a
 * malformed escape (`%ZZ`) as text, turns bad UTF-8 into U+FFFD and lets the
 * last of a repeated parameter win. The API answers 400 to each instead, so a
 * client learns its URL is broken rather than getting a list filtered by
 * something it did not mean.
 */

export const PERCENT_ENCODING_RULE = 'each % must start a two-hex-digit escape and the escapes must spell UTF-8 (send a literal % as %25)';

/** Decodes one URL component; undefined when it is not valid percent-encoding. */
export function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A short, printable excerpt of what was sent, for messages. */
export const excerpt = (text: string, max = 40) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);

export type QueryParams = { ok: true; params: Record<string, string> } | { ok: false; message: string };

/** Reads `a=1&b=x%20y` (`+` is a space, as in forms); empty pieces are skipped, unknown names kept. */
export function parseQueryString(search: string): QueryParams {
  const params = new Map<string, string>();
  for (const piece of search.replace(/^\?/, '').split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)];
    const name = decodeComponent(rawName.replace(/\+/g, ' '));
    if (name === undefined) return { ok: false, message: `the query parameter name ${excerpt(rawName)} is not valid percent-encoding: ${PERCENT_ENCODING_RULE}` };
    const value = decodeComponent(rawValue.replace(/\+/g, ' '));
    if (value === undefined) return { ok: false, message: `${name} is not valid percent-encoding: ${PERCENT_ENCODING_RULE}` };
    if (params.has(name)) return { ok: false, message: `${name} is given more than once; give it once` };
    params.set(name, value);
  }
  // A Map, then fromEntries: a parameter named __proto__ stays a plain key.
  return { ok: true, params: Object.fromEntries(params) };
}
