import { analysisRowBytes, type AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import { stringAttr } from '@/lib/domain/attributes';
import { SNAPSHOT_EVENT } from '@/lib/domain/snapshot';
import { crewAiCoworker } from '@/lib/model/crewai';
import { foldSubgraphRuns, langgraphTask } from '@/lib/model/langgraph';
import { inheritAlongTree, normalizeSpan, type AgentFields } from '@/lib/model/normalize';
import { spanStatus } from '@/lib/model/span-status';
import { compareNanos } from '@/lib/domain/time';
import type { DecodedEvent, DecodedResource, DecodedScope, DecodedSpan, DecodedTraces } from './otlp/types';
import { analysisRow } from './analysis-rows';
import { durationNs, isValidId } from './otlp/values';
import { LineBuffer, runSync, type Slices } from './slices';
import { sha256, snapshotBody, snapshotRow } from './snapshot-rows';
import { TraceRollup } from './trace-rollup';

/**
 * Decoded OTLP → the rows Baton writes, serialized once here as
 * JSONCompactEachRow lines (arrays in the column order of ./columns.ts).
 * Spans that cannot be stored are rejected one by one with a reason; the rest
 * of the request goes through (OTLP partial success).
 */

const KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

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
  /** What the analysis reads of these spans, handed to the analyzer after the commit. */
  analysis?: AnalysisSpanRow[];
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
  /** Every row's project, whatever `baton.project` says: the project of the request's stored ingest key. */
  project?: string;
}

export function rowOptions(retentionDays: number, now = Date.now(), project?: string): RowOptions {
  const opts: RowOptions = { oldestStartMs: now - retentionDays * 86_400_000, newestStartMs: now + 86_400_000 };
  if (project !== undefined) opts.project = project;
  return opts;
}

/** The latest time DateTime64(9) can hold (2262-04-11T23:47:16.854775807Z), in nanoseconds. */
const LATEST_STORABLE_NS = '9223372036854775807';

const msOf = (ns: string) => Number(ns.slice(0, -6) || '0');

/** Whether a time (ns text) is inside the window spans may start in. */
function inWindow(ns: string, opts: RowOptions): boolean {
  const t = msOf(ns);
  return t >= opts.oldestStartMs && t <= opts.newestStartMs;
}

/** Why the span cannot be stored, or undefined. Checked before anything reaches ClickHouse (docs/reliability.md). */
function rejectionReason(s: DecodedSpan, resource: DecodedResource, scope: DecodedScope, opts: RowOptions): string | undefined {
  if (!isValidId(s.traceId, 16)) return `invalid trace id "${s.traceId.slice(0, 40)}" (must be 16 bytes, not all zero)`;
  if (!isValidId(s.spanId, 8)) return `invalid span id "${s.spanId.slice(0, 24)}" (must be 8 bytes, not all zero)`;
  if (s.parentSpanId !== '' && !isValidId(s.parentSpanId, 8))
    return `invalid parent span id "${s.parentSpanId.slice(0, 24)}" (must be empty or 8 bytes)`;
  if (s.startNs === '0') return 'missing start time';
  const startMs = msOf(s.startNs);
  if (startMs < opts.oldestStartMs) return 'start time is older than the retention period';
  if (startMs > opts.newestStartMs) return 'start time is more than a day in the future';
  if (compareNanos(s.endNs, LATEST_STORABLE_NS) > 0) return 'end time is after 2262-04-11, the latest time Baton can store';
  if (s.invalid !== undefined) return s.invalid;
  if (resource.invalid !== undefined) return `resource: ${resource.invalid}`;
  if (scope.invalid !== undefined) return `instrumentation scope: ${scope.invalid}`;
  const event = s.events.find((e) => e.invalid !== undefined);
  if (event) return `event "${event.name.slice(0, 100)}": ${event.invalid}`;
  const link = s.links.find((l) => l.invalid !== undefined);
  if (link) return `link: ${link.invalid}`;
  return undefined;
}

/**
 * OTLP requires an end time at or after the start: a span without one (0) or
 * ending before it starts is stored as ending when it starts (duration 0).
 */
