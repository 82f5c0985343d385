import { createHash } from 'node:crypto';
import { decodeAttrs, stringAttr, type EncodedAttrs } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { inheritAlongTree, normalizeSpan, type AgentFields } from '@/lib/model/normalize';
import type { DecodedEvent, DecodedSpan, DecodedTraces } from './otlp/types';
import { durationNs, isValidId } from './otlp/values';

/**
 * Decoded OTLP → the rows Baton writes, serialized as JSONEachRow lines.
 * Spans that cannot be stored are rejected one by one with a reason; the rest
 * of the request goes through (OTLP partial success).
 */

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];

export interface RowBatch {
  spans: string[];
  snapshots: string[];
  /** Content-addressed snapshot bodies, by hash: identical bodies are written once. */
  bodies: Map<string, string>;
  /** Approximate bytes held by this batch (for the writer's queue bound). */
  bytes: number;
  accepted: number;
  rejected: number;
  /** A few distinct reasons for rejected spans, for the partial-success message. */
  reasons: string[];
}

export interface RowOptions {
  /** Spans that started before this time (ms) are rejected: retention would drop them at once. */
  oldestStartMs: number;
  /** Spans that start after this time (ms) are rejected: a broken clock. */
  newestStartMs: number;
}

export function rowOptions(retentionDays: number, now = Date.now()): RowOptions {
  return { oldestStartMs: now - retentionDays * 86_400_000, newestStartMs: now + 86_400_000 };
}

function rejectionReason(s: DecodedSpan, opts: RowOptions): string | undefined {
  if (!isValidId(s.traceId, 16)) return `invalid trace id "${s.traceId.slice(0, 40)}" (must be 16 bytes, not all zero)`;
  if (!isValidId(s.spanId, 8)) return `invalid span id "${s.spanId.slice(0, 24)}" (must be 8 bytes, not all zero)`;
  if (s.parentSpanId !== '' && !isValidId(s.parentSpanId, 8))
    return `invalid parent span id "${s.parentSpanId.slice(0, 24)}" (must be empty or 8 bytes)`;
  if (s.startNs === '0') return 'missing start time';
  const startMs = Number(s.startNs.slice(0, -6) || '0');
  if (startMs < opts.oldestStartMs) return 'start time is older than the retention period';
  if (startMs > opts.newestStartMs) return 'start time is more than a day in the future';
  return undefined;
}

interface Pending {
  span: DecodedSpan;
  resource: EncodedAttrs;
  resourceDropped: number;
  resourceSchemaUrl: string;
  scope: DecodedTraces['resourceSpans'][number]['scopeSpans'][number]['scope'];
  fields: AgentFields;
}

function canonicalBody(attrs: EncodedAttrs): string {
  return JSON.stringify(decodeAttrs(attrs.values, attrs.types));
}

function eventJson(e: DecodedEvent, ref?: string) {
  return ref
    ? { time: e.timeNs, name: e.name, values: {}, types: {}, dropped: e.droppedAttributesCount, ref }
    : { time: e.timeNs, name: e.name, values: e.attrs.values, types: e.attrs.types, dropped: e.droppedAttributesCount };
}

function snapshotRow(p: Pending, f: AgentFields, e: DecodedEvent, hash: string): string {
  const time = e.timeNs !== '0' ? e.timeNs : p.span.startNs;
  return JSON.stringify({
    project: f.project,
    trace_id: p.span.traceId,
    span_id: p.span.spanId,
    time,
    session_id: f.sessionId,
    agent: stringAttr(e.attrs, 'baton.agent.name') ?? f.agent,
    phase: stringAttr(e.attrs, 'baton.snapshot.phase') ?? '',
    handoff_id: stringAttr(e.attrs, 'baton.handoff.id') ?? '',
    handoff_to: stringAttr(e.attrs, 'baton.handoff.to') ?? '',
    body_hash: hash,
    source: 'span_event',
  });
}

function spanRow(p: Pending, f: AgentFields, events: ReturnType<typeof eventJson>[]): string {
  const s = p.span;
  return JSON.stringify({
    project: f.project,
    trace_id: s.traceId,
    span_id: s.spanId,
    parent_span_id: s.parentSpanId,
    trace_state: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: KINDS[s.kind] ?? 'unspecified',
    start_time: s.startNs,
    end_time: s.endNs,
    duration_ns: durationNs(s.startNs, s.endNs),
    status_code: STATUSES[s.statusCode] ?? 'unset',
    status_message: s.statusMessage,
    service: f.service,
    session_id: f.sessionId,
    user_id: f.userId,
    agent: f.agent,
    type: f.type,
    model: f.model,
    input_tokens: f.inputTokens,
    output_tokens: f.outputTokens,
    attributes: s.attrs.values,
    attribute_types: s.attrs.types,
    resource_attributes: p.resource.values,
    resource_attribute_types: p.resource.types,
    resource_dropped_attributes_count: p.resourceDropped,
    resource_schema_url: p.resourceSchemaUrl,
    scope_name: p.scope.name,
    scope_version: p.scope.version,
    scope_attributes: p.scope.attrs.values,
    scope_attribute_types: p.scope.attrs.types,
    scope_schema_url: p.scope.schemaUrl,
    events: JSON.stringify(events),
    links: JSON.stringify(
      s.links.map((l) => ({
        traceId: l.traceId,
        spanId: l.spanId,
        traceState: l.traceState,
        values: l.attrs.values,
        types: l.attrs.types,
        dropped: l.droppedAttributesCount,
        flags: l.flags,
      })),
    ),
    dropped_attributes_count: s.droppedAttributesCount,
    dropped_events_count: s.droppedEventsCount,
    dropped_links_count: s.droppedLinksCount,
  });
}

export function toRows(traces: DecodedTraces, opts: RowOptions): RowBatch {
  const batch: RowBatch = { spans: [], snapshots: [], bodies: new Map(), bytes: 0, accepted: 0, rejected: 0, reasons: [] };
  const pending: Pending[] = [];
  for (const rs of traces.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const reason = rejectionReason(span, opts);
        if (reason) {
          batch.rejected++;
          if (batch.reasons.length < 5 && !batch.reasons.includes(reason)) batch.reasons.push(reason);
          continue;
        }
        const fields = normalizeSpan(span.attrs, rs.resource.attrs, span.name);
        pending.push({
          span,
          resource: rs.resource.attrs,
          resourceDropped: rs.resource.droppedAttributesCount,
          resourceSchemaUrl: rs.resource.schemaUrl,
          scope: ss.scope,
          fields,
        });
      }
    }
  }
  inheritAlongTree(pending.map((p) => ({ spanId: p.span.spanId, parentSpanId: p.span.parentSpanId, fields: p.fields })));

  for (const p of pending) {
    const f = p.fields;
    const events = p.span.events.map((e) => {
      if (e.name !== SNAPSHOT_EVENT) return eventJson(e);
      const body = canonicalBody(e.attrs);
      const hash = createHash('sha256').update(body).digest('hex');
      batch.bodies.set(hash, body);
      const row = snapshotRow(p, f, e, hash);
      batch.snapshots.push(row);
      batch.bytes += row.length;
      return eventJson(e, hash);
    });
    const row = spanRow(p, f, events);
    batch.spans.push(row);
    batch.bytes += row.length;
  }
  for (const body of batch.bodies.values()) batch.bytes += body.length;
  batch.accepted = pending.length;
  return batch;
}
