import { stringAttr } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { inheritAlongTree, normalizeSpan, type AgentFields } from '@/lib/model/normalize';
import type { DecodedEvent, DecodedResource, DecodedScope, DecodedSpan, DecodedTraces } from './otlp/types';
import { durationNs, isValidId } from './otlp/values';
import { sha256, snapshotBody, snapshotRow } from './snapshot-rows';
import { TraceRollup } from './trace-rollup';

/**
 * Decoded OTLP → the rows Baton writes, serialized once here as
 * JSONCompactEachRow lines (arrays in the column order of ./columns.ts).
 * Spans that cannot be stored are rejected one by one with a reason; the rest
 * of the request goes through (OTLP partial success).
 */

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES = ['unset', 'ok', 'error'];

/**
 * One request's rows, each table's as a JSONCompactEachRow buffer (a line per
 * row). Buffers live outside the JS heap: a request waiting in the write queue
 * does not hold thousands of strings for the garbage collector to promote.
 */
export interface RowBatch {
  spans: Buffer;
  traces: Buffer;
  snapshots: Buffer;
  /** Content-addressed snapshot bodies, by hash: identical bodies are written once. */
  bodies: Map<string, string>;
  /** Content-addressed resources, by hash: JSON of [attributes, types, dropped, schema URL]. */
  resources: Map<string, string>;
  /** The traces these rows belong to: the analyzer looks at them after the commit. */
  touched?: { project: string; traceId: string }[];
  /** Bytes held by this batch (for the writer's queue bound). */
  bytes: number;
  accepted: number;
  rejected: number;
  /** A few distinct reasons for rejected spans (or snapshot log records), for the partial-success message. */
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
  resourceHash: string;
  scope: DecodedScope;
  fields: AgentFields;
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as T;
  return out;
}

/** A resource's stored content, canonical (sorted keys) so the same resource always hashes the same. */
function resourceContent(r: DecodedResource): string {
  return JSON.stringify([sortedKeys(r.attrs.values), sortedKeys(r.attrs.types), r.droppedAttributesCount, r.schemaUrl]);
}

type StoredEvent = ReturnType<typeof eventJson>;

function eventJson(e: DecodedEvent, ref?: string) {
  return ref
    ? { time: e.timeNs, name: e.name, values: {}, types: {}, dropped: e.droppedAttributesCount, ref }
    : { time: e.timeNs, name: e.name, values: e.attrs.values, types: e.attrs.types, dropped: e.droppedAttributesCount };
}

function eventSnapshotRow(p: Pending, e: DecodedEvent, hash: string): string {
  const f = p.fields;
  const place = {
    project: f.project,
    traceId: p.span.traceId,
    spanId: p.span.spanId,
    timeNs: e.timeNs !== '0' ? e.timeNs : p.span.startNs,
    sessionId: f.sessionId,
    agent: stringAttr(e.attrs, 'baton.agent.name') ?? f.agent,
    source: 'span_event' as const,
  };
  return snapshotRow(place, e.attrs, hash);
}

function linksJson(s: DecodedSpan): string {
  if (s.links.length === 0) return '[]';
  return JSON.stringify(
    s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      values: l.attrs.values,
      types: l.attrs.types,
      dropped: l.droppedAttributesCount,
      flags: l.flags,
    })),
  );
}

function spanRow(p: Pending, events: StoredEvent[]): string {
  const s = p.span;
  const f = p.fields;
  return JSON.stringify([
    f.project,
    s.traceId,
    s.spanId,
    s.parentSpanId,
    s.traceState,
    s.flags,
    s.name,
    KINDS[s.kind] ?? 'unspecified',
    s.startNs,
    s.endNs,
    durationNs(s.startNs, s.endNs),
    STATUSES[s.statusCode] ?? 'unset',
    s.statusMessage,
    f.service,
    f.sessionId,
    f.userId,
    f.agent,
    f.type,
    f.model,
    f.inputTokens,
    f.outputTokens,
    s.attrs.values,
    s.attrs.types,
    p.resourceHash,
    p.scope.name,
    p.scope.version,
    p.scope.attrs.values,
    p.scope.attrs.types,
    p.scope.schemaUrl,
    events.length === 0 ? '[]' : JSON.stringify(events),
    linksJson(s),
    s.droppedAttributesCount,
    s.droppedEventsCount,
    s.droppedLinksCount,
    f.tool,
    p.resourceHash,
  ]);
}

function accept(traces: DecodedTraces, opts: RowOptions, batch: RowBatch): Pending[] {
  const pending: Pending[] = [];
  for (const rs of traces.resourceSpans) {
    const content = resourceContent(rs.resource);
    const resourceHash = sha256(content);
    let used = false;
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const reason = rejectionReason(span, opts);
        if (reason) {
          reject(batch, reason);
          continue;
        }
        used = true;
        pending.push({ span, resourceHash, scope: ss.scope, fields: normalizeSpan(span.attrs, rs.resource.attrs, span.name) });
      }
    }
    if (used) batch.resources.set(resourceHash, content);
  }
  return pending;
}

/** Counts one rejected item and keeps a few distinct reasons for the partial-success message. */
export function reject(batch: RowBatch, reason: string): void {
  batch.rejected++;
  if (batch.reasons.length < 5 && !batch.reasons.includes(reason)) batch.reasons.push(reason);
}

/** Rows as a JSONCompactEachRow buffer. */
export function lines(rows: string[]): Buffer {
  return rows.length === 0 ? EMPTY : Buffer.from(`${rows.join('\n')}\n`, 'utf8');
}

const EMPTY = Buffer.alloc(0);

export function emptyBatch(): RowBatch {
  return {
    spans: EMPTY,
    traces: EMPTY,
    snapshots: EMPTY,
    bodies: new Map(),
    resources: new Map(),
    bytes: 0,
    accepted: 0,
    rejected: 0,
    reasons: [],
  };
}

/** Bytes a batch holds, for the writer's queue bound. */
export function batchBytes(batch: RowBatch): number {
  let bytes = batch.spans.length + batch.snapshots.length + batch.traces.length;
  for (const body of batch.bodies.values()) bytes += body.length;
  for (const resource of batch.resources.values()) bytes += resource.length;
  return bytes;
}

export function toRows(traces: DecodedTraces, opts: RowOptions): RowBatch {
  const batch = emptyBatch();
  const pending = accept(traces, opts, batch);
  inheritAlongTree(pending.map((p) => ({ spanId: p.span.spanId, parentSpanId: p.span.parentSpanId, fields: p.fields })));

  const spans: string[] = [];
  const snapshots: string[] = [];
  const rollup = new TraceRollup();
  for (const p of pending) {
    const events = p.span.events.map((e) => {
      if (e.name !== SNAPSHOT_EVENT) return eventJson(e);
      const { body, hash } = snapshotBody(e.attrs);
      batch.bodies.set(hash, body);
      snapshots.push(eventSnapshotRow(p, e, hash));
      return eventJson(e, hash);
    });
    spans.push(spanRow(p, events));
    rollup.add(p.span, p.fields);
  }
  batch.spans = lines(spans);
  batch.snapshots = lines(snapshots);
  batch.traces = lines(rollup.rows());
  batch.touched = rollup.traces();
  batch.bytes = batchBytes(batch);
  batch.accepted = pending.length;
  return batch;
}
