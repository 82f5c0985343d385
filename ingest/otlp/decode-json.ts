import { arr, attributes, enumValue, fail, id, isObj, obj, parseBody, resource, scope, str, uint32, uint64, type Json } from './json-fields';
import type { DecodedEvent, DecodedLink, DecodedResourceSpans, DecodedScopeSpans, DecodedSpan, DecodedTraces } from './types';

/**
 * Decodes `application/json` OTLP trace requests (the OTLP/JSON encoding, with
 * the field readers of json-fields.ts, shared with the logs decoder).
 * Structural errors are reported with the JSON path of the offending field.
 */

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function event(e: Json, path: string): DecodedEvent {
  if (!isObj(e)) return fail(path, 'an Event object');
  return {
    timeNs: uint64(e, 'timeUnixNano', path),
    name: str(e, 'name', path),
    ...attributes(e, path),
    droppedAttributesCount: uint32(e, 'droppedAttributesCount', path),
  };
}

function link(l: Json, path: string): DecodedLink {
  if (!isObj(l)) return fail(path, 'a Link object');
  return {
    traceId: id(l, 'traceId', path),
    spanId: id(l, 'spanId', path),
    traceState: str(l, 'traceState', path),
    ...attributes(l, path),
    droppedAttributesCount: uint32(l, 'droppedAttributesCount', path),
    flags: uint32(l, 'flags', path),
  };
}

function span(s: Json, path: string): DecodedSpan {
  if (!isObj(s)) return fail(path, 'a Span object');
  const status = obj(s, 'status', path);
  const { attrs, invalid } = attributes(s, path);
  const span: DecodedSpan = {
    traceId: id(s, 'traceId', path),
    spanId: id(s, 'spanId', path),
    parentSpanId: id(s, 'parentSpanId', path),
    traceState: str(s, 'traceState', path),
    flags: uint32(s, 'flags', path),
    name: str(s, 'name', path),
    kind: enumValue(s, 'kind', path, SPAN_KINDS),
    startNs: uint64(s, 'startTimeUnixNano', path),
    endNs: uint64(s, 'endTimeUnixNano', path),
    attrs,
    droppedAttributesCount: uint32(s, 'droppedAttributesCount', path),
    events: arr(s, 'events', path).map((e, i) => event(e, `${path}.events[${i}]`)),
    droppedEventsCount: uint32(s, 'droppedEventsCount', path),
    links: arr(s, 'links', path).map((l, i) => link(l, `${path}.links[${i}]`)),
    droppedLinksCount: uint32(s, 'droppedLinksCount', path),
    statusCode: status ? enumValue(status, 'code', `${path}.status`, STATUS_CODES) : 0,
    statusMessage: status ? str(status, 'message', `${path}.status`) : '',
  };
  if (invalid !== undefined) span.invalid = invalid;
  return span;
}

function scopeSpans(ss: Json, path: string): DecodedScopeSpans {
  if (!isObj(ss)) return fail(path, 'a ScopeSpans object');
  return {
    scope: scope(ss, path),
    spans: arr(ss, 'spans', path).map((s, i) => span(s, `${path}.spans[${i}]`)),
  };
}

function resourceSpans(rs: Json, path: string): DecodedResourceSpans {
  if (!isObj(rs)) return fail(path, 'a ResourceSpans object');
  return {
    resource: resource(rs, path),
    scopeSpans: arr(rs, 'scopeSpans', path).map((ss, i) => scopeSpans(ss, `${path}.scopeSpans[${i}]`)),
  };
}

export function decodeTracesJson(body: Uint8Array): DecodedTraces {
  const doc = parseBody(body, 'ExportTraceServiceRequest');
  return {
    resourceSpans: arr(doc, 'resourceSpans', 'body').map((rs, i) => resourceSpans(rs, `resourceSpans[${i}]`)),
  };
}
