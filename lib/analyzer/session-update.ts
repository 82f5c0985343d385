import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { PreviousSession } from '@/lib/analysis/consistency';
import type { FactValue } from '@/lib/analysis/types';
import type { Store } from '@/lib/db/store';
import { loadTraces } from './load';
import { refoldLedgers, refoldTurns, updateTurnFigures } from './session-folds';
import { reanalyseHandoffs } from './session-handoffs';
import { keyLine, type StoredKey } from './session-ledger';
import { turnLine, writeRows } from './session-state';
import { readSummaries, summaryRow } from './session-summary';
import { EARLIEST, begin, latest, type SessionUpdate, type Work } from './session-work';
import { turnsOf } from './state-reads';
import { loadTracesWhole, type LoadedTrace } from './trace-handoffs';

/**
 * Folds what commits brought into sessions' stored analysis, a batch of
 * sessions at a time (docs/analysis.md, "Incremental analysis";
 * `IncrementalSession` is the same plan in memory, checked against the
 * analysis from scratch). Each kind of state is read with one query for the
 * whole batch. For each session the work is in proportion to the data and to
 * how late it is:
 *
 * - the touched traces are read whole; the snapshots not taken in before give
 *   t0 (the earliest time the ledger can change) and p0 (the earliest turn
 *   whose retention can change);
 * - the ledger is folded again from t0 on, from each key's value just before
 *   t0 (kept per key; read from the ledger only for data older than a key's
 *   last observation);
 * - retention is folded again from p0 on, from the count of keys the turns
 *   before p0 established;
 * - handoffs are found again for the touched traces, the session's traces
 *   linking to them or sharing an explicit handoff with them, and those whose
 *   receivers come after a fact value the session now holds earlier;
 * - the summary moves by the differences.
 *
 * A session whose previous session (for cross-session contradictions) changed
 * is folded whole from its state. A session new to this state, or rebuilt
 * after a failed update, is built from all its traces.
 */

export type { SessionUpdate };

export interface SessionResult {
  sessionId: string;
  /** The session is new, or ends on other facts: the user's next session compares with it. */
  finalFactsChanged: boolean;
  userId: string;
  startNs: string;
  /** Traces of other sessions holding the other side of an explicit handoff that arrived here. */
  counterpartTraces: string[];
  /** What the update folded: ledger observations and turns. */
  work: { observations: number; turns: number };
}

export interface BatchResult {
  sessions: SessionResult[];
  handoffs: AnalyzedHandoff[];
  /** Traces whose handoffs were found again. */
  traces: number;
}

/** The user's previous sessions, for the sessions of a batch: loaded once per batch for its users. */
export type PreviousOf = (users: string[]) => Promise<(userId: string, sessionId: string, startNs: string) => PreviousSession | null>;

