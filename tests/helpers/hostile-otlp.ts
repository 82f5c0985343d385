import { ExportTraceServiceRequest } from '@/ingest/otlp/schema';

/**
 * Hand-built OTLP payloads that well-behaved SDKs never send: values nested
 * thousands of levels deep, times the store cannot hold, keys that are
 * special to JavaScript. Built here without recursion, so a test can make a
 * value deeper than any encoder's stack allows.
 */

/** A varint (lengths and tags), for the hand-built protobuf below. */
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

const field = (number: number, payload: Buffer) => Buffer.concat([varint((number << 3) | 2), varint(payload.length), payload]);

/** AnyValue bytes: a string nested `depth` levels inside arrays (or key-value lists). */
export function deepAnyValueProtobuf(depth: number, kind: 'array' | 'kvlist' = 'array'): Buffer {
  let value = field(1, Buffer.from('bottom')); // AnyValue.string_value
  for (let i = 0; i < depth; i++) {
    // AnyValue.array_value (5) → ArrayValue.values (1); AnyValue.kvlist_value (6) → KeyValueList.values (1) → KeyValue {key 1, value 2}
    value = kind === 'array' ? field(5, field(1, value)) : field(6, field(1, Buffer.concat([field(1, Buffer.from('k')), field(2, value)])));
  }
  return value;
}

/** KeyValue bytes with a raw AnyValue. */
export const keyValueProtobuf = (key: string, anyValue: Buffer) => Buffer.concat([field(1, Buffer.from(key)), field(2, anyValue)]);

/** OTLP/JSON AnyValue text: a string nested `depth` levels inside arrays or key-value lists. */
export function deepAnyValueJson(depth: number, kind: 'array' | 'kvlist' = 'array'): string {
  const open = kind === 'array' ? '{"arrayValue":{"values":[' : '{"kvlistValue":{"values":[{"key":"k","value":';
  const close = kind === 'array' ? ']}}' : '}]}}';
  return `${open.repeat(depth)}{"stringValue":"bottom"}${close.repeat(depth)}`;
}

export interface RawSpan {
  traceId: string;
  spanId: string;
  name?: string;
  startNs: string;
  endNs?: string;
  /** Extra KeyValue protobuf messages, appended as Span.attributes. */
  rawAttributes?: Buffer[];
  attributes?: Record<string, string>;
}

const type = (name: string) => ExportTraceServiceRequest.lookupType(`otlp.${name}`);
const encode = (name: string, object: object) => Buffer.from(type(name).encode(type(name).fromObject(object)).finish());

/** An ExportTraceServiceRequest with one resource and scope, as protobuf; raw attributes appended as bytes. */
export function tracesProtobuf(spans: RawSpan[], service = 'hostile'): Buffer {
  const resource = encode('Resource', { attributes: [{ key: 'service.name', value: { stringValue: service } }] });
  const scope = encode('InstrumentationScope', { name: 'hostile' });
  const spanBytes = spans.map((s) => {
    const plain = encode('Span', {
      traceId: Buffer.from(s.traceId, 'hex'),
      spanId: Buffer.from(s.spanId, 'hex'),
      name: s.name ?? 'span',
      startTimeUnixNano: s.startNs,
      endTimeUnixNano: s.endNs ?? s.startNs,
      attributes: Object.entries(s.attributes ?? {}).map(([key, v]) => ({ key, value: { stringValue: v } })),
    });
    // Span.attributes is field 9: a repeated field may be appended after the others.
    return Buffer.concat([plain, ...(s.rawAttributes ?? []).map((kv) => field(9, kv))]);
  });
  const scopeSpans = Buffer.concat([field(1, scope), ...spanBytes.map((b) => field(2, b))]);
  return field(1, Buffer.concat([field(1, resource), field(2, scopeSpans)]));
}

/** An ExportLogsServiceRequest with one snapshot log record whose body is raw AnyValue bytes. */
export function snapshotLogProtobuf(traceId: string, spanId: string, timeNs: string, rawBody: Buffer): Buffer {
  const record = encode('LogRecord', { timeUnixNano: timeNs, traceId: Buffer.from(traceId, 'hex'), spanId: Buffer.from(spanId, 'hex'), eventName: 'baton.context.snapshot' });
  // LogRecord.body is field 5.
  const withBody = Buffer.concat([record, field(5, rawBody)]);
  return field(1, field(2, field(2, withBody)));
}

export const jsonTraces = (spans: object[], service = 'hostile') =>
  JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }] });
