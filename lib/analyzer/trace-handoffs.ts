import type { ClickHouseClient } from '@clickhouse/client';
import { analyzeHandoffs, type AnalyzedHandoff, type Grounding } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { observedFacts } from '@/lib/analysis/session-fold';
import { valueKey } from '@/lib/analysis/value-key';
import { compareNanos } from '@/lib/domain/time';
import { loadSnapshots, loadSpans, traceInfos, type TraceInfo, type UnitSpans } from './load';
import { firstSeen, turnsOf } from './state-reads';

/**
 * The handoffs of a session's traces, found trace by trace
 * (docs/analysis.md, "Incremental analysis"): a trace's handoffs depend on
 * its own spans and snapshots, on the session's traces it reaches (its links'
 * targets, the other sides of its explicit handoffs), on the other sides
 * recorded in other sessions, and, for the `added` facts of a drift, on the
 * first time the session held each fact value.
 */

export interface LoadedTrace {
  info: TraceInfo;
  spans: UnitSpans;
  snapshots: Snapshot[];
}

/** Loads traces whole: spans (with what the analysis reads) and their snapshots; plus the other sides of their explicit handoffs. */
export async function loadTracesWhole(client: ClickHouseClient, project: string, traceIds: readonly string[]): Promise<{ traces: Map<string, LoadedTrace>; counterparts: Snapshot[] }> {
  const infos = await traceInfos(client, project, traceIds);
  const [spans, snapshots] = await Promise.all([loadSpans(client, infos), loadSnapshots(client, infos.map((t) => t.traceId))]);
  const traces = new Map<string, LoadedTrace>();
  for (const info of infos) {
    traces.set(info.traceId, { info, spans: spans.get(info.traceId) ?? { spans: [], errors: 0, inputTokens: 0, outputTokens: 0 }, snapshots: [] });
  }
  for (const s of snapshots.own) traces.get(s.traceId)?.snapshots.push(s);
  return { traces, counterparts: snapshots.counterparts };
}

/** The (key, value) pairs whose first times a drift may ask about: every fact any of these snapshots observes. */
export function groundingPairs(snapshots: readonly Snapshot[]): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const s of snapshots) {
    for (const [key, value] of Object.entries(observedFacts(s))) {
      for (const vk of [valueKey(value), '*']) pairs.set(`${key}\u0000${vk}`, [key, vk]);
    }
  }
  return [...pairs.values()];
}

/** Grounding from first-seen times (stored, with this update's own on top). */
export function groundingFrom(first: ReadonlyMap<string, string>): Grounding {
  return (receiver) => (key, value) => {
    const time = first.get(`${key}\u0000${value === null ? '*' : valueKey(value)}`);
    return time !== undefined && compareNanos(time, receiver.time) < 0;
  };
}

export interface TraceHandoffs {
  sessionId: string;
  traceId: string;
  handoffs: AnalyzedHandoff[];
}

/** Which of these trace ids are traces of each session. */
export type Members = (asks: ReadonlyMap<string, readonly string[]>) => Promise<Map<string, Set<string>>>;

/** Members by the traces already loaded, else by the session's stored turns. */
export function storedMembers(client: ClickHouseClient, project: string, loaded: ReadonlyMap<string, LoadedTrace>): Members {
  return async (asks) => {
    const out = new Map<string, Set<string>>();
    const unknown = new Map<string, string[]>();
    for (const [sessionId, ids] of asks) {
      out.set(sessionId, new Set(ids.filter((id) => loaded.get(id)?.info.sessionId === sessionId)));
      unknown.set(sessionId, ids.filter((id) => !loaded.has(id)));
    }
    for (const [sessionId, turns] of await turnsOf(client, project, unknown)) for (const t of turns) out.get(sessionId)?.add(t.traceId);
    return out;
  };
}

/**
 * Finds the handoffs of these traces (each a trace of its session). `loaded`
 * holds traces already read (and is added to); the session's traces they
 * reach are read here. `fresh` holds, per session, first-seen times of fact
 * values this update found and has not written yet.
 */