export async function updateSessions(store: Store, project: string, updates: readonly SessionUpdate[], previousOf: PreviousOf): Promise<BatchResult> {
  const client = store.client;
  const [summaries, first] = await Promise.all([
    readSummaries(client, project, updates.map((u) => u.sessionId)),
    loadTracesWhole(client, project, [...new Set(updates.flatMap((u) => u.touched))]),
  ]);
  const { traces: loaded, counterparts } = first;
  // Sessions built from all their traces: rebuilt, or new to the state.
  const rebuilding = new Set(updates.filter((u) => u.rebuild || !summaries.get(u.sessionId)?.stateful).map((u) => u.sessionId));
  const touchedOf = new Map(updates.map((u) => [u.sessionId, u.touched]));
  if (rebuilding.size > 0) {
    const all = await loadTraces(client, project, [...rebuilding], []);
    for (const id of rebuilding) touchedOf.set(id, []);
    for (const t of all) touchedOf.get(t.sessionId)?.push(t.traceId);
    const more = await loadTracesWhole(client, project, all.map((t) => t.traceId).filter((id) => !loaded.has(id)));
    for (const [id, t] of more.traces) loaded.set(id, t);
    counterparts.push(...more.counterparts);
  }
  const mineOf = (sessionId: string) => (touchedOf.get(sessionId) ?? []).flatMap((id) => (loaded.get(id)?.info.sessionId === sessionId ? [loaded.get(id) as LoadedTrace] : []));
  // A session with nothing stored to fold (its traces expired, or none arrived yet) is left alone.
  const live = updates.filter((u) => mineOf(u.sessionId).length > 0 || (u.refoldAll && summaries.get(u.sessionId)?.stateful && !rebuilding.has(u.sessionId)));
  if (live.length === 0) return { sessions: [], handoffs: [], traces: 0 };
  const known = await turnsOf(client, project, new Map(live.map((u) => [u.sessionId, mineOf(u.sessionId).map((t) => t.info.traceId)])));
  const works = live.map((u) =>
    begin(project, u, mineOf(u.sessionId), new Map((known.get(u.sessionId) ?? []).map((t) => [t.traceId, t])), summaries.get(u.sessionId), rebuilding.has(u.sessionId)),
  );
  const previous = await previousOf([...new Set(works.map((w) => w.userId).filter(Boolean))]);
  for (const w of works) {
    w.previous = previous(w.userId, w.at.sessionId, w.startNs);
    if (w.refold || !w.base || (w.previous?.sessionId ?? '') !== w.base.previousSessionId) {
      w.t0 = '0';
      w.p0 = EARLIEST;
    }
  }
  await refoldLedgers(client, project, works.filter((w) => w.t0 !== undefined));
  await refoldTurns(client, project, works.filter((w) => w.p0 !== undefined));
  for (const w of works) for (const t of w.mine) updateTurnFigures(w, t);
  const handoffs = await reanalyseHandoffs(client, project, works, loaded, counterparts);

  const lines = { turns: [] as unknown[][], keys: [] as unknown[][], sessions: [] as unknown[][] };
  const results = works.map((w) => {
    lines.turns.push(...w.tombstones, ...[...w.turns.values()].map((t) => turnLine(w.at, t)));
    lines.keys.push(...[...w.keyUpdates.values()].map((k) => keyLine(w.at, k)));
    lines.sessions.push(summaryOf(w));
    return resultOf(w, loaded, counterparts);
  });
  // The state first, the summaries last: a summary never counts what the state does not hold.
  await Promise.all([
    writeRows(store, 'session_facts', works.flatMap((w) => w.facts)),
    writeRows(store, 'session_values', works.flatMap((w) => w.values)),
    writeRows(store, 'session_keys', lines.keys),
    writeRows(store, 'session_turns', lines.turns),
    writeRows(store, 'handoffs', handoffs.lines),
  ]);
  await writeRows(store, 'sessions', lines.sessions);
  return { sessions: results, handoffs: handoffs.handoffs, traces: handoffs.traces };
}

const finalFactsOf = (w: Work) => mergeFinalFacts(w.base?.finalFacts ?? '{}', w.keyUpdates);

function summaryOf(w: Work): unknown[] {
  return summaryRow(w.at, w.base, w.delta, {
    userId: w.userId,
    startNs: w.startNs,
    endNs: latest([w.base?.endNs, ...w.mine.map((t) => t.info.endNs)]),
    agents: [...new Set([...(w.base?.agents ?? []), ...[...w.turns.values()].flatMap((t) => t.agents)])].sort(),
    finalFacts: finalFactsOf(w),
    previousSessionId: w.previous?.sessionId ?? '',
    userTurn: w.userTurn,
  });
}

function resultOf(w: Work, loaded: ReadonlyMap<string, LoadedTrace>, counterparts: readonly { handoffId: string; traceId: string }[]): SessionResult {
  const elsewhere = counterparts.filter((s) => w.freshIds.has(s.handoffId) && loaded.get(s.traceId)?.info.sessionId !== w.at.sessionId).map((s) => s.traceId);
  const moved = !w.summary || w.summary.startNs !== w.startNs || w.summary.userId !== w.userId;
  return {
    sessionId: w.at.sessionId,
    finalFactsChanged: moved || finalFactsOf(w) !== w.summary?.finalFacts,
    userId: w.userId,
    startNs: w.startNs,
    counterpartTraces: [...new Set(elsewhere)],
    work: { observations: w.observations, turns: w.turnsFolded },
  };
}

/** The last value of every key, as the summary holds them, with this update's keys changed. */
function mergeFinalFacts(stored: string, keys: ReadonlyMap<string, StoredKey>): string {
  const facts = JSON.parse(stored) as Record<string, FactValue>;
  for (const k of keys.values()) if (k.lastTime !== '0') facts[k.key] = k.lastValue;
  return JSON.stringify(facts);
}
