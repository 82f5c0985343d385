import type { ClickHouseClient } from '@clickhouse/client';
import { compareTurns, foldObservations, foldTurns, observedFacts, turnFacts, type TurnFacts, type TurnOrder } from '@/lib/analysis/session-fold';
import type { FactValue, Snapshot } from '@/lib/analysis/types';
import { valueKey } from '@/lib/analysis/value-key';
import { compareNanos } from '@/lib/domain/time';
import { factLine, factsAsSnapshots, valueLine, type StoredFact, type StoredKey } from './session-ledger';
import { turnLine, type StoredTurn } from './session-state';
import { emptyTurn, identity, minTime, orderOf, type Work } from './session-work';
import { establishedBefore, factsFrom, firstSeen, keysOf, turnsFrom, valuesBefore } from './state-reads';
import type { LoadedTrace } from './trace-handoffs';

/**
 * The folds of a batch of session updates (session-update.ts): the ledger
 * from each session's t0, retention from its p0, each touched turn's own
 * figures. Each adds what it changed to the session's summary delta.
 */

/** The ledgers from each session's t0 on, folded again; records what grounding changed. */
export async function refoldLedgers(client: ClickHouseClient, project: string, works: Work[]): Promise<void> {
  if (works.length === 0) return;
  const stored = await factsFrom(client, project, new Map(works.map((w) => [w.at.sessionId, w.t0 as string])));
  const suffixes = new Map<Work, Snapshot[]>();
  for (const w of works) {
    const touched = new Set(w.touched);
    const t0 = w.t0 as string;
    suffixes.set(w, [...factsAsSnapshots((stored.get(w.at.sessionId) ?? []).filter((f) => !touched.has(f.traceId)), w.at.sessionId), ...w.mine.flatMap((t) => t.snapshots.filter((s) => compareNanos(s.time, t0) >= 0))]);
  }
  const suffixKeys = new Map(works.map((w) => [w.at.sessionId, [...new Set((suffixes.get(w) ?? []).flatMap((s) => Object.keys(observedFacts(s))))]]));
  const keyState = await keysOf(client, project, suffixKeys);
  const older = new Map<string, { keys: string[]; t0: string }>();
  const lastBefore = new Map<Work, Map<string, FactValue>>();
  for (const w of works) {
    const before = new Map<string, FactValue>();
    const keys = keyState.get(w.at.sessionId) ?? new Map<string, StoredKey>();
    const ask: string[] = [];
    for (const key of suffixKeys.get(w.at.sessionId) ?? []) {
      const k = keys.get(key);
      if (!k) continue;
      if (compareNanos(k.lastTime, w.t0 as string) < 0) before.set(key, k.lastValue);
      else ask.push(key);
    }
    older.set(w.at.sessionId, { keys: ask, t0: w.t0 as string });
    lastBefore.set(w, before);
  }
  const fromLedger = await valuesBefore(client, project, older);
  for (const w of works) {
    const before = lastBefore.get(w) as Map<string, FactValue>;
    for (const [key, value] of fromLedger.get(w.at.sessionId) ?? []) before.set(key, value);
    foldLedger(w, suffixes.get(w) ?? [], before, stored.get(w.at.sessionId) ?? [], keyState.get(w.at.sessionId) ?? new Map());
  }
  // Grounding: a (key, value) first seen now, or earlier than the state knew.
  const storedFirst = await firstSeen(client, project, new Map(works.map((w) => [w.at.sessionId, [...w.firstTimes.keys()].map((id) => id.split('\u0000') as [string, string])])));
  for (const w of works) {
    const known = storedFirst.get(w.at.sessionId) ?? new Map<string, string>();
    for (const [id, time] of w.firstTimes) {
      const was = known.get(id);
      if (was !== undefined && compareNanos(was, time) <= 0) {
        w.firstTimes.set(id, was);
        continue;
      }
      const [key, vk] = id.split('\u0000') as [string, string];
      w.values.push(valueLine(w.at, key, vk, time));
      w.groundedFrom = minTime(w.groundedFrom, time);
    }
  }
}

function foldLedger(w: Work, suffix: Snapshot[], lastBefore: Map<string, FactValue>, stored: StoredFact[], keyState: Map<string, StoredKey>): void {
  const entries = foldObservations(suffix, { lastBefore, establishedBefore: new Set(), previous: w.previous });
  w.observations = entries.length;
  const old = new Map(stored.map((f) => [`${f.time}\u0000${f.traceId}\u0000${f.spanId}\u0000${f.seq}`, f]));
  const seq = new Map<string, number>();
  const same = (a: StoredFact, b: StoredFact) => JSON.stringify(factLine(w.at, a).slice(0, -1)) === JSON.stringify(factLine(w.at, b).slice(0, -1));
  for (const { observation: o, contradiction: c } of entries) {
    const place = `${o.time}\u0000${o.traceId}\u0000${o.spanId}`;
    const n = seq.get(place) ?? 0;
    seq.set(place, n + 1);
    const fact: StoredFact = { ...o, seq: n, contradiction: c?.scope ?? '', contradictionFrom: c?.from ?? null };
    const was = old.get(`${place}\u0000${n}`);
    if (!was || !same(was, fact)) w.facts.push(factLine(w.at, fact));
    const k = w.keyUpdates.get(o.key) ?? keyState.get(o.key) ?? { key: o.key, firstStart: '0', firstTrace: '', lastTime: o.time, lastValue: o.value };
    w.keyUpdates.set(o.key, { ...k, lastTime: o.time, lastValue: o.value });
    for (const vk of [valueKey(o.value), '*']) {
      const id = `${o.key}\u0000${vk}`;
      w.firstTimes.set(id, minTime(w.firstTimes.get(id), o.time));
    }
  }
  w.delta.contradictions += entries.filter((e) => e.contradiction).length - (w.rebuild ? 0 : stored.filter((f) => f.contradiction).length);
}

