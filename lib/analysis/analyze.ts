import { compareNanos } from '@/lib/domain/time';
import { consistency, type Consistency, type HandoffSeverities, type PreviousSession } from './consistency';
import { snapshotDrift } from './drift';
import { findHandoffs, SpanIndex, type AnalysisSpan, type FoundHandoff } from './handoffs';
import { textDrift } from './text-drift';
import type { Contract, Drift, DriftMethod, FactValue, Snapshot } from './types';
import { severityOf } from './drift';
import { compareSnapshots } from './session-fold';
import { sameValue } from './values';

/**
 * One session's analysis: its handoffs with their drift, and its
 * consistency. The unit of work of the analyzer; pure.
 */

export interface AnalysisSpanWithContext extends AnalysisSpan {
  /** What the span's agent was given (contextText), when the span carries it. */
  context: string | null;
}

export interface SessionInput {
  sessionId: string;
  /** Trace ids, oldest first. */
  turns: string[];
  spans: readonly AnalysisSpanWithContext[];
  /** Snapshots recorded in the session's traces. */
  snapshots: readonly Snapshot[];
  /** Other sides of the session's explicit handoffs, recorded elsewhere: they form handoffs, not the session's facts. */
  counterparts?: readonly Snapshot[];
  previous: PreviousSession | null;
}

/** What a handoff's drift compared: the two snapshots, or (text method) what each agent was given. */
export interface ComparedSides {
  sender: Snapshot | null;
  receiver: Snapshot | null;
  senderText: string | null;
  receiverText: string | null;
}

export interface AnalyzedHandoff extends FoundHandoff {
  contract: Contract | null;
  drift: Drift;
  compared: ComparedSides;
}

export interface SessionAnalysis {
  handoffs: AnalyzedHandoff[];
  consistency: Consistency;
}

export function emptyDrift(method: DriftMethod): Drift {
  return { dropped: [], changed: [], added: [], contractMissing: [], preserveViolated: [], forbiddenPresent: [], constraintsDropped: [], fidelity: 1, textSimilarity: null, truncated: false, severity: 'none', method };
}

/** Whether something earlier in the session holds a fact: (key, value) → grounded; value null compares the key alone (privacy mode). */
export type Grounding = (before: Snapshot) => (key: string, value: FactValue | null) => boolean;

/** Grounding over a session's snapshots: whether one earlier than `before` holds the fact (by value; by key alone in digest mode). */
export function groundingIndex(snapshots: readonly Snapshot[]): Grounding {
  const byKey = new Map<string, { time: string; value: FactValue }[]>();
  for (const s of snapshots) {
    for (const [key, value] of Object.entries(s.facts ?? s.digests ?? {})) {
      const list = byKey.get(key) ?? [];
      list.push({ time: s.time, value });
      byKey.set(key, list);
    }
  }
  return (before: Snapshot) => (key: string, value: FactValue | null) =>
    (byKey.get(key) ?? []).some((o) => compareNanos(o.time, before.time) < 0 && (value === null || sameValue(o.value, value)));
}

/** Snapshots by the agent span they were recorded under (the span itself or its nearest agent ancestor), oldest first. */
function snapshotsByAgentSpan(snapshots: readonly Snapshot[], index: SpanIndex): Map<string, Snapshot[]> {
  const out = new Map<string, Snapshot[]>();
  for (const s of [...snapshots].sort(compareSnapshots)) {
    const owner = index.agentSpan(index.get(s.spanId))?.spanId ?? s.spanId;
    const list = out.get(owner);
    if (list) list.push(s);
    else out.set(owner, [s]);
  }
  return out;
}

/** For an inferred edge: the sender's latest snapshot up to the handoff (or a `sent` one), the receiver's first. */
function inferredSides(h: FoundHandoff, byAgentSpan: Map<string, Snapshot[]>): { sender?: Snapshot; receiver?: Snapshot } {
  const sender = (byAgentSpan.get(h.fromSpanId) ?? []).filter((s) => compareNanos(s.time, h.time) <= 0 || s.phase === 'sent').pop();
  const receiver = (byAgentSpan.get(h.toSpanId) ?? [])[0];
  return { sender, receiver };
}

