import { doubleToText, type AttrType, type AttrValue, type EncodedAttrs } from '@/lib/domain/attributes';
import { dict, MAX_JSON_DEPTH } from '@/lib/domain/json';

/**
 * Helpers shared by the protobuf and JSON decoders: building attribute sets
 * and turning wire ids and times into Baton's text forms.
 */

/** One decoded attribute value, before it is stored. */
export type Typed =
  | { t: 'string'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'double'; v: number }
  | { t: 'array'; v: Typed[] }
  | { t: 'kvlist'; v: [string, Typed][] }
  | { t: 'bytes'; v: string }
  | { t: 'empty' };

/**
 * Deepest nesting of an attribute value (arrays and key-value lists inside
 * each other). Past it the value cannot be stored, rendered or serialized
 * safely: its item (span, log record) is rejected with the reason.
 */
export const MAX_VALUE_DEPTH = MAX_JSON_DEPTH;

/** A value nests deeper than MAX_VALUE_DEPTH; the decoders turn it into a per-item rejection. */
export class TooDeepError extends Error {
  override name = 'TooDeepError';
}

/** The rejection reason for an attribute whose value nests too deep. */
export const tooDeep = (key: string) =>
  `attribute "${key.slice(0, 100)}" nests arrays or key-value lists more than ${MAX_VALUE_DEPTH} levels deep`;

/** The rejection reason for a log record whose body nests too deep. */
export const TOO_DEEP_BODY = `log record body nests arrays or key-value lists more than ${MAX_VALUE_DEPTH} levels deep`;

/** The JSON form of a nested value inside an array or key-value list. */
export function typedToJson(value: Typed): AttrValue {
  switch (value.t) {
    case 'string':
    case 'bool':
    case 'bytes':
      return value.v;
    case 'int': {
      const n = Number(value.v);
      return Number.isSafeInteger(n) ? n : value.v;
    }
    case 'double':
      return Number.isFinite(value.v) ? value.v : doubleToText(value.v);
    case 'array':
      return value.v.map(typedToJson);
    case 'kvlist': {
      const out = dict<AttrValue>();
      for (const [k, v] of value.v) out[k] = typedToJson(v);
      return out;
    }
    case 'empty':
      return null;
  }
}

/** Adds one attribute to a set. Later duplicates of a key win, as in most SDKs. */
export function putAttr(attrs: EncodedAttrs, key: string, value: Typed): void {
  let text: string;
  let type: AttrType | undefined;
  switch (value.t) {
    case 'string':
      text = value.v;
      break;
    case 'bool':
      text = value.v ? 'true' : 'false';
      type = 'bool';
      break;
    case 'int':
      text = value.v;
      type = 'int';
      break;
    case 'double':
      text = doubleToText(value.v);
      type = 'double';
      break;
    case 'bytes':
      text = value.v;
      type = 'bytes';
      break;
    case 'array':
    case 'kvlist':
      text = JSON.stringify(typedToJson(value));
      type = value.t;
      break;
    case 'empty':
      text = '';
      type = 'empty';
      break;
  }
  attrs.values[key] = text;
  if (type) attrs.types[key] = type;
  else if (key in attrs.types) delete attrs.types[key];
}

const HEX = /^[0-9a-f]*$/;

/** Lower-case hex of an id, or '' for an absent one. */
export function bytesToHex(bytes: Uint8Array | null | undefined): string {
  if (!bytes || bytes.length === 0) return '';
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** True for a hex id of the right byte length that is not all zeroes (OTLP validity). */
export function isValidId(hex: string, byteLength: 8 | 16): boolean {
  return hex.length === byteLength * 2 && HEX.test(hex) && !/^0+$/.test(hex);
}

const UINT64_MAX = 18446744073709551615n;

/** An unsigned 64-bit integer from its 32-bit halves, as decimal text. */
export function uint64ToDecimal(low: number, high: number): string {
  if (high === 0) return String(low >>> 0);
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}

/** A signed 64-bit integer from its 32-bit halves, as decimal text. */
export function int64ToDecimal(low: number, high: number): string {
  if (high === 0 && low >= 0) return String(low);
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}

/** A decimal or integral JSON value as canonical unsigned decimal text, or undefined if it is not one. */
export function normalizeUint64(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  }
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    const n = BigInt(value);
    return n <= UINT64_MAX ? n.toString() : undefined;
  }
  return undefined;
}

/** A signed 64-bit JSON value as decimal text, or undefined. */
export function normalizeInt64(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) {
    const n = BigInt(value);
    return BigInt.asIntN(64, n) === n ? n.toString() : undefined;
  }
  return undefined;
}

/** Seconds and the nanoseconds within them, from decimal nanosecond text. */
function secondsOf(ns: string): number {
  return ns.length > 9 ? Number(ns.slice(0, -9)) : 0;
}

function nanosOf(ns: string): number {
  return Number(ns.length > 9 ? ns.slice(-9) : ns);
}

/**
 * end − start in nanoseconds, from decimal text; negative or absurd spans
 * (end before start, a missing end) become 0.
 */
export function durationNs(startNs: string, endNs: string): number {
  const d = (secondsOf(endNs) - secondsOf(startNs)) * 1e9 + (nanosOf(endNs) - nanosOf(startNs));
  return d > 0 && Number.isSafeInteger(d) ? d : 0;
}
