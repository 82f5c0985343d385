import { emptyAttrs, type EncodedAttrs } from '@/lib/domain/attributes';
import { MalformedPayloadError, type DecodedResource, type DecodedScope } from './types';
import { MAX_VALUE_DEPTH, normalizeInt64, normalizeUint64, putAttr, tooDeep, TooDeepError, type Typed } from './values';

/**
 * Field readers shared by the OTLP/JSON decoders (traces and logs): the OTLP
 * JSON encoding has lowerCamelCase keys, ids as hex, 64-bit integers as numbers
 * or decimal strings and enums as integers. Original snake_case keys and enum
 * names are accepted too, since some hand-written exporters send them.
 * Structural errors are reported with the JSON path of the offending field.
 */

export type Json = unknown;
export type Obj = Record<string, Json>;

export function fail(path: string, expected: string): never {
  throw new MalformedPayloadError(`${path}: expected ${expected}`);
}

export function isObj(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The request body parsed as a JSON object; `message` names the request type for the error. */
export function parseBody(body: Uint8Array, message: string): Obj {
  let doc: Json;
  try {
    doc = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MalformedPayloadError(`body is not valid JSON: ${reason}`);
  }
  return isObj(doc) ? doc : fail('body', `a JSON object (${message})`);
}

/** The value under the camelCase key, else under its snake_case original. */
export function field(o: Obj, camel: string): Json {
  const v = o[camel];
  if (v !== undefined) return v;
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return snake === camel ? undefined : o[snake];
}

export function obj(o: Obj, key: string, path: string): Obj | undefined {
  const v = field(o, key);
  if (v === undefined || v === null) return undefined;
  return isObj(v) ? v : fail(`${path}.${key}`, 'an object');
}

export function arr(o: Obj, key: string, path: string): Json[] {
  const v = field(o, key);
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : fail(`${path}.${key}`, 'an array');
}

/**
 * A string field. JSON can spell half a UTF-16 surrogate pair (`"\ud800"`),
 * which no UTF-8 store can hold: such halves become U+FFFD, as they do when
 * protobuf strings carry invalid UTF-8.
 */
export function str(o: Obj, key: string, path: string): string {
  const v = field(o, key);
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return fail(`${path}.${key}`, 'a string');
  return v.isWellFormed() ? v : v.toWellFormed();
}

export function uint32(o: Obj, key: string, path: string): number {
  const v = field(o, key);
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff
    ? n
    : fail(`${path}.${key}`, 'an unsigned 32-bit integer');
}

export function uint64(o: Obj, key: string, path: string): string {
  const v = field(o, key);
  if (v === undefined || v === null) return '0';
  return normalizeUint64(v) ?? fail(`${path}.${key}`, 'an unsigned 64-bit integer (number or decimal string)');
}

export function enumValue(o: Obj, key: string, path: string, names: Record<string, number>): number {
  const v = field(o, key);
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v in names) return names[v] as number;
  return fail(`${path}.${key}`, `an enum number or one of ${Object.keys(names).join(', ')}`);
}

/** Ids are hex in OTLP/JSON; anything else is kept as given and rejected per item later. */
export function id(o: Obj, key: string, path: string): string {
  return str(o, key, path).toLowerCase();
}

/** An AnyValue `depth` levels down; past MAX_VALUE_DEPTH it throws TooDeepError. */
export function anyValue(v: Json, path: string, depth = 0): Typed {
  if (depth > MAX_VALUE_DEPTH) throw new TooDeepError();
  if (v === undefined || v === null) return { t: 'empty' };
  if (!isObj(v)) return fail(path, 'an AnyValue object');
  if ('stringValue' in v || 'string_value' in v) return { t: 'string', v: str(v, 'stringValue', path) };
  if ('boolValue' in v || 'bool_value' in v) {
    const b = field(v, 'boolValue');
    return typeof b === 'boolean' ? { t: 'bool', v: b } : fail(`${path}.boolValue`, 'a boolean');
  }
  if ('intValue' in v || 'int_value' in v) {
    const n = normalizeInt64(field(v, 'intValue'));
    return n !== undefined ? { t: 'int', v: n } : fail(`${path}.intValue`, 'a 64-bit integer');
  }
  if ('doubleValue' in v || 'double_value' in v) {
    const d = field(v, 'doubleValue');
    if (typeof d === 'number') return { t: 'double', v: d };
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return { t: 'double', v: Number(d) };
    return fail(`${path}.doubleValue`, 'a number');
  }
  if ('arrayValue' in v || 'array_value' in v) {
    const inner = obj(v, 'arrayValue', path) ?? {};
    return { t: 'array', v: arr(inner, 'values', `${path}.arrayValue`).map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`, depth + 1)) };
  }
  if ('kvlistValue' in v || 'kvlist_value' in v) {
    const inner = obj(v, 'kvlistValue', path) ?? {};
    const list = arr(inner, 'values', `${path}.kvlistValue`).map((kv, i): [string, Typed] => {
      const p = `${path}.kvlistValue.values[${i}]`;
      if (!isObj(kv)) return fail(p, 'a KeyValue object');
      return [str(kv, 'key', p), anyValue(field(kv, 'value'), `${p}.value`, depth + 1)];
    });
    return { t: 'kvlist', v: list };
  }
  if ('bytesValue' in v || 'bytes_value' in v) {
    const b = str(v, 'bytesValue', path);
    return /^[A-Za-z0-9+/_-]*={0,2}$/.test(b) ? { t: 'bytes', v: b } : fail(`${path}.bytesValue`, 'base64 text');
  }
  return { t: 'empty' };
}

/** An attribute set, and why it cannot be stored when a value nests too deep (that attribute is left out). */
export function attributes(o: Obj, path: string): { attrs: EncodedAttrs; invalid?: string } {
  const attrs = emptyAttrs();
  let invalid: string | undefined;
  arr(o, 'attributes', path).forEach((kv, i) => {
    const p = `${path}.attributes[${i}]`;
    if (!isObj(kv)) fail(p, 'a KeyValue object');
    const key = str(kv, 'key', p);
    try {
      putAttr(attrs, key, anyValue(field(kv, 'value'), `${p}.value`));
    } catch (err) {
      if (!(err instanceof TooDeepError)) throw err;
      invalid ??= tooDeep(key);
    }
  });
  return invalid === undefined ? { attrs } : { attrs, invalid };
}

/** The resource of a ResourceSpans / ResourceLogs object (`rs`, at `path`). */
export function resource(rs: Obj, path: string): DecodedResource {
  const r = obj(rs, 'resource', path) ?? {};
  return {
    ...attributes(r, `${path}.resource`),
    droppedAttributesCount: uint32(r, 'droppedAttributesCount', `${path}.resource`),
    schemaUrl: str(rs, 'schemaUrl', path),
  };
}

/** The scope of a ScopeSpans / ScopeLogs object (`ss`, at `path`). */
export function scope(ss: Obj, path: string): DecodedScope {
  const s = obj(ss, 'scope', path) ?? {};
  return {
    name: str(s, 'name', `${path}.scope`),
    version: str(s, 'version', `${path}.scope`),
    ...attributes(s, `${path}.scope`),
    droppedAttributesCount: uint32(s, 'droppedAttributesCount', `${path}.scope`),
    schemaUrl: str(ss, 'schemaUrl', path),
  };
}
