import { createHash } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { PreviousSession } from '@/lib/analysis/consistency';
import { compareTurns, foldObservations, foldTurns, observedFacts, turnFacts, type TurnFacts, type TurnOrder } from '@/lib/analysis/session-fold';
import type { FactValue, Snapshot } from '@/lib/analysis/types';
import { valueKey } from '@/lib/analysis/value-key';
import { compareNanos } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import type { Store } from '@/lib/db/store';
import { reanalyseHandoffs } from './session-handoffs';
import { factLine, factsAsSnapshots, factsFrom, firstSeen, keyLine, keysOf, valueLine, valuesBefore, type StoredFact, type StoredKey } from './session-ledger';
import { NO_HANDOFFS, turnLine, turnsFrom, turnsOf, writeRows, type StoredTurn } from './session-state';
import { noDelta, readSummary, summaryRow, type StoredSummary, type SummaryDelta } from './session-summary';
import { loadTracesWhole, type LoadedTrace } from './trace-handoffs';

/**
 * Folds what commits brought into a session's stored analysis
 * (docs/analysis.md, "Incremental analysis"; `IncrementalSession` is the
 * same plan in memory, checked against the analysis from scratch). Work is
 * in proportion to the data and to how late it is:
 *
 * - the touched traces are read whole; the snapshots not seen before give t0
 *   (the earliest time the ledger can change) and p0 (the earliest turn
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
 * A session new to this state, or whose previous session (for cross-session
 * contradictions) changed, is folded whole.
 */

export interface SessionUpdate {
  project: string;
  sessionId: string;
  /** Traces of the session that commits wrote to (or whose counterparts changed). */
  touched: string[];
  /** Fold the whole session again (the facts its previous session ended on changed). */
  refoldAll?: boolean;
}

export interface UpdateResult {
  handoffs: AnalyzedHandoff[];
  /** The facts the session ends on changed: the user's next session compares with them. */
  finalFactsChanged: boolean;
  userId: string;
  startNs: string;
  /** Traces of other sessions holding the other side of an explicit handoff that changed here. */
  counterpartTraces: string[];
  /** What the update folded: ledger observations, turns, traces whose handoffs were found. */
  work: { observations: number; turns: number; traces: number };
}

/** The user's previous session, for a session of that user starting then. */
export type PreviousOf = (userId: string, sessionId: string, startNs: string) => PreviousSession | null;

type At = { project: string; sessionId: string };

const EARLIEST: TurnOrder = { startNs: '0', traceId: '' };
const minTurn = (a: TurnOrder | undefined, b: TurnOrder) => (!a || compareTurns(b, a) < 0 ? b : a);
const minTime = (a: string | undefined, b: string) => (a === undefined || compareNanos(b, a) < 0 ? b : a);
const orderOf = (t: LoadedTrace): TurnOrder => ({ startNs: t.info.startNs, traceId: t.info.traceId });

/** A snapshot's identity, so an update can tell what it has not taken in before. */
const identity = (s: Snapshot) =>
  createHash('sha256')
    .update(JSON.stringify([s.spanId, s.time, s.phase, s.handoffId, s.facts, s.digests, s.updates, s.constraints, s.text, s.contract, s.truncated, s.tokens]))
    .digest('hex')
    .slice(0, 24);

const withFacts = (s: Snapshot) => s.facts !== null || s.digests !== null;

/** What the update will write. */
interface Lines {
  facts: unknown[][];
  keys: unknown[][];
  values: unknown[][];
  turns: unknown[][];
  handoffs: unknown[][];
}

