import { emptyAttrs } from '@/lib/domain/attributes';
import { addAttribute } from './decode-protobuf-attributes';
import { ProtoReader, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader';
import type {
  DecodedEvent,
  DecodedLink,
  DecodedResource,
  DecodedResourceSpans,
  DecodedScope,
  DecodedScopeSpans,
  DecodedSpan,
  DecodedTraces,
} from './types';

/**
 * Decodes `application/x-protobuf` OTLP trace requests straight from the wire
 * into Baton's decoded form, without an intermediate message tree: the ingest
 * hot path. Field numbers follow opentelemetry-proto (trace/v1, common/v1,
 * resource/v1). The protobufjs decoder in decode-protobuf-reference.ts is the
 * oracle the tests compare this one against.
 */

function event(r: ProtoReader): DecodedEvent {
  const e: DecodedEvent = { timeNs: '0', name: '', attrs: emptyAttrs(), droppedAttributesCount: 0 };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_I64, 'Event.time_unix_nano');
        e.timeNs = r.fixed64Decimal();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'Event.name');
        e.name = r.string();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'Event.attributes');
        e.invalid ??= addAttribute(e.attrs, r.message());
        break;
      case 4:
        r.expect(wire, WIRE_VARINT, 'Event.dropped_attributes_count');
        e.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
  return e;
}

function link(r: ProtoReader): DecodedLink {
  const l: DecodedLink = { traceId: '', spanId: '', traceState: '', attrs: emptyAttrs(), droppedAttributesCount: 0, flags: 0 };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'Link.trace_id');
        l.traceId = r.hex();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'Link.span_id');
        l.spanId = r.hex();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'Link.trace_state');
        l.traceState = r.string();
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'Link.attributes');
        l.invalid ??= addAttribute(l.attrs, r.message());
        break;
      case 5:
        r.expect(wire, WIRE_VARINT, 'Link.dropped_attributes_count');
        l.droppedAttributesCount = r.uint32();
        break;
      case 6:
        r.expect(wire, WIRE_I32, 'Link.flags');
        l.flags = r.fixed32();
        break;
      default:
        r.skip(wire);
    }
  }
  return l;
}

function status(r: ProtoReader, s: DecodedSpan): void {
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 2 && wire === WIRE_LEN) s.statusMessage = r.string();
    else if (tag >>> 3 === 3 && wire === WIRE_VARINT) s.statusCode = r.uint32() | 0;
    else r.skip(wire);
  }
}

function span(r: ProtoReader): DecodedSpan {
  const s: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startNs: '0',
    endNs: '0',
    attrs: emptyAttrs(),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
  };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'Span.trace_id');
        s.traceId = r.hex();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'Span.span_id');
        s.spanId = r.hex();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'Span.trace_state');
        s.traceState = r.string();
        break;
      case 4:
        r.expect(wire, WIRE_LEN, 'Span.parent_span_id');
        s.parentSpanId = r.hex();
        break;
      case 5:
        r.expect(wire, WIRE_LEN, 'Span.name');
        s.name = r.string();
        break;
      case 6:
        r.expect(wire, WIRE_VARINT, 'Span.kind');
        s.kind = r.uint32() | 0;
        break;
      case 7:
        r.expect(wire, WIRE_I64, 'Span.start_time_unix_nano');
        s.startNs = r.fixed64Decimal();
        break;
      case 8:
        r.expect(wire, WIRE_I64, 'Span.end_time_unix_nano');
        s.endNs = r.fixed64Decimal();
        break;
      case 9:
        r.expect(wire, WIRE_LEN, 'Span.attributes');
        s.invalid ??= addAttribute(s.attrs, r.message());
        break;
      case 10:
        r.expect(wire, WIRE_VARINT, 'Span.dropped_attributes_count');
        s.droppedAttributesCount = r.uint32();
        break;
      case 11:
        r.expect(wire, WIRE_LEN, 'Span.events');
        s.events.push(event(r.message()));
        break;
      case 12:
        r.expect(wire, WIRE_VARINT, 'Span.dropped_events_count');
        s.droppedEventsCount = r.uint32();
        break;
      case 13:
        r.expect(wire, WIRE_LEN, 'Span.links');
        s.links.push(link(r.message()));
        break;
      case 14:
        r.expect(wire, WIRE_VARINT, 'Span.dropped_links_count');
        s.droppedLinksCount = r.uint32();
        break;
      case 15:
        r.expect(wire, WIRE_LEN, 'Span.status');
        status(r.message(), s);
        break;
      case 16:
        r.expect(wire, WIRE_I32, 'Span.flags');
        s.flags = r.fixed32();
        break;
      default:
        r.skip(wire);
    }
  }
  return s;
}

/** Reads a Resource message into `resource` (shared with the logs decoder). */
export function resourceInto(r: ProtoReader, resource: DecodedResource): void {
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LEN) resource.invalid ??= addAttribute(resource.attrs, r.message());
    else if (tag >>> 3 === 2 && wire === WIRE_VARINT) resource.droppedAttributesCount = r.uint32();
    else r.skip(wire);
  }
}

/** Reads an InstrumentationScope message into `scope` (shared with the logs decoder). */
export function scopeInto(r: ProtoReader, scope: DecodedScope): void {
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.name');
        scope.name = r.string();
        break;
      case 2:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.version');
        scope.version = r.string();
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'InstrumentationScope.attributes');
        scope.invalid ??= addAttribute(scope.attrs, r.message());
        break;
      case 4:
        r.expect(wire, WIRE_VARINT, 'InstrumentationScope.dropped_attributes_count');
        scope.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(wire);
    }
  }
}

function scopeSpans(r: ProtoReader): DecodedScopeSpans {
  const scope: DecodedScope = { name: '', version: '', attrs: emptyAttrs(), droppedAttributesCount: 0, schemaUrl: '' };
  const spans: DecodedSpan[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WIRE_LEN) scopeInto(r.message(), scope);
    else if (field === 2 && wire === WIRE_LEN) spans.push(span(r.message()));
    else if (field === 3 && wire === WIRE_LEN) scope.schemaUrl = r.string();
    else r.skip(wire);
  }
  return { scope, spans };
}

function resourceSpans(r: ProtoReader): DecodedResourceSpans {
  const resource: DecodedResource = { attrs: emptyAttrs(), droppedAttributesCount: 0, schemaUrl: '' };
  const scopes: DecodedScopeSpans[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WIRE_LEN) resourceInto(r.message(), resource);
    else if (field === 2 && wire === WIRE_LEN) scopes.push(scopeSpans(r.message()));
    else if (field === 3 && wire === WIRE_LEN) resource.schemaUrl = r.string();
    else r.skip(wire);
  }
  return { resource, scopeSpans: scopes };
}

export function decodeTracesProtobuf(body: Uint8Array): DecodedTraces {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length);
  const r = new ProtoReader(buf);
  const out: DecodedResourceSpans[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LEN) out.push(resourceSpans(r.message()));
    else r.skip(wire);
  }
  return { resourceSpans: out };
}
