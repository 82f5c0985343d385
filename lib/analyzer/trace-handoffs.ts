import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { analyzeHandoffs, type AnalyzedHandoff, type Grounding } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { observedFacts } from '@/lib/analysis/session-fold';
import { valueKey } from '@/lib/analysis/value-key';
import { compareNanos } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import { loadSnapshots, loadSpans, traceInfos, type TraceInfo, type UnitSpans } from './load';
import { firstSeen } from './session-ledger';
import { handoffTombstone, nextVersion } from './save';

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
  traceId: string;
  handoffs: AnalyzedHandoff[];
}

/**
 * Finds the handoffs of `traceIds` (traces of the session). `loaded` holds
 * traces already read; the session's traces they reach are read here.
 * `inSession` answers which trace ids belong to the session.
 */
export async function findTraceHandoffs(
  client: ClickHouseClient,
  at: { project: string; sessionId: string },
  traceIds: readonly string[],
  loaded: Map<string, LoadedTrace>,
  counterparts: Snapshot[],
  inSession: (traceIds: readonly string[]) => Promise<Set<string>>,
  fresh: ReadonlyMap<string, string>,
): Promise<TraceHandoffs[]> {
  const missing = traceIds.filter((id) => !loaded.has(id));
  if (missing.length > 0) {
    const more = await loadTracesWhole(client, at.project, missing);
    for (const [id, t] of more.traces) loaded.set(id, t);
    counterparts.push(...more.counterparts);
  }
  // The traces a trace reaches: its links' targets, and the traces with the other side of one of its explicit handoffs.
  const targets = (t: LoadedTrace) => {
    const ids = new Set(t.snapshots.map((s) => s.handoffId).filter(Boolean));
    const linked = t.spans.spans.flatMap((s) => s.links.map((l) => l.traceId));
    const known = [...counterparts, ...[...loaded.values()].flatMap((x) => x.snapshots)];
    const sharing = known.filter((s) => ids.has(s.handoffId)).map((s) => s.traceId);
    return [...new Set([...linked, ...sharing])].filter((id) => id !== t.info.traceId);
  };
  const reachable = [...new Set(traceIds.flatMap((id) => (loaded.get(id) ? targets(loaded.get(id) as LoadedTrace) : [])))];
  const lendable = await inSession(reachable);
  const toLoad = [...lendable].filter((id) => !loaded.has(id));
  if (toLoad.length > 0) {
    const more = await loadTracesWhole(client, at.project, toLoad);
    for (const [id, t] of more.traces) loaded.set(id, t);
  }
  const all = [...loaded.values()].flatMap((t) => t.snapshots).concat(counterparts);
  const stored = await firstSeen(client, at, groundingPairs(all));
  // This update's first times are not written yet: they count over the stored ones.
  const first = new Map(stored);
  for (const [id, time] of fresh) if (!first.has(id) || compareNanos(time, first.get(id) as string) < 0) first.set(id, time);
  const grounded = groundingFrom(first);
  const out: TraceHandoffs[] = [];
  for (const id of traceIds) {
    const trace = loaded.get(id);
    if (!trace) continue;
    const lent = targets(trace).filter((t) => lendable.has(t)).flatMap((t) => loaded.get(t) ?? []);
    const ids = new Set(trace.snapshots.map((s) => s.handoffId).filter(Boolean));
    const outside = counterparts.filter((s) => ids.has(s.handoffId) && !lendable.has(s.traceId) && s.traceId !== id);
    const handoffs = analyzeHandoffs({
      spans: [...trace.spans.spans, ...lent.flatMap((t) => t.spans.spans)],
      snapshots: [...trace.snapshots, ...lent.flatMap((t) => t.snapshots)],
      counterparts: outside,
      grounded,
      origin: id,
    });
    out.push({ traceId: id, handoffs });
  }
  return out;
}

// ---- stored handoffs --------------------------------------------------------------------

const digestRow = z.object({ id: z.string(), digest: z.string(), deleted: z.coerce.number() });

/** The digests of the live stored versions of these handoffs. */
export async function storedHandoffs(client: ClickHouseClient, project: string, ids: readonly string[]): Promise<Map<string, { digest: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await selectRows(
    client,
    digestRow,
    `SELECT id, argMax(digest, version) AS digest, argMax(deleted, version) AS deleted
     FROM handoffs WHERE project = {project:String} AND id IN {ids:Array(String)} GROUP BY id`,
    { project, ids },
    'analyzer.storedHandoffs',
  );
  return new Map(rows.filter((r) => r.deleted === 0).map((r) => [r.id, { digest: r.digest }]));
}

/** A handoff row (HANDOFF_COLUMNS) and the digest of its content. */
export function handoffLine(project: string, sessionId: string, h: AnalyzedHandoff): { line: unknown[]; digest: string } {
  const fields = [
    project,
    h.id,
    sessionId,
    h.fromTraceId || h.toTraceId,
    h.fromTraceId,
    h.toTraceId,
    h.fromAgent,
    h.toAgent,
    h.fromSpanId,
    h.toSpanId,
    h.time,
    h.source,
    h.status,
    h.drift.severity,
    h.drift.method,
    h.drift.fidelity,
    h.contract ? JSON.stringify(h.contract) : '',
    JSON.stringify(h.drift),
  ];
  const digest = createHash('sha256').update(JSON.stringify(fields)).digest('hex').slice(0, 32);
  return { line: [...fields, digest, nextVersion(), 0, h.compared.receiver?.time ?? null, h.drift.added.length], digest };
}

export { handoffTombstone };