export async function updateSession(store: Store, update: SessionUpdate, previousOf: PreviousOf): Promise<UpdateResult> {
  const client = store.client;
  const at: At = { project: update.project, sessionId: update.sessionId };
  const work = { observations: 0, turns: 0, traces: 0 };
  const lines: Lines = { facts: [], keys: [], values: [], turns: [], handoffs: [] };
  const delta = noDelta();

  // The touched traces, whole, and what the state knew of them.
  const { traces: loaded, counterparts } = await loadTracesWhole(client, at.project, update.touched);
  const mine = [...loaded.values()].filter((t) => t.info.sessionId === at.sessionId);
  const [knownTurns, summary] = await Promise.all([turnsOf(client, at, mine.map((t) => t.info.traceId)), readSummary(client, at)]);
  const known = new Map(knownTurns.map((t) => [t.traceId, t]));
  let t0: string | undefined;
  let p0: TurnOrder | undefined;
  const freshIds = new Set<string>();
  for (const t of mine) {
    const before = known.get(t.info.traceId);
    const seen = new Set(before?.snapshots ?? []);
    const fresh = t.snapshots.filter((s) => !seen.has(identity(s)));
    for (const s of fresh) {
      if (withFacts(s)) t0 = minTime(t0, s.time);
      if (s.truncated || s.phase === 'compaction_after') delta.truncations++;
      if (s.handoffId) freshIds.add(s.handoffId);
    }
    if (!before || before.startNs !== t.info.startNs || fresh.some(withFacts)) {
      p0 = minTurn(p0, orderOf(t));
      if (before) p0 = minTurn(p0, before);
    }
  }
  const startNs = earliest([summary?.startNs, ...mine.map((t) => t.info.startNs)]);
  const userId = await sessionUser(client, at, summary, mine);
  const previous = previousOf(userId, at.sessionId, startNs);
  if (update.refoldAll || !summary || (previous?.sessionId ?? '') !== summary.previousSessionId) {
    t0 = '0';
    p0 = EARLIEST;
  }

  const keyUpdates = new Map<string, StoredKey>();
  const firstTimes = new Map<string, string>();
  let groundedFrom: string | undefined;
  if (t0 !== undefined) {
    groundedFrom = await refoldLedger(client, at, t0, mine, previous, keyUpdates, firstTimes, delta, lines, work);
  }
  const turns = new Map<string, StoredTurn>();
  if (p0 !== undefined) await refoldTurns(client, at, p0, mine, known, keyUpdates, turns, delta, work);
  for (const t of mine) updateTurnFigures(at, t, known.get(t.info.traceId), turns, delta, lines);

  const found = await reanalyseHandoffs(client, at, mine, loaded, counterparts, known, turns, groundedFrom, firstTimes, delta, lines);
  work.traces = found.traces;

  for (const t of turns.values()) lines.turns.push(turnLine(at, t));
  for (const k of keyUpdates.values()) lines.keys.push(keyLine(at, k));
  const finalFacts = mergeFinalFacts(summary?.finalFacts ?? '{}', keyUpdates);
  const row = summaryRow(at, summary, delta, {
    userId,
    startNs,
    endNs: latest([summary?.endNs, ...mine.map((t) => t.info.endNs)]),
    agents: [...new Set([...(summary?.agents ?? []), ...[...turns.values()].flatMap((t) => t.agents)])].sort(),
    finalFacts,
    previousSessionId: previous?.sessionId ?? '',
  });
  // The state first, the summary last: a summary never counts what the state does not hold.
  await Promise.all([
    writeRows(store, 'session_facts', lines.facts),
    writeRows(store, 'session_values', lines.values),
    writeRows(store, 'session_keys', lines.keys),
    writeRows(store, 'session_turns', lines.turns),
    writeRows(store, 'handoffs', lines.handoffs),
  ]);
  await writeRows(store, 'sessions', [row]);
  const counterpartTraces = [...new Set(counterparts.filter((s) => freshIds.has(s.handoffId) && loaded.get(s.traceId)?.info.sessionId !== at.sessionId).map((s) => s.traceId))];
  return { handoffs: found.handoffs, finalFactsChanged: finalFacts !== (summary?.finalFacts ?? '{}'), userId, startNs, counterpartTraces, work };
}

const earliest = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x).reduce((a, b) => (compareNanos(a, b) <= 0 ? a : b));
const latest = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x).reduce((a, b) => (compareNanos(a, b) >= 0 ? a : b));

