import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { analyzeSession, severitiesOf, type SessionAnalysis } from '@/lib/analysis/analyze';
import { finalFacts } from '@/lib/analysis/consistency';
import type { Snapshot } from '@/lib/analysis/types';
import { compareNanos } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { Store } from '@/lib/db/store';
import { loadSnapshots, loadSpans, loadTraces, type TraceInfo, type UnitSpans } from './load';
import { UserHistory } from './previous-session';
import { saveHandoffs, saveSessions, type HandoffRecord, type SessionSummaryRow } from './save';

/**
 * Analyses units of work (sessions; and traces that name no session) from the
 * store and writes the results. Units are read and written in batches: a
 * handful of queries per batch, not per session, so the analyzer keeps up
 * with ingest. Also used by the session API for an always-fresh read.
 */

export interface Unit {
  project: string;
  /** '' for traces that belong to no session. */
  sessionId: string;
  /** Traces known to belong to the unit (the analysis finds the rest of a session's). */
  traceIds: string[];
  /** A session's previous session now ends on other facts: fold it whole again from its state. */
  refold?: boolean;
  /** A session whose last update may have landed in part: build it again from all its traces. */
  rebuild?: boolean;
}

export interface UnitAnalysis extends SessionAnalysis {
  sessionId: string;
  traces: TraceInfo[];
  spans: UnitSpans;
  /** Snapshots recorded in the unit's traces. */
  snapshots: Snapshot[];
  userId: string;
  /** The user's previous session, that cross-session contradictions were checked against. */
  previousSessionId: string | null;
}

const traceSession = z.object({ trace_id: z.string(), session_id: z.string() });

/** The session of traces outside the batch (the far side of a cross-trace handoff). */
async function sessionsOf(client: ClickHouseClient, project: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    traceSession,
    `SELECT trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
     FROM traces WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)})) GROUP BY trace_id`,
    { project, traceIds },
    'analyzer.sessionsOf',
  );
  return new Map(rows.map((r) => [r.trace_id, r.session_id]));
}

function mergeSpans(groups: (UnitSpans | undefined)[]): UnitSpans {
  const out: UnitSpans = { spans: [], errors: 0, inputTokens: 0, outputTokens: 0 };
  for (const g of groups) {
    if (!g) continue;
    out.spans.push(...g.spans);
    out.errors += g.errors;
    out.inputTokens += g.inputTokens;
    out.outputTokens += g.outputTokens;
  }
  return out;
}

interface BatchRead {
  analyses: UnitAnalysis[];
  /** Sessions whose cross-session comparison this batch made stale (see UserHistory). */
  staleSuccessors: string[];
}

/** Reads and analyses units of one project, without writing. Units none of whose traces is stored are left out. */
export async function readUnits(client: ClickHouseClient, project: string, units: readonly Unit[]): Promise<UnitAnalysis[]> {
  return (await readBatch(client, project, units)).analyses;
}

async function readBatch(client: ClickHouseClient, project: string, units: readonly Unit[]): Promise<BatchRead> {
  const sessionIds = units.filter((u) => u.sessionId).map((u) => u.sessionId);
  const lone = units.filter((u) => !u.sessionId).flatMap((u) => u.traceIds);
  const traces = await loadTraces(client, project, sessionIds, lone);
  if (traces.length === 0) return { analyses: [], staleSuccessors: [] };
  const [spans, snapshots] = await Promise.all([loadSpans(client, traces), loadSnapshots(client, traces.map((t) => t.traceId))]);
  const bySession = new Map<string, TraceInfo[]>();
  for (const t of traces) {
    const list = bySession.get(t.sessionId);
    if (list) list.push(t);
    else bySession.set(t.sessionId, [t]);
  }
  const users = [...new Set(traces.map((t) => t.userId).filter(Boolean))];
  const history = await UserHistory.load(client, project, users);
  // Oldest first, so that a user's later session compares with an earlier one of the same batch.
  const ordered = [...bySession].sort(([, a], [, b]) => compareNanos(a[0]!.startNs, b[0]!.startNs));
  const analyses: UnitAnalysis[] = [];
  for (const [sessionId, unitTraces] of ordered) {
    const ids = new Set(unitTraces.map((t) => t.traceId));
    const own = snapshots.own.filter((s) => ids.has(s.traceId));
    const handoffIds = new Set(own.map((s) => s.handoffId).filter(Boolean));
    const unitSpans = mergeSpans(unitTraces.map((t) => spans.get(t.traceId)));
    const userId = unitTraces.find((t) => t.userId)?.userId ?? '';
    const previous = sessionId ? history.previousOf(userId, sessionId, unitTraces[0]!.startNs) : null;
    if (sessionId) history.record(userId, sessionId, unitTraces[0]!.startNs, finalFactsJson(own));
    const analysis = analyzeSession({
      sessionId,
      turns: unitTraces.map((t) => t.traceId),
      spans: unitSpans.spans,
      snapshots: own,
      counterparts: snapshots.counterparts.filter((s) => handoffIds.has(s.handoffId)),
      previous,
    });
    analyses.push({ ...analysis, sessionId, traces: unitTraces, spans: unitSpans, snapshots: own, userId, previousSessionId: previous?.sessionId ?? null });
    // Between sessions, let requests waiting on the event loop run.
    await yieldToEventLoop();
  }
  return { analyses, staleSuccessors: history.staleSuccessors() };
}

