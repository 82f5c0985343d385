import { emptyAttrs, type EncodedAttrs } from '@/lib/domain/attributes';
import {
  MalformedPayloadError,
  type DecodedEvent,
  type DecodedLink,
  type DecodedResourceSpans,
  type DecodedScopeSpans,
  type DecodedSpan,
  type DecodedTraces,
} from './types';
import { normalizeInt64, normalizeUint64, putAttr, type Typed } from './values';

/**
 * Decodes `application/json` OTLP trace requests (the OTLP/JSON encoding:
 * lowerCamelCase keys, ids as hex, 64-bit integers as numbers or decimal
 * strings, enums as integers). Original snake_case keys and enum names are
 * accepted too, since some hand-written exporters send them. Structural
 * errors are reported with the JSON path of the offending field.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function fail(path: string, expected: string): never {
  throw new MalformedPayloadError(`${path}: expected ${expected}`);
}

function isObj(v: Json): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value under the camelCase key, else under its snake_case original. */
function field(o: Obj, camel: string): Json {
  const v = o[camel];
  if (v !== undefined) return v;
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return snake === camel ? undefined : o[snake];
}

function obj(o: Obj, key: string, path: string): Obj | undefined {
  const v = field(o, key);
  if (v === undefined || v === null) return undefined;
  return isObj(v) ? v : fail(`${path}.${key}`, 'an object');
}

function arr(o: Obj, key: string, path: string): Json[] {
  const v = field(o, key);
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : fail(`${path}.${key}`, 'an array');
}

function str(o: Obj, key: string, path: string): string {
  const v = field(o, key);
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : fail(`${path}.${key}`, 'a string');
}

function uint32(o: Obj, key: string, path: string): number {
  const v = field(o, key);
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff
    ? n
    : fail(`${path}.${key}`, 'an unsigned 32-bit integer');
}

function uint64(o: Obj, key: string, path: string): string {
  const v = field(o, key);
  if (v === undefined || v === null) return '0';
  return normalizeUint64(v) ?? fail(`${path}.${key}`, 'an unsigned 64-bit integer (number or decimal string)');
}

function enumValue(o: Obj, key: string, path: string, names: Record<string, number>): number {
  const v = field(o, key);
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v in names) return names[v] as number;
  return fail(`${path}.${key}`, `an enum number or one of ${Object.keys(names).join(', ')}`);
}

/** Ids are hex in OTLP/JSON; anything else is kept as given and rejected per span later. */
function id(o: Obj, key: string, path: string): string {
  return str(o, key, path).toLowerCase();
}

function anyValue(v: Json, path: string): Typed {
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
    return { t: 'array', v: arr(inner, 'values', `${path}.arrayValue`).map((x, i) => anyValue(x, `${path}.arrayValue.values[${i}]`)) };
  }
  if ('kvlistValue' in v || 'kvlist_value' in v) {
    const inner = obj(v, 'kvlistValue', path) ?? {};
    const list = arr(inner, 'values', `${path}.kvlistValue`).map((kv, i): [string, Typed] => {
      const p = `${path}.kvlistValue.values[${i}]`;
      if (!isObj(kv)) return fail(p, 'a KeyValue object');
      return [str(kv, 'key', p), anyValue(field(kv, 'value'), `${p}.value`)];
    });
    return { t: 'kvlist', v: list };
  }
  if ('bytesValue' in v || 'bytes_value' in v) {
    const b = str(v, 'bytesValue', path);
    return /^[A-Za-z0-9+/_-]*={0,2}$/.test(b) ? { t: 'bytes', v: b } : fail(`${path}.bytesValue`, 'base64 text');
  }
  return { t: 'empty' };
}

function attributes(o: Obj, path: string): EncodedAttrs {
  const attrs = emptyAttrs();
  arr(o, 'attributes', path).forEach((kv, i) => {
    const p = `${path}.attributes[${i}]`;
    if (!isObj(kv)) fail(p, 'a KeyValue object');
    putAttr(attrs, str(kv, 'key', p), anyValue(field(kv, 'value'), `${p}.value`));
  });
  return attrs;
}

