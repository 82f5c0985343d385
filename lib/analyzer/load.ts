import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalysisSpanWithContext } from '@/lib/analysis/analyze';
import { FRAMEWORK_SIGNAL_KEYS } from '@/lib/analysis/framework-handoffs';
import { ANALYSIS_KEYS, ANALYSIS_PREFIXES, type AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import { contextText } from '@/lib/analysis/given-context';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { Snapshot } from '@/lib/analysis/types';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { SNAPSHOT_COLUMNS_SQL, snapshotRow, stringMap } from '@/lib/db/row-schemas';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { loadSnapshotBodies } from '@/lib/queries/snapshot-bodies';
import { recentSpansOf } from './recent-spans';
import { traceUsage, type Usage } from './trace-usage';

/**
 * Loads what the analysis of one unit (a session, or a trace that names no
 * session) reads: its traces, their spans (only the columns and attributes
 * the analysis uses), their snapshots, and the other sides of explicit
 * handoffs that live in other traces.
 */

/** Most spans read in one batch of units; beyond this a batch is analysed on the first spans. */
export const MAX_UNIT_SPANS = 500_000;

const SIGNAL_KEYS = FRAMEWORK_SIGNAL_KEYS;

export interface TraceInfo {
  traceId: string;
  startNs: string;
  endNs: string;
  lastStartNs: string;
  sessionId: string;
  userId: string;
}

const traceRow = z.object({
  trace_id: z.string(),
  start_ns: z.string(),
  end_ns: z.string(),
  last_start_ns: z.string(),
  trace_session: z.string(),
  trace_user: z.string(),
});

const toInfo = (r: z.infer<typeof traceRow>): TraceInfo => ({ traceId: r.trace_id, startNs: r.start_ns, endNs: r.end_ns, lastStartNs: r.last_start_ns, sessionId: r.trace_session, userId: r.trace_user });

/** A trace's bounds, session and user, from the rollup's rows of it. */
const TRACE_COLUMNS_SQL = `
SELECT
  trace_id,
  toString(toUnixTimestamp64Nano(min(start_time))) AS start_ns,
  toString(toUnixTimestamp64Nano(max(end_time))) AS end_ns,
  toString(toUnixTimestamp64Nano(max(last_start))) AS last_start_ns,
  min(session) AS s,
  if(s.1 = 0, s.3, '') AS trace_session,
  min(user) AS u,
  if(u.1 = 0, u.3, '') AS trace_user`;

const TRACES_SQL = `${TRACE_COLUMNS_SQL}
FROM traces
WHERE ${inScope()} AND project = {project:String}
  AND (trace_id IN (SELECT trace_id FROM traces WHERE ${inScope()} AND project = {project:String} AND hasAny(session_ids, {sessionIds:Array(String)}))
       OR trace_id IN (SELECT arrayJoin({traceIds:Array(String)})))
GROUP BY trace_id
HAVING trace_session IN (SELECT arrayJoin({sessionIds:Array(String)})) OR (trace_session = '' AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)})))
ORDER BY min(start_time), trace_id`;

/**
 * The traces of the given sessions, and those of the given traces that name
 * no session, oldest first.
 */
export async function loadTraces(client: ClickHouseClient, project: string, sessionIds: string[], traceIds: string[]): Promise<TraceInfo[]> {
  const rows = await selectRows(client, traceRow, TRACES_SQL, { project, sessionIds: sessionIds.filter(Boolean), traceIds }, 'analyzer.traces');
  return rows.map(toInfo);
}

const INFO_SQL = `${TRACE_COLUMNS_SQL}
FROM traces
WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
GROUP BY trace_id`;

/** These traces as they stand (those with no span stored are left out). */
export async function traceInfos(client: ClickHouseClient, project: string, traceIds: readonly string[]): Promise<TraceInfo[]> {
  if (traceIds.length === 0) return [];
  const rows = await selectRows(client, traceRow, INFO_SQL, { project, traceIds }, 'analyzer.traceInfos');
  return rows.map(toInfo);
}

const spanRow: z.ZodType<AnalysisSpanRow> = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string(),
  name: z.string(),
  agent: z.string(),
  type: z.string(),
  tool: z.string(),
  start_ns: z.string(),
  status_code: z.string(),
  input_tokens: z.coerce.number(),
  output_tokens: z.coerce.number(),
  links: z.string(),
  picked: stringMap,
});