function clampEnd(s: DecodedSpan): void {
  if (s.endNs === '0' || compareNanos(s.endNs, s.startNs) < 0) s.endNs = s.startNs;
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

function eventSnapshotRow(p: Pending, e: DecodedEvent, hash: string, opts: RowOptions): string {
  const f = p.fields;
  const place = {
    project: f.project,
    traceId: p.span.traceId,
    spanId: p.span.spanId,
    // A snapshot without a time, or with one outside the window spans may start in, is placed at its span's start.
    timeNs: inWindow(e.timeNs, opts) ? e.timeNs : p.span.startNs,
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

function spanRow(p: Pending, events: StoredEvent[], status: string, links: string): string {
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
    status,
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
    links,
    s.droppedAttributesCount,
    s.droppedEventsCount,
    s.droppedLinksCount,
    f.tool,
    p.resourceHash,
  ]);
}

/** Requests of more spans carry no analysis rows: holding them costs more than reading them back. */
const ANALYSIS_ROWS_UP_TO = 8_192;

/** Spans handled between two chances for other work to run (./slices.ts). */
const SLICE = 1_000;

function* accept(traces: DecodedTraces, opts: RowOptions, batch: RowBatch): Slices<Pending[]> {
  const pending: Pending[] = [];
  for (const rs of traces.resourceSpans) {
    const content = resourceContent(rs.resource);
    const resourceHash = sha256(content);
    let used = false;
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const reason = rejectionReason(span, rs.resource, ss.scope, opts);
        if (reason) {
          reject(batch, reason);
          continue;
        }
        clampEnd(span);
        used = true;
        const fields = normalizeSpan(span.attrs, rs.resource.attrs, span.name);
        if (opts.project !== undefined) fields.project = opts.project;
        pending.push({ span, resourceHash, scope: ss.scope, fields });
        if (pending.length % SLICE === 0) yield;
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
  for (const row of batch.analysis ?? []) bytes += analysisRowBytes(row);
  return bytes;
}

/** Builds a request's rows, in slices (see ./slices.ts for how they are run). */
export function* buildRows(traces: DecodedTraces, opts: RowOptions): Slices<RowBatch> {
  const batch = emptyBatch();
  const pending = yield* accept(traces, opts, batch);
  const task = (p: Pending) => (p.fields.type === 'agent' ? langgraphTask(stringAttr(p.span.attrs, 'metadata')) : undefined);
  foldSubgraphRuns(pending.map((p) => ({ spanId: p.span.spanId, parentSpanId: p.span.parentSpanId, task: task(p), fields: p.fields })));
  inheritAlongTree(pending.map((p) => ({ spanId: p.span.spanId, parentSpanId: p.span.parentSpanId, fields: p.fields, runs: crewAiCoworker(p.fields.tool, () => stringAttr(p.span.attrs, 'input.value')) })));

  const spans = new LineBuffer();
  const snapshots = new LineBuffer();
  const rollup = new TraceRollup();
  const analysis: AnalysisSpanRow[] = [];
  for (const [i, p] of pending.entries()) {
    const events = p.span.events.map((e) => {
      if (e.name !== SNAPSHOT_EVENT) return eventJson(e);
      const { body, hash } = snapshotBody(e.attrs);
      batch.bodies.set(hash, body);
      snapshots.push(eventSnapshotRow(p, e, hash, opts));
      return eventJson(e, hash);
    });
    const status = spanStatus(p.span.statusCode, p.span.statusMessage, p.span.events);
    const links = linksJson(p.span);
    spans.push(spanRow(p, events, status, links));
    if (pending.length <= ANALYSIS_ROWS_UP_TO) analysis.push(analysisRow(p.span, p.fields, status, links));
    rollup.add(p.span, p.fields);
    if (i % SLICE === SLICE - 1) yield;
  }
  batch.spans = spans.toBuffer();
  batch.snapshots = snapshots.toBuffer();
  batch.traces = lines(rollup.rows());
  batch.touched = rollup.traces();
  batch.analysis = analysis;
  batch.bytes = batchBytes(batch);
  batch.accepted = pending.length;
  return batch;
}

/** A request's rows, built in one go (tests, and callers with small batches). */
export const toRows = (traces: DecodedTraces, opts: RowOptions): RowBatch => runSync(buildRows(traces, opts));
