import type { Facts } from './types.js';
import * as check from './validate.js';
import type { Json } from './validate.js';

/**
 * Privacy mode (`baton.snapshot.fact_digests`): digests of fact
 * values, computed exactly as Baton computes them, so that Baton can tell
 * which facts changed or were lost without ever receiving a value.
 */

/** Nested objects become dotted paths; arrays, scalars, null and empty objects are leaves (as Baton flattens facts). */
function flatten(facts: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  const walk = (obj: Record<string, Json>, prefix: string) => {
    for (const [key, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) walk(v, path);
      else out[path] = v;
    }
  };
  walk(facts, '');
  return out;
}

/** JSON with object keys sorted and strings trimmed, at every depth. */
function canonicalJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] as Json)}`)
      .join(',')}}`;
  }
  return JSON.stringify(typeof v === 'string' ? v.trim() : v);
}

/** The part of Web Crypto used here (typed locally: the DOM lib's names are not there in a Node-only build). */
interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

async function sha256Hex(subtle: Subtle, text: string): Promise<string> {
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Digests of facts for privacy mode: for each fact, by dotted path
 * (`customer.id`), `sha256:` + the hex SHA-256 of its value's canonical JSON
 * (strings trimmed, object keys sorted). Record them instead of the facts
 * with `factDigests`; Baton then reports which keys were dropped or changed,
 * never values.
 *
 * Asynchronous, because it uses Web Crypto (`globalThis.crypto.subtle`: Node
 * 20+, Deno, Bun and browsers; in a browser only on HTTPS or localhost).
 * Invalid facts throw a TypeError synchronously, as the other functions do;
 * without Web Crypto the promise rejects.
 *
 * @example
 * const factDigests = await digestFacts({ customer: { id: 'C-42' }, budget: 300 });
 * // { 'customer.id': 'sha256:…', budget: 'sha256:…' }
 * sendHandoff(span, { to: 'billing', factDigests, contract: ['customer.id'] });
 */
export function digestFacts(facts: Facts): Promise<Record<string, string>> {
  const flat = flatten(check.facts('digestFacts', 'facts', facts));
  const subtle = (globalThis as { crypto?: { subtle?: Subtle } }).crypto?.subtle;
  if (!subtle) return Promise.reject(new Error('digestFacts: Web Crypto (globalThis.crypto.subtle) is not available here; in a browser it needs HTTPS or localhost'));
  const entries = Object.entries(flat);
  return Promise.all(entries.map(([, v]) => sha256Hex(subtle, canonicalJson(v)))).then((hexes) => {
    const out: Record<string, string> = {};
    entries.forEach(([key], i) => (out[key] = `sha256:${hexes[i]}`));
    return out;
  });
}