/** Turn records from each session's p0 on, folded again from the count of keys the turns before p0 established. */
export async function refoldTurns(client: ClickHouseClient, project: string, works: Work[]): Promise<void> {
  if (works.length === 0) return;
  const from = new Map(works.map((w) => [w.at.sessionId, w.p0 as TurnOrder]));
  const [stored, counts] = await Promise.all([turnsFrom(client, project, from), establishedBefore(client, project, from)]);
  const facts = new Map<Work, TurnFacts[]>();
  for (const w of works) {
    const touched = new Set(w.touched);
    facts.set(w, [
      ...(stored.get(w.at.sessionId) ?? []).filter((t) => !touched.has(t.traceId)).map((t) => ({ startNs: t.startNs, traceId: t.traceId, keys: t.keys, lastKeys: t.lastKeys })),
      ...w.mine.filter((t) => compareTurns(orderOf(t), w.p0 as TurnOrder) >= 0).map((t) => turnFacts(orderOf(t), t.snapshots)),
    ]);
  }
  const keyState = await keysOf(client, project, new Map(works.map((w) => [w.at.sessionId, [...new Set((facts.get(w) ?? []).flatMap((t) => t.keys))].filter((k) => !w.keyUpdates.has(k))])));
  for (const w of works) foldTurnsOf(w, facts.get(w) ?? [], stored.get(w.at.sessionId) ?? [], counts.get(w.at.sessionId) ?? 0, keyState.get(w.at.sessionId) ?? new Map());
}

function foldTurnsOf(w: Work, facts: TurnFacts[], stored: StoredTurn[], established: number, keyState: Map<string, StoredKey>): void {
  const p0 = w.p0 as TurnOrder;
  const keyOf = (key: string) => w.keyUpdates.get(key) ?? keyState.get(key);
  const records = foldTurns(facts, {
    size: established,
    has: (key) => {
      const k = keyOf(key);
      return !!k && k.firstTrace !== '' && compareTurns({ startNs: k.firstStart, traceId: k.firstTrace }, p0) < 0;
    },
  });
  w.turnsFolded = records.length;
  const oldByTrace = new Map(stored.map((t) => [t.traceId, t]));
  const factsByTrace = new Map(facts.map((f) => [f.traceId, f]));
  for (const r of records) {
    const f = factsByTrace.get(r.traceId) as TurnFacts;
    for (const key of r.newKeys) {
      const k = keyOf(key) ?? { key, firstStart: r.startNs, firstTrace: r.traceId, lastTime: '0', lastValue: null };
      w.keyUpdates.set(key, { ...k, firstStart: r.startNs, firstTrace: r.traceId });
    }
    const was = oldByTrace.get(r.traceId) ?? w.known.get(r.traceId) ?? emptyTurn(r.traceId, r.startNs);
    w.turns.set(r.traceId, { ...was, startNs: r.startNs, keys: [...f.keys], lastKeys: f.lastKeys ? [...f.lastKeys] : null, newKeys: r.newKeys, established: r.established, held: r.held, retention: r.retention });
    if (r.retention !== null) {
      w.delta.retentionSum += Math.round(r.retention * 1000);
      w.delta.retentionCount++;
    }
  }
  if (w.rebuild) return;
  for (const t of stored) {
    if (t.retention === null) continue;
    w.delta.retentionSum -= Math.round(t.retention * 1000);
    w.delta.retentionCount--;
  }
}

/** A touched turn's own figures (spans, errors, tokens, agents, snapshots taken in), and a tombstone where it moved. */
export function updateTurnFigures(w: Work, t: LoadedTrace): void {
  const was = w.known.get(t.info.traceId);
  const now = w.turns.get(t.info.traceId) ?? (was ? { ...was } : emptyTurn(t.info.traceId, t.info.startNs));
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
  w.turns.set(t.info.traceId, updated);
  // Rebuilding, the differences are taken from nothing.
  const base = w.rebuild ? undefined : was;
  const d = w.delta;
  if (!base) d.traces++;
  d.spans += updated.spans - (base?.spans ?? 0);
  d.errors += updated.errors - (base?.errors ?? 0);
  d.inputTokens += updated.inputTokens - (base?.inputTokens ?? 0);
  d.outputTokens += updated.outputTokens - (base?.outputTokens ?? 0);
  if (was && was.startNs !== updated.startNs) w.tombstones.push(turnLine(w.at, was, true));
}
