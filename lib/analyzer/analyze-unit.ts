import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { analyzeSession, type SessionAnalysis } from '@/lib/analysis/analyze';
import { finalFacts, type PreviousSession } from '@/lib/analysis/consistency';
import type { FactValue, Snapshot } from '@/lib/analysis/types';
import { selectRows } from '@/lib/db/select';
import type { Store } from '@/lib/db/store';
import { loadSnapshots, loadSpans, loadTraces, type TraceInfo, type UnitSpans } from './load';
import { saveHandoffs, saveSession, type HandoffRecord } from './save';

/**
 * Analyses one unit of work (a session; or traces that name no session) from
 * the store and writes the results. Used by the analyzer after commits and by
 * the session API for an always-fresh read.
 */

export interface Unit {
  project: string;
  /** '' for traces that belong to no session. */
  sessionId: string;
  /** Traces known to belong to the unit (the analysis finds the rest of a session's). */
  traceIds: string[];
}

export interface UnitAnalysis extends SessionAnalysis {
  traces: TraceInfo[];
  spans: UnitSpans;
  /** Snapshots recorded in the unit's traces. */
  snapshots: Snapshot[];
  userId: string;
  /** The user's previous session, that cross-session contradictions were checked against. */
  previousSessionId: string | null;
}

const previousRow = z.object({ session_id: z.string(), final_facts: z.string() });

/** The user's session before this one, with the facts it ended on. */
async function previousSession(client: ClickHouseClient, project: string, sessionId: string, userId: string, startNs: string): Promise<PreviousSession | null> {
  if (!userId) return null;
  const [row] = await selectRows(
    client,
    previousRow,
    `SELECT session_id, final_facts FROM sessions FINAL
     WHERE project = {project:String} AND user_id = {userId:String} AND session_id != {sessionId:String}
       AND start_time < fromUnixTimestamp64Nano(toInt64({start:String}))
     ORDER BY start_time DESC LIMIT 1`,
    { project, userId, sessionId, start: startNs },
    'analyzer.previousSession',
  );
  if (!row) return null;
  try {
    return { sessionId: row.session_id, facts: new Map(Object.entries(JSON.parse(row.final_facts) as Record<string, FactValue>)) };
  } catch {
    return null;
  }
}

const traceSession = z.object({ trace_id: z.string(), session_id: z.string() });

/** The session of traces outside the unit (the far side of a cross-trace handoff). */
async function sessionsOf(client: ClickHouseClient, project: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    traceSession,
    `SELECT trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
     FROM traces WHERE project = {project:String} AND trace_id IN {traceIds:Array(String)} GROUP BY trace_id`,
    { project, traceIds },
    'analyzer.sessionsOf',
  );
  return new Map(rows.map((r) => [r.trace_id, r.session_id]));
}

/** Reads and analyses a unit, without writing anything. Undefined when none of its traces is stored. */
export async function readUnit(client: ClickHouseClient, unit: Unit): Promise<UnitAnalysis | undefined> {
  const traces = await loadTraces(client, unit.project, unit.sessionId, unit.traceIds);
  if (traces.length === 0) return undefined;
  const traceIds = traces.map((t) => t.traceId);
  const [spans, snapshots] = await Promise.all([loadSpans(client, traces), loadSnapshots(client, traceIds)]);
  const userId = traces.find((t) => t.userId)?.userId ?? '';
  const previous = unit.sessionId ? await previousSession(client, unit.project, unit.sessionId, userId, traces[0]!.startNs) : null;
  const analysis = analyzeSession({ sessionId: unit.sessionId, turns: traceIds, spans: spans.spans, snapshots: snapshots.own, counterparts: snapshots.counterparts, previous });
  return { ...analysis, traces, spans, snapshots: snapshots.own, userId, previousSessionId: previous?.sessionId ?? null };
}

/** Session summary row, in SESSION_COLUMNS order (the writer adds the version). */
function sessionRow(project: string, sessionId: string, a: UnitAnalysis): unknown[] {
  const c = a.consistency;
  const start = a.traces.map((t) => t.startNs).reduce((x, y) => (BigInt(x) < BigInt(y) ? x : y));
  const end = a.traces.map((t) => t.endNs).reduce((x, y) => (BigInt(x) > BigInt(y) ? x : y));
  const agents = [...new Set(a.spans.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => s.agent))].sort();
  const complete = a.handoffs.filter((h) => h.status === 'complete');
  return [
    project,
    sessionId,
    a.userId,
    start,
    end,
    a.traces.length,
    a.spans.spans.length,
    a.spans.errors,
    agents,
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
    JSON.stringify(Object.fromEntries(finalFacts(a.snapshots))),
  ];
}

/** Analyses a unit and writes its handoffs and (for a session) its summary. */
export async function analyzeUnit(store: Store, unit: Unit): Promise<UnitAnalysis | undefined> {
  const a = await readUnit(store.client, unit);
  if (!a) return undefined;
  const inUnit = new Set(a.traces.map((t) => t.traceId));
  const outside = [...new Set(a.handoffs.map((h) => h.fromTraceId).filter((t) => t && !inUnit.has(t)))];
  const sessions = await sessionsOf(store.client, unit.project, outside);
  // A handoff belongs to its sender's session, whichever side's analysis writes it.
  const records: HandoffRecord[] = a.handoffs.map((h) => ({
    project: unit.project,
    sessionId: h.fromTraceId && !inUnit.has(h.fromTraceId) ? (sessions.get(h.fromTraceId) ?? unit.sessionId) : unit.sessionId,
    handoff: h,
  }));
  await saveHandoffs(store, unit.project, { sessionId: unit.sessionId, traceIds: [...inUnit] }, records);
  if (unit.sessionId) await saveSession(store, sessionRow(unit.project, unit.sessionId, a));
  return a;
}
