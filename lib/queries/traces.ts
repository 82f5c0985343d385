import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { decodeAttrs } from '@/lib/domain/attributes';
import { compareNanos, nanosToIso } from '@/lib/domain/time';
import { crewAiCoworker } from '@/lib/model/crewai';
import { foldSubgraphRuns, langgraphTask } from '@/lib/model/langgraph';
import { inheritAlongTree } from '@/lib/model/normalize';
import { paginate } from '@/lib/schemas/common';
import {
  type Span,
  type TraceDetail,
  type TraceList,
  type TraceListParams,
  type TraceSummary,
} from '@/lib/schemas/api';
import { analysisFailureRead, toAnalysisFailure } from '@/lib/analyzer/failures';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { stringMap } from '@/lib/db/row-schemas';
import { selectBatch, selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { logSnapshotsRead, mergeLogSnapshots, toLogSnapshots, traceBodiesRead } from './log-snapshots';
import { toSnapshotBodies } from './snapshot-bodies';
import { handoffsOfTraceRead, toTraceHandoffs } from './handoffs';
import { snapshotViews } from './snapshot-views';
import { parseEvents, SPAN_COLUMNS, spanRowSchema, toSpan, type Lookups } from './span-rows';
import { compareText } from '@/lib/domain/compare';

/**
 * Trace reads. Look-back: lists read the `traces` rollup within [from, to]
 * (partitions by day, plus one day of slack for traces whose later spans
 * landed in a later insert); a single trace is located through the rollup,
 * then its spans are read from the days it covers only.
 */

/** Most spans one trace response carries; the rest is reported as truncated. */
export const MAX_TRACE_SPANS = 50_000;

const summaryRow = z.object({
  trace_id: z.string(),
  session_id: z.string(),
  root_name: z.string(),
  root_service: z.string(),
  start_ns: z.string(),
  duration_ns: z.coerce.number(),
  last_start_ns: z.string(),
  agents: z.array(z.string()),
  services: z.array(z.string()),
});

const countRow = z.object({ trace_id: z.string(), spans: z.coerce.number(), errors: z.coerce.number() });

/**
 * Exact span and error counts of the listed traces, from spans: one
 * primary-key range per trace, within the traces' time bounds. Each span is
 * counted once, with the status of its first stored copy (the one shown).
 */
const COUNTS_SQL = `
SELECT trace_id, count() AS spans, countIf(status_code = 'error') AS errors
FROM (
  SELECT trace_id, span_id, status_code
  FROM spans
  WHERE ${inScope()} AND trace_id IN (SELECT arrayJoin({ids:Array(String)}))
    AND start_time >= fromUnixTimestamp64Nano(toInt64({start:String}))
    AND start_time <= fromUnixTimestamp64Nano(toInt64({end:String}))
  ORDER BY ${SPAN_COPY_ORDER}
  LIMIT 1 BY trace_id, span_id
)
GROUP BY trace_id`;

async function spanCounts(client: ClickHouseClient, page: z.infer<typeof summaryRow>[]): Promise<Map<string, { spans: number; errors: number }>> {
  const counts = new Map<string, { spans: number; errors: number }>();
  if (page.length === 0) return counts;
  const start = page.map((r) => r.start_ns).sort(compareNanos)[0] as string;
  const end = page.map((r) => r.last_start_ns).sort(compareNanos)[page.length - 1] as string;
  const found = await selectRows(client, countRow, COUNTS_SQL, { ids: page.map((r) => r.trace_id), start, end }, 'traceCounts');
  for (const r of found) counts.set(r.trace_id, { spans: r.spans, errors: r.errors });
  return counts;
}

function toSummary(r: z.infer<typeof summaryRow>, counts: { spans: number; errors: number } | undefined): TraceSummary {
  return {
    traceId: r.trace_id,
    sessionId: r.session_id,
    service: r.root_service || r.services[0] || '',
    rootName: r.root_name,
    agents: [...r.agents].sort(),
    startTime: nanosToIso(r.start_ns),
    durationNs: Math.max(0, r.duration_ns),
    spans: counts?.spans ?? 0,
    errors: counts?.errors ?? 0,
  };
}

const LIST_SQL = `
SELECT
  trace_id,
  min(session) AS session_tuple,
  if(session_tuple.1 = 0, session_tuple.3, '') AS session_id,
  min(root) AS root_tuple,
  root_tuple.3 AS root_name,
  root_tuple.4 AS root_service,
  min(start_time) AS trace_start,
  toString(toUnixTimestamp64Nano(trace_start)) AS start_ns,
  toUnixTimestamp64Nano(max(end_time)) - toUnixTimestamp64Nano(trace_start) AS duration_ns,
  toString(toUnixTimestamp64Nano(max(last_start))) AS last_start_ns,
  groupUniqArrayArray(agents) AS agents,
  groupUniqArrayArray(services) AS services
FROM traces
WHERE ${inScope()}
  AND day >= toDate(fromUnixTimestamp64Milli({from:Int64}))
  AND day <= toDate(fromUnixTimestamp64Milli({to:Int64})) + 1
  AND (empty({ids:Array(String)}) OR trace_id IN (SELECT arrayJoin({ids:Array(String)})))
GROUP BY trace_id
HAVING trace_start >= fromUnixTimestamp64Milli({from:Int64})
  AND trace_start <= fromUnixTimestamp64Milli({to:Int64})
  AND ({service:String} = '' OR has(services, {service:String}))
  AND ({agent:String} = '' OR has(agents, {agent:String}))
  AND ({q:String} = ''
       OR positionCaseInsensitiveUTF8(root_name, {q:String}) > 0
       OR trace_id = lower({q:String})
       OR session_id = {q:String})
  AND ({cursorNs:String} = ''
       OR (toUnixTimestamp64Nano(trace_start), trace_id) < (toInt64OrZero({cursorNs:String}), {cursorId:String}))
ORDER BY trace_start DESC, trace_id DESC
LIMIT {limit:UInt32}`;

export async function listTraces(client: ClickHouseClient, p: TraceListParams): Promise<TraceList> {
  const found = await selectRows(
    client,
    summaryRow,
    LIST_SQL,
    {
      from: p.from,
      to: p.to,
      service: p.service ?? '',
      agent: p.agent ?? '',
      q: p.q ?? '',
      cursorNs: p.cursor?.t ?? '',
      cursorId: p.cursor?.id ?? '',
      ids: [],
      limit: p.limit + 1,
    },
    'listTraces',
  );
  const { page, nextCursor } = paginate(found, p.limit, (last) => ({ t: last.start_ns, id: last.trace_id }));
  const counts = await spanCounts(client, page);
  return { traces: page.map((r) => toSummary(r, counts.get(r.trace_id))), nextCursor };
}

/** Summaries of the given traces (those that started within [fromMs, toMs]), oldest first. */
export async function traceSummaries(client: ClickHouseClient, ids: string[], fromMs: number, toMs: number): Promise<TraceSummary[]> {
  if (ids.length === 0) return [];
  const found = await selectRows(
    client,
    summaryRow,
    LIST_SQL,
    { from: fromMs, to: toMs, service: '', agent: '', q: '', cursorNs: '', cursorId: '', ids, limit: ids.length },
    'traceSummaries',
  );
  const counts = await spanCounts(client, found);
  return found.map((r) => toSummary(r, counts.get(r.trace_id))).reverse();
}

/**
 * Every stored copy of the trace's spans, by trace id alone: the primary key
 * finds the one granule holding the trace in each part, in every partition.
 * Bounding the days first (from the `traces` rollup, in a query of its own or
 * as a scalar subquery) costs more than it saves: over 10,000,000 stored spans
 * in 22 parts, 3.6 ms for the ids by trace id alone against 12.5 ms within
 * bounds. Copies are resolved in code (`firstCopies`), which is cheaper than a
 * window and LIMIT BY in the engine (24 → 19 ms for an 8-span trace there).
 */
const SPANS_SQL = `
SELECT ${SPAN_COLUMNS}, toString(toUnixTimestamp64Milli(ingested_at)) AS ingested_ms
FROM spans
WHERE ${inScope()} AND trace_id = {traceId:String}
ORDER BY start_time, span_id, ${SPAN_COPY_ORDER}
LIMIT {limit:UInt32}`;

/** Rows read for one trace: room for every span of a full page twice over (redelivered copies). */
const MAX_TRACE_ROWS = 2 * MAX_TRACE_SPANS + 1;

const storedCopy = spanRowSchema.extend({ ingested_ms: z.string() });
type StoredCopy = z.infer<typeof storedCopy>;
type KeptSpan = StoredCopy & { ignored_copies: number };

/**
 * The first stored copy of each span (ARCHITECTURE.md, "Idempotent spans":
 * earliest ingested, then the lower resource hash), in start order, with how
 * many of its other copies came from another resource (a retry from the same
 * one is no news). Merges never drop those (resource_key ends the sort key),
 * so the count lasts; only copies stored before schema v6 may have merged away.
 */
function firstCopies(rows: readonly StoredCopy[]): KeptSpan[] {
  const bySpan = new Map<string, StoredCopy[]>();
  for (const r of rows) {
    const copies = bySpan.get(r.span_id);
    if (copies) copies.push(r);
    else bySpan.set(r.span_id, [r]);
  }
  const kept: KeptSpan[] = [];
  for (const copies of bySpan.values()) {
    const first = copies.reduce((a, b) => (compareCopies(b, a) < 0 ? b : a));
    kept.push({ ...first, ignored_copies: copies.filter((c) => c.resource_hash !== first.resource_hash).length });
  }
  return kept.sort((a, b) => compareNanos(a.start_ns, b.start_ns) || compareText(a.span_id, b.span_id));
}

const compareCopies = (a: StoredCopy, b: StoredCopy) =>
  compareNanos(a.ingested_ms, b.ingested_ms) || compareText(a.resource_hash, b.resource_hash);

/**
 * What the `traces` rollup says of a trace, from its spans in start order (at
 * least one): the first and last start, and its session, the one the earliest
 * span naming a session names (ties: the smallest id), as the rollup's `session`.
 */
function boundsOf(spans: readonly KeptSpan[]): { start_ns: string; last_start_ns: string; session_id: string } {
  const named = spans.filter((s) => s.session_id);
  const earliest = named[0]?.start_ns;
  const sessions = named.filter((s) => s.start_ns === earliest).map((s) => s.session_id);
  return { start_ns: spans[0]?.start_ns ?? '0', last_start_ns: spans.at(-1)?.start_ns ?? '0', session_id: sessions.sort(compareText)[0] ?? '' };
}

const resourceRow = z.object({ hash: z.string(), attributes: stringMap, attribute_types: stringMap });

const RESOURCES_SQL = `SELECT hash, any(attributes) AS attributes, any(attribute_types) AS attribute_types
FROM resources WHERE hash IN (SELECT arrayJoin({hashes:Array(String)})) GROUP BY hash`;

function toResources(found: readonly z.infer<typeof resourceRow>[]): Lookups['resources'] {
  return new Map(found.map((r) => [r.hash, decodeAttrs(r.attributes, r.attribute_types)]));
}

/** A whole trace, or undefined when no span of it is stored. */
export async function getTrace(client: ClickHouseClient, traceId: string): Promise<TraceDetail | undefined> {
  const rows = await selectRows(client, storedCopy, SPANS_SQL, { traceId, limit: MAX_TRACE_ROWS }, 'traceSpans');
  if (rows.length === 0) return undefined;
  const found = firstCopies(rows);
  const page = found.slice(0, MAX_TRACE_SPANS);
  const bounds = boundsOf(page);
  const events = page.map((r) => parseEvents(r.events));
  const refs = [...new Set(events.flat().flatMap((e) => (e.ref ? [e.ref] : [])))];
  const hashes = [...new Set(page.map((r) => r.resource_hash))];
  // Everything else the page shows, in one more round trip.
  const more = await selectBatch(
    client,
    {
      bodies: traceBodiesRead(refs, traceId, bounds.start_ns, bounds.last_start_ns),
      resources: { schema: resourceRow, query: RESOURCES_SQL, params: { hashes } },
      logSnapshots: logSnapshotsRead(traceId, bounds.start_ns, bounds.last_start_ns),
      handoffs: handoffsOfTraceRead(traceId),
      failure: analysisFailureRead(bounds.session_id || traceId),
    },
    'traceDetails',
  );
  const bodies = toSnapshotBodies(more.bodies);
  const resources = toResources(more.resources);
  const logSnapshots = toLogSnapshots(more.logSnapshots, bodies);
  const handoffs = toTraceHandoffs(more.handoffs, traceId);
  const analysisFailure = toAnalysisFailure(more.failure);
  const spans = page.map((r, i) => toSpan(r, events[i] ?? [], { bodies, resources }));
  mergeLogSnapshots(spans, logSnapshots);
  // Spans exported before their ancestors could not inherit (or fold) at ingest; the whole trace is here now.
  const task = (s: Span) => (s.type === 'agent' && typeof s.attributes.metadata === 'string' ? langgraphTask(s.attributes.metadata) : undefined);
  foldSubgraphRuns(spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, task: task(s), fields: s })));
  inheritAlongTree(spans.map((s) => ({ spanId: s.spanId, parentSpanId: s.parentSpanId, fields: s, runs: crewAiCoworker(s.tool, () => s.attributes['input.value']) })));
  for (const s of spans) if (!s.sessionId) s.sessionId = bounds.session_id;
  return {
    traceId,
    sessionId: bounds.session_id,
    spans,
    truncated: found.length > MAX_TRACE_SPANS || rows.length === MAX_TRACE_ROWS,
    ignoredSpanCopies: page.reduce((n, r) => n + r.ignored_copies, 0),
    handoffs,
    snapshots: snapshotViews(spans),
    analysisFailure,
  };
}
