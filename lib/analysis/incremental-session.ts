import { compareNanos } from '@/lib/domain/time';
import { analyzeHandoffs, fidelityOf, severitiesOf, type AnalysisSpanWithContext, type AnalyzedHandoff, type Grounding, type SessionAnalysis } from './analyze';
import { consistencyScore, meanOfThousandths, type PreviousSession } from './consistency';
import { compareSnapshots, compareTurns, foldObservations, foldTurns, observedFacts, turnFacts, type LedgerEntry, type TurnRecord } from './session-fold';
import type { FactValue, Snapshot } from './types';
import { valueKey } from './value-key';

/**
 * A session analysed as its data arrives, in memory: each update does the
 * work its data calls for, not the session's whole history (docs/analysis.md,
 * "Incremental analysis"). What an update recomputes:
 *
 * - the ledger and contradictions from the earliest new snapshot's time on
 *   (everything earlier stays as it was);
 * - retention from the earliest changed turn on;
 * - the handoffs of the traces the data touched, of the traces linking to
 *   them, and of those whose receiver comes after a fact the session now
 *   holds earlier than before (it may now be grounded).
 *
 * The result is the same as `analyzeSession` over all the data so far, in
 * whatever order and however chunked it arrived (`incremental-session.test.ts`
 * checks that on random deliveries). The store-backed analyzer follows the
 * same plan with its state in tables.
 */

export interface TraceContent {
  traceId: string;
  /** The earliest start of the trace's spans: the turn's place in the session. */
  startNs: string;
  spans: readonly AnalysisSpanWithContext[];
  /** Snapshots recorded in the trace. */
  snapshots: readonly Snapshot[];
}

/** What the session's analysis looks up outside its own traces. */
export interface OutsideSources {
  /** Snapshots with these handoff ids recorded in traces other than `notIn`. */
  counterparts(handoffIds: readonly string[], notIn: string): Snapshot[];
}

/** What the last update processed: the measure of "work proportional to the data". */
export interface UpdateWork {
  observations: number;
  turns: number;
  traces: number;
}

const snapshotIdentity = (s: Snapshot) => JSON.stringify([s.traceId, s.spanId, s.time, s.phase, s.handoffId, s.facts, s.digests, s.updates, s.constraints, s.text, s.contract, s.truncated, s.tokens]);

const minNanos = (a: string | undefined, b: string) => (a === undefined || compareNanos(b, a) < 0 ? b : a);

export class IncrementalSession {
  private readonly traces = new Map<string, TraceContent>();
  private ledger: LedgerEntry[] = [];
  private turns: TurnRecord[] = [];
  /** First time the session observed each (key, value), and each key (`key\u0000*`): grounding. */
  private readonly firstSeen = new Map<string, string>();
  private readonly handoffs = new Map<string, AnalyzedHandoff>();
  private readonly handoffsOfTrace = new Map<string, Set<string>>();
  private truncations = 0;
  work: UpdateWork = { observations: 0, turns: 0, traces: 0 };

  constructor(
    private readonly outside: OutsideSources,
    private readonly previous: PreviousSession | null = null,
  ) {}

  /** Takes the current content of these traces (each whole, as stored now). */
  update(changed: readonly TraceContent[]): void {
    this.work = { observations: 0, turns: 0, traces: 0 };
    let t0: string | undefined;
    let p0: { startNs: string; traceId: string } | undefined;
    const lowerTurn = (o: { startNs: string; traceId: string }) => {
      if (!p0 || compareTurns(o, p0) < 0) p0 = o;
    };
    for (const trace of changed) {
      const before = this.traces.get(trace.traceId);
      const known = new Set((before?.snapshots ?? []).map(snapshotIdentity));
      const fresh = trace.snapshots.filter((s) => !known.has(snapshotIdentity(s)));
      for (const s of fresh) {
        if (s.facts ?? s.digests) t0 = minNanos(t0, s.time);
        if (s.truncated || s.phase === 'compaction_after') this.truncations++;
      }
      // A new turn, a turn that moved, or a turn with new facts: retention from there on.
      if (!before || before.startNs !== trace.startNs || fresh.some((s) => s.facts ?? s.digests)) {
        lowerTurn(trace);
        if (before) lowerTurn(before);
      }
      this.traces.set(trace.traceId, trace);
    }
    const groundedFrom = t0 === undefined ? undefined : this.refoldLedger(t0);
    if (p0) this.refoldTurns(p0);
    this.reanalyseHandoffs(changed.map((t) => t.traceId), groundedFrom);
  }

  /** Ledger entries from t0 on, folded again from the values just before t0; returns from when grounding changed. */
  private refoldLedger(t0: string): string | undefined {
    const cut = this.ledger.findIndex((e) => compareNanos(e.observation.time, t0) >= 0);
    const prefix = cut === -1 ? this.ledger : this.ledger.slice(0, cut);
    const lastBefore = new Map<string, FactValue>();
    for (const e of prefix) lastBefore.set(e.observation.key, e.observation.value);
    const suffix = [...this.traces.values()].flatMap((t) => t.snapshots.filter((s) => compareNanos(s.time, t0) >= 0));
    const entries = foldObservations(suffix, { lastBefore, establishedBefore: new Set(), previous: this.previous });
    this.ledger = [...prefix, ...entries];
    this.work.observations += entries.length;
    let groundedFrom: string | undefined;
    for (const { observation: o } of entries) {
      for (const id of [`${o.key}\u0000${valueKey(o.value)}`, `${o.key}\u0000*`]) {
        const seen = this.firstSeen.get(id);
        if (seen !== undefined && compareNanos(seen, o.time) <= 0) continue;
        this.firstSeen.set(id, o.time);
        groundedFrom = minNanos(groundedFrom, o.time);
      }
    }
    return groundedFrom;
  }