/** The ledger from t0 on, folded again; returns from when the session's grounding changed. */
async function refoldLedger(
  client: ClickHouseClient,
  at: At,
  t0: string,
  mine: LoadedTrace[],
  previous: PreviousSession | null,
  keyUpdates: Map<string, StoredKey>,
  firstTimes: Map<string, string>,
  delta: SummaryDelta,
  lines: Lines,
  work: { observations: number },
): Promise<string | undefined> {
  const stored = await factsFrom(client, at, t0);
  const touched = new Set(mine.map((t) => t.info.traceId));
  const suffix = [...factsAsSnapshots(stored.filter((f) => !touched.has(f.traceId)), at.sessionId), ...mine.flatMap((t) => t.snapshots.filter((s) => compareNanos(s.time, t0) >= 0))];
  const suffixKeys = [...new Set(suffix.flatMap((s) => Object.keys(observedFacts(s))))];
  const keyState = await keysOf(client, at, suffixKeys);
  const lastBefore = new Map<string, FactValue>();
  const older: string[] = [];
  for (const key of suffixKeys) {
    const k = keyState.get(key);
    if (!k) continue;
    if (compareNanos(k.lastTime, t0) < 0) lastBefore.set(key, k.lastValue);
    else older.push(key);
  }
  for (const [key, value] of await valuesBefore(client, at, older, t0)) lastBefore.set(key, value);
  const entries = foldObservations(suffix, { lastBefore, establishedBefore: new Set(), previous });
  work.observations = entries.length;

  const old = new Map(stored.map((f) => [`${f.time}\u0000${f.traceId}\u0000${f.spanId}\u0000${f.seq}`, f]));
  const seq = new Map<string, number>();
  for (const { observation: o, contradiction: c } of entries) {
    const place = `${o.time}\u0000${o.traceId}\u0000${o.spanId}`;
    const n = seq.get(place) ?? 0;
    seq.set(place, n + 1);
    const fact: StoredFact = { ...o, seq: n, contradiction: c?.scope ?? '', contradictionFrom: c?.from ?? null };
    const was = old.get(`${place}\u0000${n}`);
    if (!was || JSON.stringify(factLine(at, was).slice(0, -1)) !== JSON.stringify(factLine(at, fact).slice(0, -1))) lines.facts.push(factLine(at, fact));
    const k = keyUpdates.get(o.key) ?? keyState.get(o.key) ?? { key: o.key, firstStart: '0', firstTrace: '', lastTime: o.time, lastValue: o.value };
    keyUpdates.set(o.key, { ...k, lastTime: o.time, lastValue: o.value });
    for (const vk of [valueKey(o.value), '*']) {
      const id = `${o.key}\u0000${vk}`;
      firstTimes.set(id, minTime(firstTimes.get(id), o.time));
    }
  }
  delta.contradictions += entries.filter((e) => e.contradiction).length - stored.filter((f) => f.contradiction).length;

  // Grounding: a (key, value) first seen now, or earlier than the state knew.
  const ids = [...firstTimes.keys()];
  const storedFirst = await firstSeen(client, at, ids.map((id) => id.split('\u0000') as [string, string]));
  let groundedFrom: string | undefined;
  for (const [id, time] of firstTimes) {
    const was = storedFirst.get(id);
    if (was !== undefined && compareNanos(was, time) <= 0) {
      firstTimes.set(id, was);
      continue;
    }
    const [key, vk] = id.split('\u0000') as [string, string];
    lines.values.push(valueLine(at, key, vk, time));
    groundedFrom = minTime(groundedFrom, time);
  }
  return groundedFrom;
}

/** Turn records from p0 on, folded again from the keys the turns before p0 established. */
async function refoldTurns(
  client: ClickHouseClient,
  at: At,
  p0: TurnOrder,
  mine: LoadedTrace[],
  known: ReadonlyMap<string, StoredTurn>,
  keyUpdates: Map<string, StoredKey>,
  turns: Map<string, StoredTurn>,
  delta: SummaryDelta,
  work: { turns: number },
): Promise<void> {
  const { suffix: stored, before } = await turnsFrom(client, at, p0);
  const touched = new Set(mine.map((t) => t.info.traceId));
  const facts: TurnFacts[] = [
    ...stored.filter((t) => !touched.has(t.traceId)).map((t) => ({ startNs: t.startNs, traceId: t.traceId, keys: t.keys, lastKeys: t.lastKeys })),
    ...mine.filter((t) => compareTurns(orderOf(t), p0) >= 0).map((t) => turnFacts(orderOf(t), t.snapshots)),
  ];
  const turnKeys = [...new Set(facts.flatMap((t) => t.keys))];
  const keyState = await keysOf(client, at, turnKeys.filter((k) => !keyUpdates.has(k)));
  const keyOf = (key: string) => keyUpdates.get(key) ?? keyState.get(key);
  // A key is established before p0 when its first turn (as the state knows it) comes before p0.
  const records = foldTurns(facts, {
    size: before?.established ?? 0,
    has: (key) => {
      const k = keyOf(key);
      return !!k && k.firstTrace !== '' && compareTurns({ startNs: k.firstStart, traceId: k.firstTrace }, p0) < 0;
    },
  });
  work.turns = records.length;
  const oldByTrace = new Map(stored.map((t) => [t.traceId, t]));
  const factsByTrace = new Map(facts.map((f) => [f.traceId, f]));
  for (const r of records) {
    const f = factsByTrace.get(r.traceId) as TurnFacts;
    for (const key of r.newKeys) {
      const k = keyOf(key) ?? { key, firstStart: r.startNs, firstTrace: r.traceId, lastTime: '0', lastValue: null };
      keyUpdates.set(key, { ...k, firstStart: r.startNs, firstTrace: r.traceId });
    }
    const was = oldByTrace.get(r.traceId) ?? known.get(r.traceId) ?? emptyTurn(r.traceId, r.startNs);
    turns.set(r.traceId, { ...was, startNs: r.startNs, keys: [...f.keys], lastKeys: f.lastKeys ? [...f.lastKeys] : null, newKeys: r.newKeys, established: r.established, held: r.held, retention: r.retention });
    if (r.retention !== null) {
      delta.retentionSum += Math.round(r.retention * 1000);
      delta.retentionCount++;
    }
  }
  for (const t of stored) {
    if (t.retention === null) continue;
    delta.retentionSum -= Math.round(t.retention * 1000);
    delta.retentionCount--;
  }
}

