import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { selectRows, tuplesIn } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { NO_HANDOFFS, type HandoffTally, type StoredTurn } from './session-state';
import type { SummaryDelta } from './session-summary';
import { turnsOf } from './state-reads';
import { currentDigests, handoffLine, handoffTombstone } from './save';
import { findTraceHandoffs, storedMembers, type LoadedTrace } from './trace-handoffs';

/**
 * The handoff side of a batch of session updates (session-update.ts): which
 * traces to analyse again, their handoffs written where they changed, those no
 * trace finds any more tombstoned, and each turn's tally of the handoffs it
 * counts for its session.
 */

/** One session's part of the batch. */
export interface HandoffWork {
  sessionId: string;
  /** The session's traces the commits touched. */
  touched: string[];
  /** Turns rewritten by this update (the handoff tallies go on them too). */
  turns: Map<string, StoredTurn>;
  /** Stored turns of the touched traces, as they were. */
  known: ReadonlyMap<string, StoredTurn>;
  /** Fact values first seen now (or earlier than stored): `key\u0000valueKey` → time. */
  firstTimes: ReadonlyMap<string, string>;
  /** Since when the session holds some fact value earlier than before (undefined: nothing changed). */
  groundedFrom: string | undefined;
  delta: SummaryDelta;
  /** Rebuilding: the turns' stored tallies are not in the summary's base. */
  rebuild: boolean;
}

export interface HandoffBatch {
  handoffs: AnalyzedHandoff[];
  lines: unknown[][];
  /** Traces whose handoffs were found. */
  traces: number;
}

export async function reanalyseHandoffs(client: ClickHouseClient, project: string, works: readonly HandoffWork[], loaded: Map<string, LoadedTrace>, counterparts: Snapshot[]): Promise<HandoffBatch> {
  const bySession = new Map(works.map((w) => [w.sessionId, w]));
  const members = storedMembers(client, project, loaded);
  // Candidates: the touched traces, those linking to them, receivers after a fact held earlier now, and the other sides of explicit handoffs.
  const candidates = new Map(works.map((w) => [w.sessionId, new Set(w.touched)]));
  for (const [sessionId, traceId] of await dependentTraces(client, project, works)) candidates.get(sessionId)?.add(traceId);
  for (const s of counterparts) for (const w of works) candidates.get(w.sessionId)?.add(s.traceId);
  const inSession = await members(new Map([...candidates].map(([id, set]) => [id, [...set]])));
  const asks = [...inSession].flatMap(([sessionId, ids]) => [...ids].map((traceId) => ({ sessionId, traceId })));
  const found = await findTraceHandoffs(client, project, asks, loaded, counterparts, members, new Map(works.map((w) => [w.sessionId, w.firstTimes])));

  const others = await turnsOf(client, project, groupBySession(found.filter((f) => !bySession.get(f.sessionId)?.turns.has(f.traceId) && !bySession.get(f.sessionId)?.known.has(f.traceId))));
  const sides = await members(groupSides(found));
  const all = new Map<string, AnalyzedHandoff>();
  const dropped = new Map<string, Set<string>>();
  for (const f of found) {
    const w = bySession.get(f.sessionId) as HandoffWork;
    const turn = w.turns.get(f.traceId) ?? w.known.get(f.traceId) ?? others.get(f.sessionId)?.find((t) => t.traceId === f.traceId);
    if (!turn) continue;
    const ids = f.handoffs.map((h) => h.id).sort();
    const gone = dropped.get(f.sessionId) ?? new Set<string>();
    for (const id of turn.handoffIds) if (!ids.includes(id)) gone.add(id);
    dropped.set(f.sessionId, gone);
    // Each handoff is counted by one turn of the session: the smallest trace id among the session's traces that
    // find it (an explicit handoff is found by the traces of its two sides, any other by the trace declaring it).
    const own = sides.get(f.sessionId) ?? new Set<string>();
    const counted = f.handoffs.filter((h) => {
      const finders = [h.sent?.traceId, h.received?.traceId].filter((id): id is string => !!id && own.has(id)).sort();
      return (finders[0] ?? f.traceId) === f.traceId;
    });
    const tally = tallyOf(counted);
    addTally(w.delta, tally, 1);
    if (!w.rebuild) addTally(w.delta, turn.tally, -1);
    w.turns.set(f.traceId, { ...turn, handoffIds: ids, tally });
    for (const h of f.handoffs) all.set(h.id, h);
  }
  for (const ids of dropped.values()) for (const id of all.keys()) ids.delete(id);
  const still = await listedElsewhere(client, project, dropped, groupBySession(found));
  const lines: unknown[][] = [];
  const stored = await currentDigests(client, project, [...all.keys()]);
  const senderSessions = await sessionsOfTraces(client, project, [...new Set([...all.values()].map((h) => h.fromTraceId).filter((id) => id && !loaded.has(id)))]);
  const sessionOfFinder = new Map(found.flatMap((f) => f.handoffs.map((h) => [h.id, f.sessionId] as const)));
  for (const h of all.values()) {
    // A handoff belongs to its sender's session, whichever side's analysis finds it.
    const session = (h.fromTraceId ? (loaded.get(h.fromTraceId)?.info.sessionId ?? senderSessions.get(h.fromTraceId)) : undefined) ?? (sessionOfFinder.get(h.id) as string);
    const { line, digest } = handoffLine(project, session, h);
    const was = stored.get(h.id);
    if (!was || was.deleted || was.digest !== digest) lines.push(line);
  }
  const now = `${Date.now()}000000`;
  for (const [sessionId, ids] of dropped) for (const id of ids) if (!still.has(`${sessionId}\u0000${id}`)) lines.push(handoffTombstone(project, id, now));
  // Traces entering a session's state may have been analysed alone before (their session-naming span came last).
  const entering = works.flatMap((w) => w.touched.filter((id) => !w.known.has(id)));
  for (const id of await sessionlessHandoffs(client, project, entering)) if (!all.has(id)) lines.push(handoffTombstone(project, id, now));
  return { handoffs: [...all.values()], lines, traces: found.length };
}

