import { emptyAttrs, type EncodedAttrs } from '@/lib/domain/attributes';
import { ExportTraceServiceRequest } from './schema';
import {
  MalformedPayloadError,
  type DecodedEvent,
  type DecodedLink,
  type DecodedResourceSpans,
  type DecodedSpan,
  type DecodedTraces,
} from './types';
import { bytesToHex, int64ToDecimal, putAttr, uint64ToDecimal, type Typed } from './values';

/**
 * The reference decoder of `application/x-protobuf` OTLP trace requests, on
 * protobufjs. The receiver uses the hand-written decoder in decode-protobuf.ts,
 * which is several times faster (npm run bench); tests check the two agree.
 */

interface PbLong {
  low: number;
  high: number;
}
type PbInt = number | PbLong | null | undefined;

interface PbAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: PbInt;
  doubleValue?: number;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
  bytesValue?: Uint8Array;
}
interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}
interface PbEvent {
  timeUnixNano?: PbInt;
  name?: string;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
}
interface PbLink {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}
interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: PbInt;
  endTimeUnixNano?: PbInt;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  events?: PbEvent[];
  droppedEventsCount?: number;
  links?: PbLink[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string } | null;
  flags?: number;
}
interface PbRequest {
  resourceSpans?: {
    resource?: { attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
    schemaUrl?: string;
    scopeSpans?: {
      scope?: { name?: string; version?: string; attributes?: PbKeyValue[]; droppedAttributesCount?: number } | null;
      schemaUrl?: string;
      spans?: PbSpan[];
    }[];
  }[];
}

function uint64(v: PbInt): string {
  if (v === null || v === undefined) return '0';
  if (typeof v === 'number') return String(v);
  return uint64ToDecimal(v.low, v.high);
}

function int64(v: PbInt): string {
  if (v === null || v === undefined) return '0';
  if (typeof v === 'number') return String(v);
  return int64ToDecimal(v.low, v.high);
}

function typed(any: PbAnyValue | null | undefined): Typed {
  switch (any?.value) {
    case 'stringValue':
      return { t: 'string', v: any.stringValue ?? '' };
    case 'boolValue':
      return { t: 'bool', v: any.boolValue === true };
    case 'intValue':
      return { t: 'int', v: int64(any.intValue) };
    case 'doubleValue':
      return { t: 'double', v: any.doubleValue ?? 0 };
    case 'arrayValue':
      return { t: 'array', v: (any.arrayValue?.values ?? []).map(typed) };
    case 'kvlistValue':
      return { t: 'kvlist', v: (any.kvlistValue?.values ?? []).map((kv) => [kv.key ?? '', typed(kv.value)]) };
    case 'bytesValue':
      return { t: 'bytes', v: Buffer.from(any.bytesValue ?? []).toString('base64') };
    default:
      return { t: 'empty' };
  }
}

function attrsOf(list: PbKeyValue[] | undefined): EncodedAttrs {
  const attrs = emptyAttrs();
  if (!list) return attrs;
  for (const kv of list) {
    const value = kv.value;
    // Strings are most attributes: skip the intermediate value for them.
    if (value?.value === 'stringValue') attrs.values[kv.key ?? ''] = value.stringValue ?? '';
    else putAttr(attrs, kv.key ?? '', typed(value));
  }
  return attrs;
}

function event(e: PbEvent): DecodedEvent {
  return {
    timeNs: uint64(e.timeUnixNano),
    name: e.name ?? '',
    attrs: attrsOf(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount ?? 0,
  };
}

function link(l: PbLink): DecodedLink {
  return {
    traceId: bytesToHex(l.traceId),
    spanId: bytesToHex(l.spanId),
    traceState: l.traceState ?? '',
    attrs: attrsOf(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount ?? 0,
    flags: l.flags ?? 0,
  };
}

function span(s: PbSpan): DecodedSpan {
  return {
    traceId: bytesToHex(s.traceId),
    spanId: bytesToHex(s.spanId),
    parentSpanId: bytesToHex(s.parentSpanId),
    traceState: s.traceState ?? '',
    flags: s.flags ?? 0,
    name: s.name ?? '',
    kind: s.kind ?? 0,
    startNs: uint64(s.startTimeUnixNano),
    endNs: uint64(s.endTimeUnixNano),
    attrs: attrsOf(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount ?? 0,
    events: (s.events ?? []).map(event),
    droppedEventsCount: s.droppedEventsCount ?? 0,
    links: (s.links ?? []).map(link),
    droppedLinksCount: s.droppedLinksCount ?? 0,
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

export function decodeTracesProtobufReference(body: Uint8Array): DecodedTraces {
  let message: PbRequest;
  try {
    message = ExportTraceServiceRequest.decode(body) as unknown as PbRequest;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MalformedPayloadError(`body is not a valid ExportTraceServiceRequest protobuf: ${reason}`);
  }
  const resourceSpans: DecodedResourceSpans[] = (message.resourceSpans ?? []).map((rs) => ({
    resource: {
      attrs: attrsOf(rs.resource?.attributes),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
      schemaUrl: rs.schemaUrl ?? '',
    },
    scopeSpans: (rs.scopeSpans ?? []).map((ss) => ({
      scope: {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version ?? '',
        attrs: attrsOf(ss.scope?.attributes),
        droppedAttributesCount: ss.scope?.droppedAttributesCount ?? 0,
        schemaUrl: ss.schemaUrl ?? '',
      },
      spans: (ss.spans ?? []).map(span),
    })),
  }));
  return { resourceSpans };
}
