import { EMPTY_START, foldObservations, foldTurns, turnFacts } from './session-fold';
import type { FactValue, Snapshot } from './types';

/**
 * Session consistency (the rules and the score formula are in docs/analysis.md): the ledger of every fact observation, contradictions
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
  /** The session's complete handoffs by severity (none: no cap). */
  severities?: HandoffSeverities;
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

export { observedFacts } from './session-fold';

export function ledger(snapshots: readonly Snapshot[]): FactObservation[] {
  return foldObservations(snapshots, EMPTY_START).map((e) => e.observation);
}

/**
 * The mean of values rounded to thousandths, summed as whole thousandths: the
 * same number whether summed at once or kept as a running sum (the analyzer's).
 */
export const meanOfThousandths = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + Math.round(b * 1000), 0) / 1000 / xs.length);

/** A session's complete handoffs and how many of them were critical or warnings: what caps the score. */
export interface HandoffSeverities {
  complete: number;
  critical: number;
  warning: number;
}

export const NO_HANDOFFS: HandoffSeverities = { complete: 0, critical: 0, warning: 0 };

/**
 * The most a session can score given its handoffs (docs/analysis.md, "Score"): any critical
 * handoff keeps it below the consistent band (80), lower by the critical share
 * (79 − 100 × critical / complete, at least 0); any warning keeps it below 100, lower by the
 * warning share (99 − 40 × warning / complete). Both apply; 100 without either.
 */
export function scoreCap(h: HandoffSeverities): number {
  if (h.complete <= 0) return 100;
  let cap = 100;
  // Whole-number numerators: the floor of an exact ratio, never one float step off.
  if (h.warning > 0) cap = Math.floor((99 * h.complete - 40 * h.warning) / h.complete);
  if (h.critical > 0) cap = Math.min(cap, Math.max(0, Math.floor((79 * h.complete - 100 * h.critical) / h.complete)));
  return cap;
}

/**
 * Score = min(100 × (0.4·R + 0.4·F + 0.2·C), cap): R mean retention per turn, F mean
 * handoff fidelity (each 1 when there is nothing to measure), C = 1 / (1 + contradictions),
 * cap from the critical and warning handoffs (`scoreCap`).
 */
export function consistencyScore(meanRetention: number | null, meanFidelity: number | null, contradictionCount: number, handoffs: HandoffSeverities = NO_HANDOFFS): number {
  const r = meanRetention ?? 1;
  const f = meanFidelity ?? 1;
  const c = 1 / (1 + contradictionCount);
  return Math.min(Math.round(100 * (0.4 * r + 0.4 * f + 0.2 * c)), scoreCap(handoffs));
}

export const SCORE_FORMULA =
  'score = min(100 × (0.4 × mean retention per turn + 0.4 × mean handoff fidelity + 0.2 / (1 + contradictions)), cap); cap = 79 − 100 × critical share of complete handoffs if any is critical, 99 − 40 × warning share if any is a warning, else 100';

export function consistency(input: ConsistencyInput): Consistency {
  // The whole session is the suffix of nothing (session-fold.ts): one definition for both.
  const entries = foldObservations(input.snapshots, { ...EMPTY_START, previous: input.previous });
  const order = (i: number) => String(i).padStart(12, '0');
  const byTrace = new Map<string, Snapshot[]>();
  for (const s of input.snapshots) {
    const list = byTrace.get(s.traceId);
    if (list) list.push(s);
    else byTrace.set(s.traceId, [s]);
  }
  const turns: TurnRetention[] = foldTurns(
    input.turns.map((traceId, i) => turnFacts({ traceId, startNs: order(i) }, byTrace.get(traceId) ?? [])),
    new Set(),
  ).map(({ traceId, retention, established, held }) => ({ traceId, retention, established, held }));
  const found = entries.flatMap((e) => (e.contradiction ? [e.contradiction] : []));
  const meanRetention = meanOfThousandths(turns.flatMap((t) => (t.retention === null ? [] : [t.retention])));
  const meanFidelity = meanOfThousandths(input.fidelities);
  return {
    facts: entries.map((e) => e.observation),
    contradictions: found,
    retention: turns,
    meanRetention: meanRetention === null ? null : Math.round(meanRetention * 1000) / 1000,
    meanFidelity: meanFidelity === null ? null : Math.round(meanFidelity * 1000) / 1000,
    truncations: input.snapshots.filter((s) => s.truncated || s.phase === 'compaction_after').length,
    score: consistencyScore(meanRetention, meanFidelity, found.length, input.severities),
  };
}

/** The last value of every fact in a session, for the next session's cross-session check. */
export function finalFacts(snapshots: readonly Snapshot[]): Map<string, FactValue> {
  const out = new Map<string, FactValue>();
  for (const o of ledger(snapshots)) out.set(o.key, o.value);
  return out;
}