/** What each agent span was given: its own context, else that of its first span below it that has one. */
function givenContexts(spans: readonly AnalysisSpanWithContext[], index: SpanIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of [...spans].sort((a, b) => compareNanos(a.startNs, b.startNs) || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0))) {
    if (!s.context) continue;
    const owner = s.type === 'agent' ? s.spanId : index.agentSpan(s)?.spanId;
    if (owner && (!out.has(owner) || owner === s.spanId)) out.set(owner, s.context);
  }
  return out;
}

function textMethod(from: string | null, to: string | null): Drift {
  const t = textDrift(from, to);
  const partial = { ...emptyDrift('text'), dropped: t.dropped, constraintsDropped: t.constraintsDropped, textSimilarity: t.textSimilarity, fidelity: 1 };
  return { ...partial, severity: severityOf(partial) };
}

export interface HandoffInput {
  spans: readonly AnalysisSpanWithContext[];
  /** The session's own snapshots among the loaded ones: they give inferred handoffs their sides. */
  snapshots: readonly Snapshot[];
  /** Other sides of explicit handoffs, recorded elsewhere. */
  counterparts?: readonly Snapshot[];
  grounded: Grounding;
  /** Only the handoffs of this trace (the others' spans and snapshots answer lookups); all when absent. */
  origin?: string;
}

/** The handoffs among these spans and snapshots, each with its drift. */
export function analyzeHandoffs(input: HandoffInput): AnalyzedHandoff[] {
  const index = new SpanIndex(input.spans);
  const byAgentSpan = snapshotsByAgentSpan(input.snapshots, index);
  const contexts = givenContexts(input.spans, index);
  return findHandoffs(input.spans, [...input.snapshots, ...(input.counterparts ?? [])], input.origin).map((h) => {
    const contract = h.sent?.contract ?? h.received?.contract ?? null;
    if (h.status === 'pending') {
      const compared = { sender: h.sent, receiver: h.received, senderText: null, receiverText: null };
      return { ...h, contract, drift: emptyDrift(h.sent || h.received ? 'snapshot' : 'text'), compared };
    }
    const sides = h.sent && h.received ? { sender: h.sent, receiver: h.received } : inferredSides(h, byAgentSpan);
    if (sides.sender && sides.receiver) {
      const drift = snapshotDrift({ sender: sides.sender, receiver: sides.receiver, contract: contract ?? sides.sender.contract, grounded: input.grounded(sides.receiver) });
      const compared = { sender: sides.sender, receiver: sides.receiver, senderText: null, receiverText: null };
      return { ...h, contract: contract ?? sides.sender.contract, drift, compared };
    }
    const senderText = contexts.get(h.fromSpanId) ?? null;
    const receiverText = contexts.get(h.toSpanId) ?? null;
    return { ...h, contract, drift: textMethod(senderText, receiverText), compared: { sender: null, receiver: null, senderText, receiverText } };
  });
}

/** Complete handoffs measured by snapshot or digest count towards the session's mean fidelity. */
export const fidelityOf = (h: AnalyzedHandoff): number | null => (h.status === 'complete' && h.drift.method !== 'text' ? h.drift.fidelity : null);

/** How many handoffs are complete, and how many of those critical or warnings: what caps the session's score. */
export function severitiesOf(handoffs: readonly AnalyzedHandoff[]): HandoffSeverities {
  const out = { complete: 0, critical: 0, warning: 0 };
  for (const h of handoffs) {
    if (h.status !== 'complete') continue;
    out.complete++;
    if (h.drift.severity === 'critical') out.critical++;
    else if (h.drift.severity === 'warning') out.warning++;
  }
  return out;
}

export function analyzeSession(input: SessionInput): SessionAnalysis {
  const handoffs = analyzeHandoffs({ spans: input.spans, snapshots: input.snapshots, counterparts: input.counterparts, grounded: groundingIndex(input.snapshots) });
  const fidelities = handoffs.flatMap((h) => {
    const f = fidelityOf(h);
    return f === null ? [] : [f];
  });
  return { handoffs, consistency: consistency({ turns: input.turns, snapshots: input.snapshots, fidelities, severities: severitiesOf(handoffs), previous: input.previous }) };
}