function event(e: Json, path: string): DecodedEvent {
  if (!isObj(e)) return fail(path, 'an Event object');
  return {
    timeNs: uint64(e, 'timeUnixNano', path),
    name: str(e, 'name', path),
    attrs: attributes(e, path),
    droppedAttributesCount: uint32(e, 'droppedAttributesCount', path),
  };
}

function link(l: Json, path: string): DecodedLink {
  if (!isObj(l)) return fail(path, 'a Link object');
  return {
    traceId: id(l, 'traceId', path),
    spanId: id(l, 'spanId', path),
    traceState: str(l, 'traceState', path),
    attrs: attributes(l, path),
    droppedAttributesCount: uint32(l, 'droppedAttributesCount', path),
    flags: uint32(l, 'flags', path),
  };
}

function span(s: Json, path: string): DecodedSpan {
  if (!isObj(s)) return fail(path, 'a Span object');
  const status = obj(s, 'status', path);
  return {
    traceId: id(s, 'traceId', path),
    spanId: id(s, 'spanId', path),
    parentSpanId: id(s, 'parentSpanId', path),
    traceState: str(s, 'traceState', path),
    flags: uint32(s, 'flags', path),
    name: str(s, 'name', path),
    kind: enumValue(s, 'kind', path, SPAN_KINDS),
    startNs: uint64(s, 'startTimeUnixNano', path),
    endNs: uint64(s, 'endTimeUnixNano', path),
    attrs: attributes(s, path),
    droppedAttributesCount: uint32(s, 'droppedAttributesCount', path),
    events: arr(s, 'events', path).map((e, i) => event(e, `${path}.events[${i}]`)),
    droppedEventsCount: uint32(s, 'droppedEventsCount', path),
    links: arr(s, 'links', path).map((l, i) => link(l, `${path}.links[${i}]`)),
    droppedLinksCount: uint32(s, 'droppedLinksCount', path),
    statusCode: status ? enumValue(status, 'code', `${path}.status`, STATUS_CODES) : 0,
    statusMessage: status ? str(status, 'message', `${path}.status`) : '',
  };
}

function scopeSpans(ss: Json, path: string): DecodedScopeSpans {
  if (!isObj(ss)) return fail(path, 'a ScopeSpans object');
  const scope = obj(ss, 'scope', path) ?? {};
  return {
    scope: {
      name: str(scope, 'name', `${path}.scope`),
      version: str(scope, 'version', `${path}.scope`),
      attrs: attributes(scope, `${path}.scope`),
      droppedAttributesCount: uint32(scope, 'droppedAttributesCount', `${path}.scope`),
      schemaUrl: str(ss, 'schemaUrl', path),
    },
    spans: arr(ss, 'spans', path).map((s, i) => span(s, `${path}.spans[${i}]`)),
  };
}

function resourceSpans(rs: Json, path: string): DecodedResourceSpans {
  if (!isObj(rs)) return fail(path, 'a ResourceSpans object');
  const resource = obj(rs, 'resource', path) ?? {};
  return {
    resource: {
      attrs: attributes(resource, `${path}.resource`),
      droppedAttributesCount: uint32(resource, 'droppedAttributesCount', `${path}.resource`),
      schemaUrl: str(rs, 'schemaUrl', path),
    },
    scopeSpans: arr(rs, 'scopeSpans', path).map((ss, i) => scopeSpans(ss, `${path}.scopeSpans[${i}]`)),
  };
}

export function decodeTracesJson(body: Uint8Array): DecodedTraces {
  let doc: Json;
  try {
    doc = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MalformedPayloadError(`body is not valid JSON: ${reason}`);
  }
  if (!isObj(doc)) fail('body', 'a JSON object (ExportTraceServiceRequest)');
  return {
    resourceSpans: arr(doc, 'resourceSpans', 'body').map((rs, i) => resourceSpans(rs, `resourceSpans[${i}]`)),
  };
}
