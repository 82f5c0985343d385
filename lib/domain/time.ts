/**
 * Time values with their unit in the type, so nanoseconds and milliseconds
 * cannot be mixed up silently.
 */

declare const unit: unique symbol;
export type Milliseconds = number & { readonly [unit]: 'ms' };
/** Nanoseconds since the epoch as unsigned decimal text (exceeds 2^53). */
export type NanosText = string & { readonly [unit]: 'ns-text' };

export const ms = (n: number) => n as Milliseconds;
export const nanosText = (s: string) => s as NanosText;

/** "1700000000123456789" → "2023-11-14T22:13:20.123456789Z". */
export function nanosToIso(ns: string): string {
  const padded = ns.padStart(10, '0');
  const seconds = Number(padded.slice(0, -9));
  const fraction = padded.slice(-9);
  const iso = new Date(seconds * 1000).toISOString(); // …T22:13:20.000Z
  return `${iso.slice(0, -5)}.${fraction}Z`;
}

/** Epoch milliseconds of a nanosecond timestamp (truncated). */
export function nanosToMs(ns: string): Milliseconds {
  return ms(ns.length > 6 ? Number(ns.slice(0, -6)) : 0);
}

/** Parses an API time: ISO-8601 or epoch milliseconds. Undefined when it is neither. */
export function parseApiTime(value: string): Milliseconds | undefined {
  const trimmed = value.trim();
  if (/^\d{1,15}$/.test(trimmed)) return ms(Number(trimmed));
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const t = Date.parse(trimmed);
  return Number.isNaN(t) ? undefined : ms(t);
}

/** Orders nanosecond decimal texts by value: by length, then lexicographically. */
export function compareNanos(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