function groupBySession(items: readonly { sessionId: string; traceId: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { sessionId, traceId } of items) {
    const list = out.get(sessionId);
    if (list) list.push(traceId);
    else out.set(sessionId, [traceId]);
  }
  return out;
}

function groupSides(found: readonly { sessionId: string; handoffs: AnalyzedHandoff[] }[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const f of found) for (const h of f.handoffs) for (const id of [h.sent?.traceId, h.received?.traceId]) if (id) out.set(f.sessionId, (out.get(f.sessionId) ?? new Set()).add(id));
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

/** (session, trace) pairs whose handoffs depend on the update: traces linking to touched ones, and receivers after a fact value held earlier now. */
async function dependentTraces(client: ClickHouseClient, project: string, works: readonly HandoffWork[]): Promise<[string, string][]> {
  if (works.length === 0) return [];
  // Two sets, not a per-session OR: (session, touched trace) pairs for links, and each grounded session's time.
  const links = tuplesIn('link', ['session_id', 'from_trace_id'], works.flatMap((w) => w.touched.map((t) => [w.sessionId, t])));
  const grounded = works.filter((w) => w.groundedFrom !== undefined);
  const params = { project, sessions: works.map((w) => w.sessionId), ...links.params, g_sessions: grounded.map((w) => w.sessionId), g_times: grounded.map((w) => w.groundedFrom as string) };
  const rows = await selectRows(
    client,
    z.object({ session_id: z.string(), trace_id: z.string() }),
    `SELECT DISTINCT session_id, arrayJoin([from_trace_id, to_trace_id]) AS trace_id FROM handoffs FINAL
     WHERE ${inScope()} AND project = {project:String} AND session_id IN (SELECT arrayJoin({sessions:Array(String)}))
       AND ((source = 'link' AND ${links.sql})
         OR (added_count > 0 AND has({g_sessions:Array(String)}, session_id)
             AND receiver_time > fromUnixTimestamp64Nano(toInt64(arrayElement({g_times:Array(String)}, indexOf({g_sessions:Array(String)}, session_id))))))`,
    params,
    'analyzer.dependentTraces',
  );
  return rows.filter((r) => r.trace_id).map((r) => [r.session_id, r.trace_id]);
}

function tallyOf(handoffs: readonly AnalyzedHandoff[]): HandoffTally {
  const t = { ...NO_HANDOFFS };
  for (const h of handoffs) {
    t.handoffs++;
    if (h.status !== 'complete') t.pending++;
    else {
      if (h.drift.severity !== 'none') t.drifted++;
      if (h.drift.severity === 'critical') t.critical++;
      if (h.drift.severity === 'warning') t.warning++;
      if (h.drift.method !== 'text') {
        t.fidelitySum += Math.round(h.drift.fidelity * 1000);
        t.fidelityCount++;
      }
    }
  }
  return t;
}

function addTally(delta: SummaryDelta, t: HandoffTally, sign: 1 | -1): void {
  delta.handoffs += sign * t.handoffs;
  delta.drifted += sign * t.drifted;
  delta.pending += sign * t.pending;
  delta.fidelitySum += sign * t.fidelitySum;
  delta.fidelityCount += sign * t.fidelityCount;
  delta.critical += sign * t.critical;
  delta.warning += sign * t.warning;
}

/** Of the dropped handoff ids, those a turn of their session not analysed now still lists, as `session\u0000id`. */
async function listedElsewhere(client: ClickHouseClient, project: string, dropped: ReadonlyMap<string, ReadonlySet<string>>, analysed: ReadonlyMap<string, readonly string[]>): Promise<Set<string>> {
  const asks = [...dropped].filter(([, ids]) => ids.size > 0);
  if (asks.length === 0) return new Set();
  const params: Record<string, unknown> = { project };
  const parts = asks.map(([sessionId, ids], i) => {
    params[`s_${i}`] = sessionId;
    params[`ids_${i}`] = [...ids];
    params[`except_${i}`] = analysed.get(sessionId) ?? [];
    return `(session_id = {s_${i}:String} AND hasAny(handoff_ids, {ids_${i}:Array(String)}) AND trace_id NOT IN (SELECT arrayJoin({except_${i}:Array(String)})))`;
  });
  const rows = await selectRows(
    client,
    z.object({ session_id: z.string(), id: z.string() }),
    `SELECT DISTINCT session_id, arrayJoin(handoff_ids) AS id FROM session_turns FINAL WHERE ${inScope()} AND project = {project:String} AND (${parts.join(' OR ')})`,
    params,
    'analyzer.listedElsewhere',
  );
  return new Set(rows.map((r) => `${r.session_id}\u0000${r.id}`));
}

/** Live handoffs written for these traces while they named no session. */
async function sessionlessHandoffs(client: ClickHouseClient, project: string, traceIds: string[]): Promise<string[]> {
  if (traceIds.length === 0) return [];
  const rows = await selectRows(
    client,
    z.object({ id: z.string() }),
    `SELECT id FROM handoffs FINAL WHERE ${inScope()} AND project = {project:String} AND session_id = '' AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))`,
    { project, traceIds },
    'analyzer.sessionlessHandoffs',
  );
  return rows.map((r) => r.id);
}

/** The sessions of traces outside the update (the sender side of a handoff recorded in another session). */
async function sessionsOfTraces(client: ClickHouseClient, project: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    z.object({ trace_id: z.string(), session_id: z.string() }),
    `SELECT trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
     FROM traces WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)})) GROUP BY trace_id`,
    { project, traceIds },
    'analyzer.senderSessions',
  );
  return new Map(rows.map((r) => [r.trace_id, r.session_id]));
}