const SPANS_SQL = `
SELECT trace_id, span_id, parent_span_id, name, agent, type, tool,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
  status_code, input_tokens, output_tokens, links,
  mapFilter((k, v) -> has({keys:Array(String)}, k) OR arrayExists(p -> startsWith(k, p), {prefixes:Array(String)}), attributes) AS picked
FROM spans
WHERE ${inScope()} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
  AND start_time >= fromUnixTimestamp64Nano(toInt64({start:String}))
  AND start_time <= fromUnixTimestamp64Nano(toInt64({end:String}))
ORDER BY ${SPAN_COPY_ORDER}
LIMIT 1 BY trace_id, span_id
LIMIT {limit:UInt32}`;

export interface UnitSpans {
  spans: AnalysisSpanWithContext[];
  errors: number;
  inputTokens: number;
  outputTokens: number;
}

/** The token counts of each trace's model calls and agent runs, while its spans are read. */
type Reported = Map<string, Map<string, Usage>>;

const linkList = z.array(z.object({ traceId: z.string(), spanId: z.string() }).passthrough());

const earliest = (xs: string[]) => xs.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b));
const latest = (xs: string[]) => xs.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b));

/** Traces whose spans are read per query: each query stays short, so reads waiting behind it do not wait long. */
const TRACES_PER_QUERY = 200;

/** The spans of the traces, grouped by trace, each with its error and token counts. */
export async function loadSpans(client: ClickHouseClient, traces: TraceInfo[]): Promise<Map<string, UnitSpans>> {
  const byTrace = new Map<string, UnitSpans>();
  const reported: Reported = new Map();
  const fromStore = await takeRecent(client, traces, byTrace, reported);
  for (let i = 0; i < fromStore.length; i += TRACES_PER_QUERY) await loadSpanChunk(client, fromStore.slice(i, i + TRACES_PER_QUERY), byTrace, reported);
  for (const [traceId, group] of byTrace) {
    const usage = traceUsage(group.spans, reported.get(traceId) ?? new Map());
    group.inputTokens = usage.input;
    group.outputTokens = usage.output;
  }
  return byTrace;
}

const countRow = z.object({ trace_id: z.string(), rows: z.coerce.number(), spans: z.coerce.number() });

const COUNT_SQL = `
SELECT trace_id, count() AS rows, uniqExact(span_id) AS spans
FROM spans
WHERE ${inScope()} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
  AND start_time >= fromUnixTimestamp64Nano(toInt64({start:String}))
  AND start_time <= fromUnixTimestamp64Nano(toInt64({end:String}))
GROUP BY trace_id`;

/**
 * Adds the traces whose spans this process has in memory (./recent-spans.ts)
 * and the store holds exactly, one row a span; returns the others. The check
 * reads two narrow columns, not the attributes.
 */
async function takeRecent(client: ClickHouseClient, traces: TraceInfo[], byTrace: Map<string, UnitSpans>, reported: Reported): Promise<TraceInfo[]> {
  const recent = recentSpansOf(client);
  const kept = new Map<string, AnalysisSpanRow[]>();
  for (const t of traces) {
    const rows = recent?.rowsOf(t.traceId);
    if (rows) kept.set(t.traceId, rows);
  }
  if (kept.size === 0) return traces;
  const candidates = traces.filter((t) => kept.has(t.traceId));
  const whole = new Set<string>();
  for (let i = 0; i < candidates.length; i += COUNT_TRACES_PER_QUERY) {
    const chunk = candidates.slice(i, i + COUNT_TRACES_PER_QUERY);
    const counts = await selectRows(client, countRow, COUNT_SQL, { traceIds: chunk.map((t) => t.traceId), ...startWindow(chunk) }, 'analyzer.spanCounts');
    for (const c of counts) if (c.rows === c.spans && c.spans === kept.get(c.trace_id)?.length) whole.add(c.trace_id);
  }
  for (const id of whole) for (const row of kept.get(id) ?? []) addSpan(byTrace, reported, row);
  return traces.filter((t) => !whole.has(t.traceId));
}

/** Traces counted per query: the count reads two narrow columns. */
const COUNT_TRACES_PER_QUERY = 2_000;

