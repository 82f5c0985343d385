import { createHash } from 'node:crypto';
import type { PreviousSession } from '@/lib/analysis/consistency';
import { compareTurns, type TurnOrder } from '@/lib/analysis/session-fold';
import type { Snapshot } from '@/lib/analysis/types';
import { compareNanos } from '@/lib/domain/time';
import type { HandoffWork } from './session-handoffs';
import type { StoredKey } from './session-ledger';
import { NO_HANDOFFS, type StoredTurn } from './session-state';
import { noDelta, type StoredSummary } from './session-summary';
import type { LoadedTrace } from './trace-handoffs';

/** One session's update as it goes through the phases of `updateSessions` (session-update.ts). */

export interface SessionUpdate {
  sessionId: string;
  /** Traces of the session that commits wrote to (or whose counterparts changed). */
  touched: string[];
  /** Fold the ledger and the turns again whole (the facts the previous session ended on changed). */
  refoldAll?: boolean;
  /**
   * Build the session's state again from all its traces, the stored summary
   * ignored: after a failed update, whose writes may have landed in part.
   */
  rebuild?: boolean;
}

export interface Work extends HandoffWork {
  at: { project: string; sessionId: string };
  mine: LoadedTrace[];
  /** The stored summary. */
  summary: StoredSummary | undefined;
  /** What the differences are added to: the stored summary, or nothing when rebuilding. */
  base: StoredSummary | undefined;
  refold: boolean;
  t0: string | undefined;
  p0: TurnOrder | undefined;
  startNs: string;
  userId: string;
  userTurn: TurnOrder;
  previous: PreviousSession | null;
  keyUpdates: Map<string, StoredKey>;
  firstTimes: Map<string, string>;
  freshIds: Set<string>;
  facts: unknown[][];
  values: unknown[][];
  tombstones: unknown[][];
  observations: number;
  turnsFolded: number;
}

export const EARLIEST: TurnOrder = { startNs: '0', traceId: '' };
export const minTurn = (a: TurnOrder | undefined, b: TurnOrder) => (!a || compareTurns(b, a) < 0 ? b : a);
export const minTime = (a: string | undefined, b: string) => (a === undefined || compareNanos(b, a) < 0 ? b : a);
export const orderOf = (t: LoadedTrace): TurnOrder => ({ startNs: t.info.startNs, traceId: t.info.traceId });
export const earliest = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x).reduce((a, b) => (compareNanos(a, b) <= 0 ? a : b));
export const latest = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x).reduce((a, b) => (compareNanos(a, b) >= 0 ? a : b));

/** A snapshot's identity, so an update can tell what it has not taken in before. */
export const identity = (s: Snapshot) =>
  createHash('sha256')
    .update(JSON.stringify([s.spanId, s.time, s.phase, s.handoffId, s.facts, s.digests, s.updates, s.constraints, s.text, s.contract, s.truncated, s.tokens]))
    .digest('hex')
    .slice(0, 24);

const withFacts = (s: Snapshot) => s.facts !== null || s.digests !== null;

/**
 * What the touched traces bring: the fresh snapshots' t0 and p0, the
 * session's start, its user. When rebuilding, nothing stored counts as
 * taken in.
 */
export function begin(project: string, u: SessionUpdate, mine: LoadedTrace[], known: Map<string, StoredTurn>, summary: StoredSummary | undefined, rebuild: boolean): Work {
  const base = rebuild ? undefined : summary;
  const delta = noDelta();
  let t0: string | undefined;
  let p0: TurnOrder | undefined;
  const freshIds = new Set<string>();
  for (const t of mine) {
    const before = rebuild ? undefined : known.get(t.info.traceId);
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
  // The user is that of the session's earliest turn naming one.
  const candidates = [...(base?.userTurn.traceId ? [{ ...base.userTurn, userId: base.userId }] : []), ...mine.filter((t) => t.info.userId).map((t) => ({ ...orderOf(t), userId: t.info.userId }))].sort(compareTurns);
  const user = candidates[0];
  return {
    at: { project, sessionId: u.sessionId },
    sessionId: u.sessionId,
    rebuild,
    refold: rebuild || !!u.refoldAll,
    touched: mine.map((t) => t.info.traceId),
    mine,
    known,
    summary,
    base,
    t0,
    p0,
    startNs: earliest([base?.startNs, ...mine.map((t) => t.info.startNs)]),
    userId: user?.userId ?? '',
    userTurn: user ? { startNs: user.startNs, traceId: user.traceId } : EARLIEST,
    previous: null,
    keyUpdates: new Map(),
    firstTimes: new Map(),
    groundedFrom: undefined,
    freshIds,
    delta,
    turns: new Map(),
    facts: [],
    values: [],
    tombstones: [],
    observations: 0,
    turnsFolded: 0,
  };
}

export function emptyTurn(traceId: string, startNs: string): StoredTurn {
  return { startNs, traceId, keys: [], lastKeys: null, newKeys: [], established: 0, held: 0, retention: null, snapshots: [], truncations: 0, spans: 0, errors: 0, inputTokens: 0, outputTokens: 0, agents: [], endNs: startNs, userId: '', handoffIds: [], tally: NO_HANDOFFS };
}
