import { compareNanos } from '@/lib/domain/time';
import type { FactValue, Snapshot } from './types';
import { sameValue } from './values';

/**
 * Session consistency (DESIGN §3.5; the rules and the score formula are in
 * docs/analysis.md): the ledger of every fact observation, contradictions
 * inside the session and against the user's previous session, retention per
 * turn, and a 0–100 score. Pure.
 */

export interface FactObservation {
  key: string;
  value: FactValue;
  time: string;
  agent: string;
  phase: string;
  traceId: string;
  spanId: string;
  /** The snapshot lists the key in `baton.snapshot.updates`: a change made on purpose. */
  declared: boolean;
}

export interface Contradiction {
  key: string;
  from: FactValue;
  to: FactValue;
  time: string;
  agent: string;
  traceId: string;
  spanId: string;
  scope: 'session' | 'cross-session';
}

export interface TurnRetention {
  traceId: string;
  /** Share of the facts established so far that the turn's last snapshot still holds; null without facts. */
  retention: number | null;
  established: number;
  held: number;
}

/** The end state of the user's previous session: the last value of each fact. */
export interface PreviousSession {
  sessionId: string;
  facts: ReadonlyMap<string, FactValue>;
}

export interface ConsistencyInput {
  /** Trace ids of the session's turns, oldest first. */
  turns: string[];
  snapshots: readonly Snapshot[];
  /** Fidelity of each complete handoff of the session. */
  fidelities: number[];
  previous: PreviousSession | null;
}

export interface Consistency {
  facts: FactObservation[];
  contradictions: Contradiction[];
  retention: TurnRetention[];
  meanRetention: number | null;
  meanFidelity: number | null;
  truncations: number;
  score: number;
}

/** The facts of a snapshot as observed values: its values, or its digests in privacy mode. */
export function observedFacts(s: Snapshot): Record<string, FactValue> {
  return s.facts ?? s.digests ?? {};
}

export function ledger(snapshots: readonly Snapshot[]): FactObservation[] {
  const sorted = [...snapshots].sort((a, b) => compareNanos(a.time, b.time));
  return sorted.flatMap((s) => {
    const declared = new Set(s.updates);
    return Object.entries(observedFacts(s)).map(([key, value]) => ({
      key,
      value,
      time: s.time,
      agent: s.agent,
      phase: s.phase,
      traceId: s.traceId,
      spanId: s.spanId,
      declared: declared.has(key),
    }));
  });
}

/** A changed value is a contradiction unless the snapshot that changed it declares the key in `updates`. */
function contradictions(snapshots: readonly Snapshot[], previous: PreviousSession | null): Contradiction[] {
  const found: Contradiction[] = [];
  const current = new Map<string, FactValue>();
  const sorted = [...snapshots].sort((a, b) => compareNanos(a.time, b.time));
  for (const s of sorted) {
    const declared = new Set(s.updates);
    for (const [key, value] of Object.entries(observedFacts(s))) {
      const where = { time: s.time, agent: s.agent, traceId: s.traceId, spanId: s.spanId };
      if (current.has(key)) {
        const before = current.get(key) as FactValue;
        if (!sameValue(before, value) && !declared.has(key)) found.push({ key, from: before, to: value, ...where, scope: 'session' });
      } else if (previous?.facts.has(key)) {
        const before = previous.facts.get(key) as FactValue;
        if (!sameValue(before, value) && !declared.has(key)) found.push({ key, from: before, to: value, ...where, scope: 'cross-session' });
      }
      current.set(key, value);
    }
  }
  return found;
}

function retention(turns: readonly string[], snapshots: readonly Snapshot[]): TurnRetention[] {
  const established = new Set<string>();
  return turns.map((traceId) => {
    const inTurn = snapshots.filter((s) => s.traceId === traceId && (s.facts ?? s.digests)).sort((a, b) => compareNanos(a.time, b.time));
    for (const s of inTurn) for (const key of Object.keys(observedFacts(s))) established.add(key);
    const last = inTurn[inTurn.length - 1];
    if (!last || established.size === 0) return { traceId, retention: null, established: established.size, held: 0 };
    const held = Object.keys(observedFacts(last)).filter((k) => established.has(k)).length;
    return { traceId, retention: Math.round((held / established.size) * 1000) / 1000, established: established.size, held };
  });
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Score = 100 × (0.4·R + 0.4·F + 0.2·C): R mean retention per turn, F mean
 * handoff fidelity (each 1 when there is nothing to measure), C = 1 / (1 + contradictions).
 */
export function consistencyScore(meanRetention: number | null, meanFidelity: number | null, contradictionCount: number): number {
  const r = meanRetention ?? 1;
  const f = meanFidelity ?? 1;
  const c = 1 / (1 + contradictionCount);
  return Math.round(100 * (0.4 * r + 0.4 * f + 0.2 * c));
}

export const SCORE_FORMULA = 'score = 100 × (0.4 × mean retention per turn + 0.4 × mean handoff fidelity + 0.2 / (1 + contradictions))';

export function consistency(input: ConsistencyInput): Consistency {
  const turns = retention(input.turns, input.snapshots);
  const found = contradictions(input.snapshots, input.previous);
  const meanRetention = mean(turns.flatMap((t) => (t.retention === null ? [] : [t.retention])));
  const meanFidelity = mean(input.fidelities);
  return {
    facts: ledger(input.snapshots),
    contradictions: found,
    retention: turns,
    meanRetention: meanRetention === null ? null : Math.round(meanRetention * 1000) / 1000,
    meanFidelity: meanFidelity === null ? null : Math.round(meanFidelity * 1000) / 1000,
    truncations: input.snapshots.filter((s) => s.truncated || s.phase === 'compaction_after').length,
    score: consistencyScore(meanRetention, meanFidelity, found.length),
  };
}

/** The last value of every fact in a session, for the next session's cross-session check. */
export function finalFacts(snapshots: readonly Snapshot[]): Map<string, FactValue> {
  const out = new Map<string, FactValue>();
  for (const o of ledger(snapshots)) out.set(o.key, o.value);
  return out;
}