/** A touched turn's own figures (spans, errors, tokens, agents, snapshots taken in), and a tombstone where it moved. */
function updateTurnFigures(at: At, t: LoadedTrace, was: StoredTurn | undefined, turns: Map<string, StoredTurn>, delta: SummaryDelta, lines: Lines): void {
  const now = turns.get(t.info.traceId) ?? (was ? { ...was } : emptyTurn(t.info.traceId, t.info.startNs));
  const updated: StoredTurn = {
    ...now,
    snapshots: t.snapshots.map(identity),
    truncations: t.snapshots.filter((s) => s.truncated || s.phase === 'compaction_after').length,
    spans: t.spans.spans.length,
    errors: t.spans.errors,
    inputTokens: t.spans.inputTokens,
    outputTokens: t.spans.outputTokens,
    agents: [...new Set(t.spans.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => s.agent))].sort(),
    endNs: t.info.endNs,
    userId: t.info.userId,
  };
  turns.set(t.info.traceId, updated);
  if (!was) delta.traces++;
  delta.spans += updated.spans - (was?.spans ?? 0);
  delta.errors += updated.errors - (was?.errors ?? 0);
  delta.inputTokens += updated.inputTokens - (was?.inputTokens ?? 0);
  delta.outputTokens += updated.outputTokens - (was?.outputTokens ?? 0);
  if (was && was.startNs !== updated.startNs) lines.turns.push(turnLine(at, was, true));
}

function emptyTurn(traceId: string, startNs: string): StoredTurn {
  return {
    startNs,
    traceId,
    keys: [],
    lastKeys: null,
    newKeys: [],
    established: 0,
    held: 0,
    retention: null,
    snapshots: [],
    truncations: 0,
    spans: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    agents: [],
    endNs: startNs,
    userId: '',
    handoffIds: [],
    tally: NO_HANDOFFS,
  };
}

/** The session's user: that of its earliest turn that names one. */
async function sessionUser(client: ClickHouseClient, at: At, summary: StoredSummary | null, mine: LoadedTrace[]): Promise<string> {
  const [row] = await selectRows(
    client,
    z.object({ user_id: z.string(), start_ns: z.string(), trace_id: z.string() }),
    `SELECT user_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, trace_id FROM session_turns FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND user_id != ''
     ORDER BY start_time, trace_id LIMIT 1`,
    at,
    'analyzer.sessionUser',
  );
  const candidates = [...(row ? [{ startNs: row.start_ns, traceId: row.trace_id, userId: row.user_id }] : []), ...mine.filter((t) => t.info.userId).map((t) => ({ ...orderOf(t), userId: t.info.userId }))];
  candidates.sort(compareTurns);
  return candidates[0]?.userId ?? summary?.userId ?? '';
}

/** The last value of every key, as the summary holds them, with this update's keys changed. */
function mergeFinalFacts(stored: string, keys: ReadonlyMap<string, StoredKey>): string {
  const facts = JSON.parse(stored) as Record<string, FactValue>;
  for (const k of keys.values()) if (k.lastTime !== '0') facts[k.key] = k.lastValue;
  return JSON.stringify(facts);
}

