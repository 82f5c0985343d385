import { compareNanos } from '@/lib/domain/time';
import type { Contradiction, FactObservation, PreviousSession, TurnRetention } from './consistency';
import type { FactValue, Snapshot } from './types';
import { sameValue } from './values';

/**
 * Session consistency as a fold that can start part-way (docs/analysis.md,
 * "Session consistency"; `consistency.ts` computes the same from scratch).
 *
 * The ledger and contradictions depend on the session's snapshots in time
 * order, retention on its turns in turn order. So when data arrives for a
 * session, only what follows it can change: the observations from the
 * earliest new snapshot's time (t0) on, and the turns from the earliest
 * changed turn (p0) on. Given what the session held just before those points
 * (`FoldStart`), these functions recompute exactly that suffix; started with
 * nothing, they compute the whole session.
 */

/** The facts of a snapshot as observed values: its values, or its digests in privacy mode. */
export function observedFacts(s: Snapshot): Record<string, FactValue> {
  return s.facts ?? s.digests ?? {};
}

/** Where a turn sorts: by its start, then its trace id (as the analyzer orders turns). */
export interface TurnOrder {
  startNs: string;
  traceId: string;
}

export const compareTurns = (a: TurnOrder, b: TurnOrder) => compareNanos(a.startNs, b.startNs) || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0);

/** Snapshots in the order the ledger lists them: by time, then by trace and span (a fixed order for equal times). */
export const compareSnapshots = (a: Snapshot, b: Snapshot) =>
  compareNanos(a.time, b.time) || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0) || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);

/** What the session held just before the suffix. */
export interface FoldStart {
  /** For each key, the value of its last observation before t0; keys never observed before t0 are absent. */
  lastBefore: ReadonlyMap<string, FactValue>;
  /** Keys established by turns before p0 (seen in an earlier turn, by turn order). */
  establishedBefore: ReadonlySet<string>;
  /** The user's previous session, for the first observation of each key. */
  previous: PreviousSession | null;
}

export const EMPTY_START: FoldStart = { lastBefore: new Map(), establishedBefore: new Set(), previous: null };

/** An observation of the ledger and, when it contradicts the value before it, the contradiction. */
export interface LedgerEntry {
  observation: FactObservation;
  contradiction: Contradiction | null;
}

/**
 * The ledger entries of `snapshots` (those at or after t0, any turn), in
 * ledger order, each checked against the key's previous value: the last
 * one before t0, then the suffix's own.
 */
export function foldObservations(snapshots: readonly Snapshot[], start: FoldStart): LedgerEntry[] {
  const current = new Map(start.lastBefore);
  const out: LedgerEntry[] = [];
  for (const s of [...snapshots].sort(compareSnapshots)) {
    const declared = new Set(s.updates);
    for (const [key, value] of Object.entries(observedFacts(s))) {
      const where = { time: s.time, agent: s.agent, traceId: s.traceId, spanId: s.spanId };
      let contradiction: Contradiction | null = null;
      if (current.has(key)) {
        const before = current.get(key) as FactValue;
        if (!sameValue(before, value) && !declared.has(key)) contradiction = { key, from: before, to: value, ...where, scope: 'session' };
      } else if (start.previous?.facts.has(key)) {
        const before = start.previous.facts.get(key) as FactValue;
        if (!sameValue(before, value) && !declared.has(key)) contradiction = { key, from: before, to: value, ...where, scope: 'cross-session' };
      }
      current.set(key, value);
      out.push({ observation: { key, value, ...where, phase: s.phase, declared: declared.has(key) }, contradiction });
    }
  }
  return out;
}

/**
 * A turn as retention needs it: its order, the fact keys its snapshots
 * observe in ledger order (each once), and the keys of its last snapshot
 * with facts (null when it has none). `turnFacts` builds it from snapshots;
 * the store keeps it per turn.
 */
export interface TurnFacts extends TurnOrder {
  keys: readonly string[];
  lastKeys: readonly string[] | null;
}

export function turnFacts(order: TurnOrder, snapshots: readonly Snapshot[]): TurnFacts {
  const inTurn = snapshots.filter((s) => s.facts ?? s.digests).sort(compareSnapshots);
  const keys = new Set<string>();
  for (const s of inTurn) for (const key of Object.keys(observedFacts(s))) keys.add(key);
  const last = inTurn[inTurn.length - 1];
  return { startNs: order.startNs, traceId: order.traceId, keys: [...keys], lastKeys: last ? Object.keys(observedFacts(last)) : null };
}

/** A turn's retention record, with the keys it established (first seen in it), for the turns after it. */
export interface TurnRecord extends TurnRetention {
  startNs: string;
  /** Keys first seen in this turn (by turn order). */
  newKeys: string[];
}

/** Keys established before the suffix: how many, and whether a key is one (only the suffix's keys are asked). */
export interface Established {
  readonly size: number;
  has(key: string): boolean;
}

/** Retention of `turns` (those at or after p0, in any order), in turn order, continuing from the keys established before. */
export function foldTurns(turns: readonly TurnFacts[], established: Established): TurnRecord[] {
  const added = new Set<string>();
  const seen = (key: string) => added.has(key) || established.has(key);
  return [...turns].sort(compareTurns).map((t) => {
    const newKeys = t.keys.filter((key) => !seen(key));
    for (const key of newKeys) added.add(key);
    const size = established.size + added.size;
    const base = { traceId: t.traceId, startNs: t.startNs, newKeys, established: size };
    if (!t.lastKeys || size === 0) return { ...base, retention: null, held: 0 };
    const held = t.lastKeys.filter(seen).length;
    return { ...base, retention: Math.round((held / size) * 1000) / 1000, held };
  });
}
