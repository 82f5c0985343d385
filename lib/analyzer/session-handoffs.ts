import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { selectRows } from '@/lib/db/select';
import { NO_HANDOFFS, turnsOf, type HandoffTally, type StoredTurn } from './session-state';
import type { SummaryDelta } from './session-summary';
import { findTraceHandoffs, handoffLine, handoffTombstone, storedHandoffs, type LoadedTrace } from './trace-handoffs';

/**
 * The handoff side of a session update (session-update.ts): which traces to
 * analyse again, their handoffs written where they changed, those no trace
 * finds any more tombstoned, and each turn's tally of the handoffs it counts.
 */

type At = { project: string; sessionId: string };

/**
 * Finds again the handoffs of the traces the update can have changed, writes
 * those that changed, tombstones those no trace finds any more, and moves the
 * turns' handoff tallies.
 */
export async function reanalyseHandoffs(
  client: ClickHouseClient,
  at: At,
  mine: LoadedTrace[],
  loaded: Map<string, LoadedTrace>,
  counterparts: Snapshot[],
  known: ReadonlyMap<string, StoredTurn>,
  turns: Map<string, StoredTurn>,
  groundedFrom: string | undefined,
  firstTimes: ReadonlyMap<string, string>,
  delta: SummaryDelta,
  lines: { handoffs: unknown[][] },
): Promise<{ handoffs: AnalyzedHandoff[]; traces: number }> {
  const touched = mine.map((t) => t.info.traceId);
  const candidates = new Set(touched);
  for (const id of await dependentTraces(client, at, touched, groundedFrom)) candidates.add(id);
  for (const s of counterparts) candidates.add(s.traceId);
  const inSession = async (ids: readonly string[]) => {
    const out = new Set(ids.filter((id) => loaded.get(id)?.info.sessionId === at.sessionId));
    const unknown = ids.filter((id) => !loaded.has(id));
    for (const t of await turnsOf(client, at, unknown)) out.add(t.traceId);
    return out;
  };
  const members = await inSession([...candidates]);
  const found = await findTraceHandoffs(client, at, [...members], loaded, counterparts, inSession, firstTimes);
  const others = new Map((await turnsOf(client, at, found.map((f) => f.traceId).filter((id) => !turns.has(id) && !known.has(id)))).map((t) => [t.traceId, t]));
  const sides = await inSession([...new Set(found.flatMap((f) => f.handoffs.flatMap((h) => [h.sent?.traceId ?? '', h.received?.traceId ?? '']).filter(Boolean)))]);
  const all = new Map<string, AnalyzedHandoff>();
  const dropped = new Set<string>();
  for (const f of found) {
    const turn = turns.get(f.traceId) ?? known.get(f.traceId) ?? others.get(f.traceId);
    if (!turn) continue;
    const ids = f.handoffs.map((h) => h.id).sort();
    for (const id of turn.handoffIds) if (!ids.includes(id)) dropped.add(id);
    // Each handoff is counted by one turn of the session: the smallest trace id among the session's traces that
    // find it (an explicit handoff is found by the traces of its two sides, any other by the trace declaring it).
    const counted = f.handoffs.filter((h) => {
      const finders = h.sent || h.received ? [h.sent?.traceId, h.received?.traceId].filter((id): id is string => !!id && sides.has(id)).sort() : [];
      return (finders[0] ?? f.traceId) === f.traceId;
    });
    const tally = tallyOf(counted);
    addTally(delta, tally, 1);
    addTally(delta, turn.tally, -1);
    turns.set(f.traceId, { ...turn, handoffIds: ids, tally });
    for (const h of f.handoffs) all.set(h.id, h);
  }
  for (const id of all.keys()) dropped.delete(id);
  const still = dropped.size > 0 ? await listedElsewhere(client, at, [...dropped], new Set(found.map((f) => f.traceId))) : new Set<string>();
  const gone = [...dropped].filter((id) => !still.has(id));
  const stored = await storedHandoffs(client, at.project, [...all.keys()]);
  const senderSessions = await sessionsOfTraces(client, at.project, [...new Set([...all.values()].map((h) => h.fromTraceId).filter((id) => id && !loaded.has(id)))]);
  for (const h of all.values()) {
    // A handoff belongs to its sender's session, whichever side's analysis finds it.
    const session = h.fromTraceId ? (loaded.get(h.fromTraceId)?.info.sessionId ?? senderSessions.get(h.fromTraceId) ?? at.sessionId) : at.sessionId;
    const { line, digest } = handoffLine(at.project, session, h);
    if (stored.get(h.id)?.digest !== digest) lines.handoffs.push(line);
  }
  const now = `${Date.now()}000000`;
  for (const id of gone) lines.handoffs.push(handoffTombstone(at.project, id, now));
  return { handoffs: [...all.values()], traces: found.length };
}

/** Session traces whose handoffs depend on the touched ones: those linking to them, and receivers after `groundedFrom` with ungrounded facts. */
async function dependentTraces(client: ClickHouseClient, at: At, touched: string[], groundedFrom: string | undefined): Promise<string[]> {
  const rows = await selectRows(
    client,
    z.object({ trace_id: z.string() }),
    `SELECT to_trace_id AS trace_id FROM handoffs FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND source = 'link' AND from_trace_id IN {touched:Array(String)}
     UNION DISTINCT
     SELECT arrayJoin([from_trace_id, to_trace_id]) AS trace_id FROM handoffs FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND {grounding:UInt8} = 1 AND added_count > 0
       AND receiver_time > fromUnixTimestamp64Nano(toInt64({groundedFrom:String}))`,
    { ...at, touched, grounding: groundedFrom === undefined ? 0 : 1, groundedFrom: groundedFrom ?? '0' },
    'analyzer.dependentTraces',
  );
  return rows.map((r) => r.trace_id).filter(Boolean);
}

function tallyOf(handoffs: readonly AnalyzedHandoff[]): HandoffTally {
  const t = { ...NO_HANDOFFS };
  for (const h of handoffs) {
    t.handoffs++;
    if (h.status !== 'complete') t.pending++;
    else {
      if (h.drift.severity !== 'none') t.drifted++;
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
}

/** Of these handoff ids, those a turn of the session not analysed now still lists. */
async function listedElsewhere(client: ClickHouseClient, at: At, ids: string[], except: Set<string>): Promise<Set<string>> {
  const rows = await selectRows(
    client,
    z.object({ id: z.string(), trace_id: z.string() }),
    `SELECT arrayJoin(arrayIntersect(handoff_ids, {ids:Array(String)})) AS id, trace_id FROM session_turns FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND hasAny(handoff_ids, {ids:Array(String)})`,
    { ...at, ids },
    'analyzer.listedElsewhere',
  );
  return new Set(rows.filter((r) => !except.has(r.trace_id)).map((r) => r.id));
}

/** The sessions of traces outside the update (the sender side of a handoff recorded in another session). */
async function sessionsOfTraces(client: ClickHouseClient, project: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    z.object({ trace_id: z.string(), session_id: z.string() }),
    `SELECT trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
     FROM traces WHERE project = {project:String} AND trace_id IN {traceIds:Array(String)} GROUP BY trace_id`,
    { project, traceIds },
    'analyzer.senderSessions',
  );
  return new Map(rows.map((r) => [r.trace_id, r.session_id]));
}

