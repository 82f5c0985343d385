import { dict, parseJson } from './json';

/**
 * OpenTelemetry attribute values, stored without losing their type.
 *
 * On disk an attribute set is two ClickHouse maps: `values` (key → text) and
 * `types` (key → type, only for keys that are not plain strings). String
 * attributes, by far the most common, stay directly filterable
 * (`attributes['gen_ai.agent.name'] = {agent:String}`), and every other type
 * round-trips exactly: ints as decimal text (int64 safe), doubles as JSON
 * numbers, arrays and key-value lists as JSON, bytes as base64.
 */

export type AttrType = 'bool' | 'int' | 'double' | 'array' | 'kvlist' | 'bytes' | 'empty';

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

export interface EncodedAttrs {
  values: Record<string, string>;
  /** Only keys whose value is not a plain string. */
  types: Record<string, AttrType>;
}

/** An empty set. Keys come from telemetry, so the maps have no prototype: `__proto__` is an ordinary key. */
export const emptyAttrs = (): EncodedAttrs => ({ values: dict(), types: dict() });

const ATTR_TYPES: ReadonlySet<string> = new Set(['bool', 'int', 'double', 'array', 'kvlist', 'bytes', 'empty']);

export function isAttrType(t: string): t is AttrType {
  return ATTR_TYPES.has(t);
}

/** Doubles as text: JSON numbers, with the three values JSON cannot hold spelled out. */
export function doubleToText(n: number): string {
  if (Number.isFinite(n)) return JSON.stringify(n);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

/** An int64 as text → a number when it is exact, else the decimal string. */
export function intFromText(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function doubleFromText(text: string): number | string {
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text;
  const n = Number(text);
  return Number.isNaN(n) ? text : n;
}

/** A stored array or key-value list; text that does not parse (or nests too deep to handle) stays text. */
function parseStructured(text: string): AttrValue {
  const parsed = parseJson(text);
  return parsed.ok ? (parsed.value as AttrValue) : text;
}

/** One stored attribute back to the value an API client sees. */
export function decodeValue(text: string, type: string | undefined): AttrValue {
  switch (type) {
    case undefined:
    case '':
    case 'bytes':
      return text;
    case 'bool':
      return text === 'true';
    case 'int':
      return intFromText(text);
    case 'double':
      return doubleFromText(text);
    case 'array':
    case 'kvlist':
      return parseStructured(text);
    case 'empty':
      return null;
    default:
      return text;
  }
}

/** A stored attribute set back to a plain object, keys in sorted order for stable output. */
export function decodeAttrs(values: Record<string, string>, types: Record<string, string>): Record<string, AttrValue> {
  const out = dict<AttrValue>();
  for (const key of Object.keys(values).sort()) {
    out[key] = decodeValue(values[key] as string, types[key]);
  }
  return out;
}

/** A plain string attribute, or undefined when absent, empty or not a string. */
export function stringAttr(attrs: EncodedAttrs, key: string): string | undefined {
  const v = attrs.values[key];
  if (v === undefined || v === '' || attrs.types[key] !== undefined) return undefined;
  return v;
}

/**
 * A non-negative integer attribute (token counts). Accepts ints, integral
 * doubles and numeric strings, since SDKs disagree; anything else is absent.
 */
export function countAttr(attrs: EncodedAttrs, key: string): number | undefined {
  const v = attrs.values[key];
  if (v === undefined) return undefined;
  const t = attrs.types[key];
  if (t !== undefined && t !== 'int' && t !== 'double') return undefined;
  const trimmed = v.trim();
  if (!/^\d+(\.0+)?$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}
