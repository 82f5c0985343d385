import type { EncodedAttrs } from '@/lib/domain/attributes';
import type { Typed } from './values';

/**
 * OTLP trace and log data after decoding, the same shape whichever encoding
 * it came in (protobuf or JSON). Ids are lower-case hex; times are unsigned
 * decimal nanoseconds since the epoch, kept as text so no precision is lost.
 */

export interface DecodedResource {
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  schemaUrl: string;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedScope {
  name: string;
  version: string;
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  schemaUrl: string;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedEvent {
  timeNs: string;
  name: string;
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  flags: number;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  /** OTLP SpanKind number (0 unspecified … 5 consumer). */
  kind: number;
  startNs: string;
  endNs: string;
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  events: DecodedEvent[];
  droppedEventsCount: number;
  links: DecodedLink[];
  droppedLinksCount: number;
  /** OTLP StatusCode number (0 unset, 1 ok, 2 error). */
  statusCode: number;
  statusMessage: string;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedScopeSpans {
  scope: DecodedScope;
  spans: DecodedSpan[];
}

export interface DecodedResourceSpans {
  resource: DecodedResource;
  scopeSpans: DecodedScopeSpans[];
}

export interface DecodedTraces {
  resourceSpans: DecodedResourceSpans[];
}

/** One OTLP LogRecord (logs/v1); Baton stores only context snapshot events. */
export interface DecodedLogRecord {
  timeNs: string;
  observedTimeNs: string;
  /** OTLP SeverityNumber (0 unspecified, 1 trace … 24 fatal4). */
  severityNumber: number;
  severityText: string;
  body: Typed;
  attrs: EncodedAttrs;
  droppedAttributesCount: number;
  flags: number;
  traceId: string;
  spanId: string;
  eventName: string;
  /** Why this cannot be stored, found while decoding (a value nested too deep); its spans or records are rejected. */
  invalid?: string;
}

export interface DecodedScopeLogs {
  scope: DecodedScope;
  logRecords: DecodedLogRecord[];
}

export interface DecodedResourceLogs {
  resource: DecodedResource;
  scopeLogs: DecodedScopeLogs[];
}

export interface DecodedLogs {
  resourceLogs: DecodedResourceLogs[];
}

/** The request body could not be decoded: answered with 400 and the message. */
export class MalformedPayloadError extends Error {
  override name = 'MalformedPayloadError';
}
