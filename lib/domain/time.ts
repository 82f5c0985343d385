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

/**
 * The times the API takes: what ClickHouse's DateTime64(9) holds
 * (1900-01-01 … 2262-04-11T23:47:16Z), less a day at the end because some
 * reads look a day past `to`. Outside it a query fails, so the API answers 400.
 */
export const MIN_API_TIME = ms(Date.UTC(1900, 0, 1));
export const MAX_API_TIME = ms(Date.UTC(2262, 3, 10));

const isoSeconds = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
export const API_TIME_BOUNDS = `between ${isoSeconds(MIN_API_TIME)} and ${isoSeconds(MAX_API_TIME)}`;

/** An API time read, or what is wrong with it (a phrase that follows the parameter's name). */
export type ApiTime = { ok: true; ms: Milliseconds } | { ok: false; problem: string };

const SYNTAX = 'must be ISO-8601 or epoch milliseconds';
const OUT_OF_RANGE = `must be ${API_TIME_BOUNDS}`;
// 2026-01-31, 2026-01-31T12:00, 2026-01-31T12:00:00.123456789Z, 2026-01-31 12:00:00+02:00
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))?)?$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

function readIso(text: string): ApiTime {
  const m = ISO.exec(text);
  if (!m) {
    // `+02:00` sent unencoded arrives as ` 02:00`: a + in a query string is a space.
    const plus = /\d \d{2}:?\d{2}$/.test(text) ? ' (a + in a query string means a space: send it as %2B)' : '';
    return { ok: false, problem: SYNTAX + plus };
  }
  const n = (i: number) => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s, oh, om] = [n(1), n(2), n(3), n(4), n(5), n(6), n(9), n(10)] as const;
  if (y < 1900 || y > 2262) return { ok: false, problem: OUT_OF_RANGE };
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return { ok: false, problem: `${SYNTAX}: ${m[1]}-${m[2]}-${m[3]} is not a calendar date` };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, problem: `${SYNTAX}: ${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''} is not a time of day` };
  if (oh > 23 || om > 59) return { ok: false, problem: `${SYNTAX}: the UTC offset is out of range` };
  const fraction = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, fraction) - offset;
  return t < MIN_API_TIME || t > MAX_API_TIME ? { ok: false, problem: OUT_OF_RANGE } : { ok: true, ms: ms(t) };
}

/**
 * Reads an API time: epoch milliseconds (digits only), or ISO-8601 (a date,
 * or a date and time with an optional fraction and zone; no zone means UTC),
 * within MIN_API_TIME … MAX_API_TIME.
 */
export function readApiTime(value: string): ApiTime {
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const t = Number(text);
    return t > MAX_API_TIME ? { ok: false, problem: OUT_OF_RANGE } : { ok: true, ms: ms(t) };
  }
  return readIso(text);
}

/** Parses an API time; undefined when it is not one (see readApiTime). */
export function parseApiTime(value: string): Milliseconds | undefined {
  const t = readApiTime(value);
  return t.ok ? t.ms : undefined;
}

/** Orders nanosecond decimal texts by value: by length, then lexicographically. */
export function compareNanos(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A time as the access tables' `DateTime64(3, 'UTC')` columns take and give
 * it in JSON (`2026-12-06 14:03:39.123`), to and from epoch ms or ISO-8601.
 */
export const toStoreMillis = (time: number | string) => (typeof time === 'number' ? new Date(time).toISOString() : time).replace('T', ' ').replace('Z', '');
export const fromStoreMillis = (text: string) => `${text.replace(' ', 'T')}Z`;