/** The start times the spans of these traces fall within. */
const startWindow = (traces: TraceInfo[]) => ({ start: earliest(traces.map((t) => t.startNs)), end: latest(traces.map((t) => t.lastStartNs)) });

async function loadSpanChunk(client: ClickHouseClient, traces: TraceInfo[], byTrace: Map<string, UnitSpans>, reported: Reported): Promise<void> {
  const rows = await selectRows(
    client,
    spanRow,
    SPANS_SQL,
    { traceIds: traces.map((t) => t.traceId), ...startWindow(traces), keys: ANALYSIS_KEYS, prefixes: ANALYSIS_PREFIXES, limit: MAX_UNIT_SPANS },
    'analyzer.spans',
  );
  for (const r of rows) addSpan(byTrace, reported, r);
}

function addSpan(byTrace: Map<string, UnitSpans>, reported: Reported, r: AnalysisSpanRow): void {
  const group = byTrace.get(r.trace_id) ?? { spans: [], errors: 0, inputTokens: 0, outputTokens: 0 };
  byTrace.set(r.trace_id, group);
  if (r.status_code === 'error') group.errors++;
  // Usage is summed once all spans are in (./trace-usage.ts): run spans often repeat their model calls' totals.
  if ((r.type === 'llm' || r.type === 'agent') && (r.input_tokens > 0 || r.output_tokens > 0)) {
    const usage = reported.get(r.trace_id) ?? new Map<string, Usage>();
    reported.set(r.trace_id, usage);
    usage.set(r.span_id, { input: r.input_tokens, output: r.output_tokens });
  }
  const signals: Record<string, string> = {};
  for (const key of SIGNAL_KEYS) if (r.picked[key]) signals[key] = r.picked[key];
  group.spans.push({
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    name: r.name,
    agent: r.agent,
    type: r.type,
    tool: r.tool,
    startNs: r.start_ns,
    links: r.links === '[]' ? [] : linkList.parse(JSON.parse(r.links)).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
    signals,
    context: contextText(r.picked),
  });
}

const OWN_SNAPSHOTS_SQL = `
SELECT ${SNAPSHOT_COLUMNS_SQL} FROM snapshots
WHERE ${inScope()} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
LIMIT 1 BY trace_id, span_id, time, body_hash`;

const COUNTERPART_SNAPSHOTS_SQL = `
SELECT ${SNAPSHOT_COLUMNS_SQL} FROM snapshots
WHERE ${inScope()} AND handoff_id IN (SELECT arrayJoin({handoffIds:Array(String)})) AND trace_id NOT IN (SELECT arrayJoin({traceIds:Array(String)}))
LIMIT 1 BY trace_id, span_id, time, body_hash`;

async function readSnapshots(client: ClickHouseClient, sql: string, params: Record<string, unknown>, tag: string): Promise<Snapshot[]> {
  const rows = await selectRows(client, snapshotRow, sql, params, tag);
  const bodies = await loadSnapshotBodies(client, rows.map((r) => r.body_hash));
  return rows.map((r) => {
    const origin = { traceId: r.trace_id, spanId: r.span_id, time: r.time_ns, agent: r.agent, sessionId: r.session_id };
    const body = bodies.get(r.body_hash);
    return body ? parseSnapshot(body, origin) : { ...parseSnapshot({}, origin), invalid: ['the snapshot body is missing or unreadable'] };
  });
}

export interface UnitSnapshots {
  /** Snapshots recorded in the traces. */
  own: Snapshot[];
  /** The other sides, in other traces, of explicit handoffs these snapshots take part in. */
  counterparts: Snapshot[];
}

export async function loadSnapshots(client: ClickHouseClient, traceIds: string[]): Promise<UnitSnapshots> {
  if (traceIds.length === 0) return { own: [], counterparts: [] };
  const own = await readSnapshots(client, OWN_SNAPSHOTS_SQL, { traceIds }, 'analyzer.snapshots');
  const handoffIds = [...new Set(own.map((s) => s.handoffId).filter(Boolean))];
  const counterparts = handoffIds.length === 0 ? [] : await readSnapshots(client, COUNTERPART_SNAPSHOTS_SQL, { traceIds, handoffIds }, 'analyzer.counterparts');
  return { own, counterparts };
}
