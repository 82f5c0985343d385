import type { HrTime, TimeInput } from '@opentelemetry/api';

/**
 * Run-time checks of the helper's inputs. Each throws a TypeError naming the
 * function called and the field at fault, e.g.
 * `sendHandoff: facts.trip.start must be a JSON value (…), got a Date`.
 * Messages name types, never the values of facts.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function fail(where: string, field: string, expected: string, got: unknown): never {
  throw new TypeError(`${where}: ${field} must be ${expected}, got ${kind(got)}`);
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : String(v);
  if (typeof v === 'string') return v.trim() === '' ? 'an empty string' : 'a string';
  if (typeof v === 'object') {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof v}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** `facts.trip.budget`, or `facts["a.b"]` for a key that is not an identifier. */
export function member(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** The input object, with no field outside `allowed` (a typo is an error, not a silent no-op). */
export function fields(where: string, input: unknown, allowed: readonly string[], label = ''): Record<string, unknown> {
  if (!isPlainObject(input)) fail(where, label || 'the input', 'an object', input);
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw new TypeError(`${where}: unknown field ${JSON.stringify(label ? `${label}.${key}` : key)} (expected ${allowed.join(', ')})`);
  }
  return input;
}

export function text(where: string, field: string, v: unknown): string {
  return typeof v === 'string' ? v : fail(where, field, 'a string', v);
}

export function name(where: string, field: string, v: unknown): string {
  return typeof v === 'string' && v.trim() !== '' ? v : fail(where, field, 'a non-empty string', v);
}

export function bool(where: string, field: string, v: unknown): boolean {
  return typeof v === 'boolean' ? v : fail(where, field, 'a boolean', v);
}

export function count(where: string, field: string, v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fail(where, field, 'a non-negative integer', v);
}

export function oneOf<T extends string>(where: string, field: string, v: unknown, values: readonly T[]): T {
  return values.includes(v as T) ? (v as T) : fail(where, field, `one of ${values.join(', ')}`, v);
}

export function strings(where: string, field: string, v: unknown): string[] {
  if (!Array.isArray(v)) fail(where, field, 'an array of strings', v);
  return v.map((x: unknown, i) => name(where, `${field}[${i}]`, x));
}

/** A copy of a JSON value; `undefined` object properties are left out, anything else not JSON throws. */
export function json(where: string, path: string, v: unknown, open: Set<object> = new Set()): Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  const expected = 'a JSON value (string, finite number, boolean, null, array or plain object)';
  if (Array.isArray(v) || isPlainObject(v)) {
    if (open.has(v)) throw new TypeError(`${where}: ${path} refers back to itself (a cycle cannot be sent as JSON)`);
    open.add(v);
    let out: Json;
    if (Array.isArray(v)) {
      const items: Json[] = [];
      for (let i = 0; i < v.length; i++) items.push(json(where, `${path}[${i}]`, v[i], open));
      out = items;
    } else {
      const obj: Record<string, Json> = {};
      for (const [key, x] of Object.entries(v)) if (x !== undefined) obj[key] = json(where, member(path, key), x, open);
      out = obj;
    }
    open.delete(v);
    return out;
  }
  return fail(where, path, expected, v);
}

export function facts(where: string, field: string, v: unknown): Record<string, Json> {
  if (!isPlainObject(v)) fail(where, field, 'a plain object of facts', v);
  return json(where, field, v) as Record<string, Json>;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function digests(where: string, field: string, v: unknown): Record<string, string> {
  if (!isPlainObject(v)) fail(where, field, 'an object of digests (from digestFacts)', v);
  const out: Record<string, string> = {};
  for (const [key, d] of Object.entries(v)) {
    out[key] = typeof d === 'string' && DIGEST.test(d) ? d : fail(where, member(field, key), '"sha256:" and 64 lower-case hex digits', d);
  }
  return out;
}

export function constraints(where: string, field: string, v: unknown): Json[] {
  if (!Array.isArray(v)) fail(where, field, 'an array of strings or { id, text }', v);
  return v.map((c: unknown, i): Json => {
    const at = `${field}[${i}]`;
    if (typeof c === 'string') return name(where, at, c);
    if (!isPlainObject(c)) return fail(where, at, 'a string or { id, text }', c);
    const { id, text: t } = fields(where, c, ['id', 'text'], at);
    return { id: name(where, `${at}.id`, id), text: name(where, `${at}.text`, t) };
  });
}

const CONTRACT_PARTS = ['required', 'preserve', 'forbidden'] as const;

export function contract(where: string, field: string, v: unknown): Json {
  if (Array.isArray(v)) return strings(where, field, v);
  if (!isPlainObject(v)) fail(where, field, 'an array of keys or { required, preserve, forbidden }', v);
  const parts = fields(where, v, CONTRACT_PARTS, field);
  const out: Record<string, Json> = {};
  for (const part of CONTRACT_PARTS) if (parts[part] !== undefined) out[part] = strings(where, `${field}.${part}`, parts[part]);
  return out;
}

export function time(where: string, field: string, v: unknown): TimeInput {
  if (v instanceof Date && Number.isFinite(v.getTime())) return v;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0)) return v as HrTime;
  return fail(where, field, 'a Date, epoch milliseconds or an HrTime', v);
}