/** The facts a session ended on, as stored in its summary. */
const finalFactsJson = (snapshots: readonly Snapshot[]) => JSON.stringify(Object.fromEntries(finalFacts(snapshots)));

/** Reads and analyses one session (the session API); undefined when no trace names it. */
export async function readSession(client: ClickHouseClient, project: string, sessionId: string): Promise<UnitAnalysis | undefined> {
  return (await readUnits(client, project, [{ project, sessionId, traceIds: [] }]))[0];
}

const agentsOf = (a: UnitAnalysis) => [...new Set(a.spans.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => s.agent))].sort();

/** Session summary row, in SESSION_COLUMNS order (the writer adds the version). */
function sessionRow(project: string, a: UnitAnalysis): SessionSummaryRow {
  const c = a.consistency;
  const retained = c.retention.flatMap((t) => (t.retention === null ? [] : [t.retention]));
  const fidelities = a.handoffs.flatMap((h) => (h.status === 'complete' && h.drift.method !== 'text' ? [h.drift.fidelity] : []));
  const thousandths = (xs: number[]) => xs.reduce((x, y) => x + Math.round(y * 1000), 0);
  const end = a.traces.map((t) => t.endNs).reduce((x, y) => (BigInt(x) > BigInt(y) ? x : y));
  const complete = a.handoffs.filter((h) => h.status === 'complete');
  const severities = severitiesOf(a.handoffs);
  const fields = [
    project,
    a.sessionId,
    a.userId,
    a.traces[0]!.startNs,
    end,
    a.traces.length,
    a.spans.spans.length,
    a.spans.errors,
    agentsOf(a),
    a.spans.inputTokens,
    a.spans.outputTokens,
    a.handoffs.length,
    complete.filter((h) => h.drift.severity !== 'none').length,
    a.handoffs.length - complete.length,
    c.contradictions.length,
    c.truncations,
    c.meanRetention,
    c.meanFidelity,
    c.score,
    finalFactsJson(a.snapshots),
  ];
  const userTurn = a.traces.find((t) => t.userId);
  return { fields, sums: [thousandths(retained), retained.length, thousandths(fidelities), fidelities.length, a.previousSessionId ?? '', userTurn?.startNs ?? '0', userTurn?.traceId ?? '', 0, severities.critical, severities.warning] };
}

export interface BatchResult {
  analyses: UnitAnalysis[];
  /** Later sessions to analyse again: the session before them now ends on other facts. */
  followUps: Unit[];
}

/** Analyses units of one project and writes their handoffs and session summaries. */
export async function analyzeUnits(store: Store, project: string, units: readonly Unit[]): Promise<BatchResult> {
  const { analyses, staleSuccessors } = await readBatch(store.client, project, units);
  const followUps = staleSuccessors.map((sessionId) => ({ project, sessionId, traceIds: [] }));
  if (analyses.length === 0) return { analyses, followUps };
  const inBatch = new Set(analyses.flatMap((a) => a.traces.map((t) => t.traceId)));
  const sessionOfTrace = new Map(analyses.flatMap((a) => a.traces.map((t) => [t.traceId, a.sessionId] as const)));
  const outside = [...new Set(analyses.flatMap((a) => a.handoffs.map((h) => h.fromTraceId)).filter((t) => t && !inBatch.has(t)))];
  const outsideSessions = await sessionsOf(store.client, project, outside);
  // A handoff belongs to its sender's session, whichever side's analysis writes it.
  const senderSession = (traceId: string) => (traceId ? (sessionOfTrace.get(traceId) ?? outsideSessions.get(traceId)) : undefined);
  const records: HandoffRecord[] = analyses.flatMap((a) =>
    a.handoffs.map((h) => ({ project, sessionId: senderSession(h.fromTraceId) ?? a.sessionId, handoff: h })),
  );
  const scopes = analyses.map((a) => ({ sessionId: a.sessionId, traceIds: a.traces.map((t) => t.traceId) }));
  await saveHandoffs(store, project, scopes, records);
  await saveSessions(store, analyses.filter((a) => a.sessionId).map((a) => sessionRow(project, a)));
  return { analyses, followUps };
}