  /** Turn records from p0 on, folded again from the keys the turns before p0 established. */
  private refoldTurns(p0: { startNs: string; traceId: string }): void {
    const prefix = this.turns.filter((t) => compareTurns(t, p0) < 0);
    const established = new Set(prefix.flatMap((t) => t.newKeys));
    const suffix = [...this.traces.values()].filter((t) => compareTurns(t, p0) >= 0).map((t) => turnFacts(t, t.snapshots));
    const records = foldTurns(suffix, established);
    this.turns = [...prefix, ...records];
    this.work.turns += records.length;
  }

  private grounding(): Grounding {
    return (receiver) => (key, value) => {
      const first = this.firstSeen.get(`${key}\u0000${value === null ? '*' : valueKey(value)}`);
      return first !== undefined && compareNanos(first, receiver.time) < 0;
    };
  }

  /** The traces whose handoffs the update may have changed, analysed again. */
  private reanalyseHandoffs(changed: string[], groundedFrom: string | undefined): void {
    const touched = new Set(changed);
    const again = new Set(changed);
    // Traces holding the other side of an explicit handoff the touched traces take part in: its edge may now take another's place.
    const ids = new Set(changed.flatMap((id) => (this.traces.get(id)?.snapshots ?? []).map((s) => s.handoffId).filter(Boolean)));
    for (const t of this.traces.values()) if (t.snapshots.some((s) => ids.has(s.handoffId))) again.add(t.traceId);
    for (const h of this.handoffs.values()) {
      // Links point at spans of the touched traces.
      if (h.source === 'link' && touched.has(h.fromTraceId)) again.add(h.toTraceId);
      // A receiver after a fact the session now holds earlier may have one fewer ungrounded fact.
      const receiver = h.compared.receiver;
      if (groundedFrom !== undefined && receiver && h.drift.added.length > 0 && compareNanos(receiver.time, groundedFrom) > 0) {
        for (const id of this.tracesOf(h.id)) again.add(id);
      }
    }
    for (const traceId of again) if (this.traces.has(traceId)) this.analyseTrace(traceId);
  }

  private tracesOf(handoffId: string): string[] {
    return [...this.handoffsOfTrace].flatMap(([traceId, ids]) => (ids.has(handoffId) ? [traceId] : []));
  }

  private analyseTrace(traceId: string): void {
    this.work.traces++;
    const trace = this.traces.get(traceId) as TraceContent;
    // The session's traces this one's handoffs reach (its links' targets, the other sides of its explicit
    // handoffs) lend their spans and snapshots; outside the session, a link stays pending and a side's agent
    // is what its snapshot says (as in an analysis of the whole session).
    const ids = new Set(trace.snapshots.map((s) => s.handoffId).filter(Boolean));
    const reached = new Set(trace.spans.flatMap((s) => s.links.map((l) => l.traceId)));
    for (const t of this.traces.values()) if (t.snapshots.some((s) => ids.has(s.handoffId))) reached.add(t.traceId);
    reached.delete(traceId);
    const lent = [...reached].flatMap((id) => this.traces.get(id) ?? []);
    const found = analyzeHandoffs({
      spans: [...trace.spans, ...lent.flatMap((t) => t.spans)],
      snapshots: [...trace.snapshots, ...lent.flatMap((t) => t.snapshots)],
      counterparts: ids.size > 0 ? this.outside.counterparts([...ids], traceId) : [],
      grounded: this.grounding(),
      origin: traceId,
    });
    const previous = this.handoffsOfTrace.get(traceId) ?? new Set<string>();
    const now = new Set(found.map((h) => h.id));
    for (const h of found) this.handoffs.set(h.id, h);
    this.handoffsOfTrace.set(traceId, now);
    // A handoff no trace finds any more (an inferred edge an explicit one superseded) is gone.
    for (const id of previous) if (!now.has(id) && this.tracesOf(id).length === 0) this.handoffs.delete(id);
  }

  /** The session's analysis as it stands. */
  result(): SessionAnalysis {
    const handoffs = [...this.handoffs.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const fidelities = handoffs.flatMap((h) => {
      const f = fidelityOf(h);
      return f === null ? [] : [f];
    });
    const retention = this.turns.map(({ traceId, retention: r, established, held }) => ({ traceId, retention: r, established, held }));
    const measured = retention.flatMap((t) => (t.retention === null ? [] : [t.retention]));
    const meanRetention = meanOfThousandths(measured);
    const meanFidelity = meanOfThousandths(fidelities);
    const contradictions = this.ledger.flatMap((e) => (e.contradiction ? [e.contradiction] : []));
    return {
      handoffs,
      consistency: {
        facts: this.ledger.map((e) => e.observation),
        contradictions,
        retention,
        meanRetention: meanRetention === null ? null : Math.round(meanRetention * 1000) / 1000,
        meanFidelity: meanFidelity === null ? null : Math.round(meanFidelity * 1000) / 1000,
        truncations: this.truncations,
        score: consistencyScore(meanRetention, meanFidelity, contradictions.length, severitiesOf(handoffs)),
      },
    };
  }
}

/** The snapshots of a session in ledger order (for callers comparing with a from-scratch analysis). */
export const inLedgerOrder = (snapshots: readonly Snapshot[]) => [...snapshots].filter((s) => Object.keys(observedFacts(s)).length > 0).sort(compareSnapshots);
