import type { Facts, FactValue } from './types';
import { dict } from '@/lib/domain/json';

/**
 * How facts are compared (docs/analysis.md, "Values"): strings trimmed,
 * numbers by value (a string that is exactly a number equals that number),
 * arrays in order, objects by structure whatever their key order.
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function asNumber(v: FactValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (NUMBER.test(t)) return Number(t);
  }
  return undefined;
}

export function sameValue(a: FactValue, b: FactValue): boolean {
  if (a === b) return true;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na === nb;
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i] as FactValue));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue(a[k] as FactValue, b[k] as FactValue));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, FactValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Nested objects become dotted paths; arrays, scalars, null and empty objects
 * are leaves. A literal key containing dots and a nested path that spell the
 * same path collide; the one later in the object wins.
 */
export function flattenFacts(value: Record<string, FactValue>): Facts {
  const out: Facts = dict();
  const walk = (obj: Record<string, FactValue>, prefix: string) => {
    for (const [key, v] of Object.entries(obj)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isPlainObject(v) && Object.keys(v).length > 0) walk(v, path);
      else out[path] = v;
    }
  };
  walk(value, '');
  return out;
}

/** A short text form of a value for messages and text search. */
export function valueText(v: FactValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