export async function findTraceHandoffs(
  client: ClickHouseClient,
  project: string,
  asks: readonly { sessionId: string; traceId: string }[],
  loaded: Map<string, LoadedTrace>,
  counterparts: Snapshot[],
  members: Members,
  fresh: ReadonlyMap<string, ReadonlyMap<string, string>>,
): Promise<TraceHandoffs[]> {
  const missing = asks.map((a) => a.traceId).filter((id) => !loaded.has(id));
  if (missing.length > 0) {
    const more = await loadTracesWhole(client, project, missing);
    for (const [id, t] of more.traces) loaded.set(id, t);
    counterparts.push(...more.counterparts);
  }
  // The traces a trace reaches: its links' targets, and the traces with the other side of one of its explicit handoffs.
  const known = byHandoff([...counterparts, ...[...loaded.values()].flatMap((x) => x.snapshots)]);
  const sharing = (t: LoadedTrace) => [...new Set(t.snapshots.map((s) => s.handoffId).filter(Boolean))].flatMap((id) => known.get(id) ?? []);
  const targets = (t: LoadedTrace) => {
    const linked = t.spans.spans.flatMap((s) => s.links.map((l) => l.traceId));
    return [...new Set([...linked, ...sharing(t).map((s) => s.traceId)])].filter((id) => id !== t.info.traceId);
  };
  const reachable = new Map<string, string[]>();
  for (const a of asks) {
    const t = loaded.get(a.traceId);
    if (t) reachable.set(a.sessionId, [...new Set([...(reachable.get(a.sessionId) ?? []), ...targets(t)])]);
  }
  const lendable = await members(reachable);
  const toLoad = [...new Set([...lendable.values()].flatMap((ids) => [...ids]))].filter((id) => !loaded.has(id));
  if (toLoad.length > 0) {
    const more = await loadTracesWhole(client, project, toLoad);
    for (const [id, t] of more.traces) loaded.set(id, t);
  }
  // What each asked trace is analysed with: its own spans and snapshots, those of the traces its session lends it, and the other sides outside.
  const inputs = asks.flatMap(({ sessionId, traceId }) => {
    const trace = loaded.get(traceId);
    if (!trace) return [];
    const mine = lendable.get(sessionId) ?? new Set<string>();
    const lent = targets(trace).filter((t) => mine.has(t)).flatMap((t) => loaded.get(t) ?? []);
    const outside = sharing(trace).filter((s) => !mine.has(s.traceId) && s.traceId !== traceId && loaded.get(s.traceId)?.info.sessionId !== sessionId);
    return [{ sessionId, traceId, trace, lent, outside }];
  });
  // Grounding asks each session only about the facts its own analyses can ask about.
  const seen = new Map<string, Snapshot[]>();
  for (const { sessionId, trace, lent, outside } of inputs) {
    const list = seen.get(sessionId) ?? [];
    for (const snapshots of [trace.snapshots, ...lent.map((t) => t.snapshots), outside]) for (const snapshot of snapshots) list.push(snapshot);
    seen.set(sessionId, list);
  }
  const stored = await firstSeen(client, project, new Map([...seen].map(([id, snapshots]) => [id, groundingPairs(snapshots)])));
  const groundings = new Map<string, Grounding>();
  const groundingOf = (sessionId: string) => {
    let g = groundings.get(sessionId);
    if (g) return g;
    // This update's first times are not written yet: they count over the stored ones.
    const first = new Map(stored.get(sessionId) ?? []);
    for (const [id, time] of fresh.get(sessionId) ?? []) if (!first.has(id) || compareNanos(time, first.get(id) as string) < 0) first.set(id, time);
    g = groundingFrom(first);
    groundings.set(sessionId, g);
    return g;
  };
  const out: TraceHandoffs[] = [];
  for (const { sessionId, traceId, trace, lent, outside } of inputs) {
    const handoffs = analyzeHandoffs({
      spans: [...trace.spans.spans, ...lent.flatMap((t) => t.spans.spans)],
      snapshots: [...trace.snapshots, ...lent.flatMap((t) => t.snapshots)],
      counterparts: dedupeSnapshots(outside),
      grounded: groundingOf(sessionId),
      origin: traceId,
    });
    out.push({ sessionId, traceId, handoffs });
  }
  return out;
}

/** Snapshots of explicit handoffs by handoff id. */
function byHandoff(snapshots: readonly Snapshot[]): Map<string, Snapshot[]> {
  const out = new Map<string, Snapshot[]>();
  for (const s of snapshots) {
    if (!s.handoffId) continue;
    const list = out.get(s.handoffId);
    if (list) list.push(s);
    else out.set(s.handoffId, [s]);
  }
  return out;
}

/** The same snapshot may be known both as a counterpart and as a loaded trace's own. */
function dedupeSnapshots(snapshots: Snapshot[]): Snapshot[] {
  const seen = new Set<string>();
  return snapshots.filter((s) => {
    const id = `${s.traceId}\u0000${s.spanId}\u0000${s.time}\u0000${s.phase}\u0000${s.handoffId}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

