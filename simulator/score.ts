import type { TraceDetail } from '@/lib/schemas/api';
import type { Handoff } from '@/lib/schemas/handoffs';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { FAULT_TYPES, type FaultType, type InjectedFault, type PlannedHandoff, type SimPlan } from './types';

/**
 * How well Baton recovers the faults a simulation injected: Baton's findings,
 * read through /api/v1 like any client, against the plan's ground truth.
 * Baton never sees the truth (`sim.fault` is for this comparison only).
 *
 * - Handoff faults: each drift entry of a handoff is one finding of a type
 *   (contract entries → contract_violation; other dropped keys →
 *   dropped_fact; other changed keys → changed_value; added → ungrounded_fact;
 *   dropped constraints → dropped_constraint; truncated → truncation). It is
 *   right when the plan injected that type at that handoff, on that key.
 * - cross_session_contradiction: each cross-session contradiction, right when
 *   injected in that session on that key.
 * - tool_error / timeout: error spans of type tool / llm, right when injected
 *   on that span.
 * - Delivery faults are not findings but things Baton must absorb: recovered
 *   when the trace reads back with exactly its spans and its handoffs are
 *   complete. Precision does not apply.
 */

export type SpanIds = ReadonlyMap<string, { traceId: string; spanId: string }>;

export interface Observed {
  sessions: ReadonlyMap<string, SessionDetail>;
  traces: ReadonlyMap<string, TraceDetail>;
}

type Carrier = InjectedFault['carrier'];

/** One row per fault type and carrier: snapshot-carried faults must be exact, text ones are best effort. */
export interface TypeScore {
  type: FaultType;
  carrier: Carrier;
  injected: number;
  /** Findings of this type Baton reported (for delivery faults: traces recovered). */
  reported: number;
  /** Findings that match an injected fault. */
  correct: number;
  /** Injected faults matched by a finding (or recovered, for delivery faults). */
  recovered: number;
  precision: number | null;
  recall: number | null;
}

export interface Score {
  types: TypeScore[];
  /** Planned handoffs, and how many Baton shows complete. */
  handoffs: { planned: number; complete: number; unplanned: number };
  /** Findings no fault explains, for reading the misses. */
  falsePositives: Finding[];
  missed: InjectedFault[];
}

export interface Finding {
  type: FaultType;
  /** `text` for handoffs compared by the text method; `span` for error spans; else `snapshot`. */
  carrier: Carrier;
  sessionId: string;
  /** Index in plan.handoffs, -1 for a handoff the plan does not have; undefined when not about a handoff. */
  handoff?: number;
  spanId?: string;
  key: string;
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '').trim();

/** Same key: exactly for snapshots; for text, one contains the other (Baton quotes what it matched). */
function sameKey(fault: InjectedFault, key: string): boolean {
  if (fault.key === undefined) return true;
  if (fault.carrier !== 'text') return fault.key === key;
  const a = norm(fault.key);
  const b = norm(key);
  return a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a));
}

function handoffIndex(plan: SimPlan, ids: SpanIds): (h: Handoff) => number {
  const byId = new Map<string, number>();
  const byEdge = new Map<string, number>();
  plan.handoffs.forEach((p: PlannedHandoff, i) => {
    if (p.id) byId.set(p.id, i);
    const from = ids.get(p.fromSpanKey)?.spanId;
    const to = ids.get(p.toSpanKey)?.spanId;
    if (from && to) byEdge.set(`${from}>${to}`, i);
  });
  return (h) => byId.get(h.id) ?? byEdge.get(`${h.fromSpanId}>${h.toSpanId}`) ?? -1;
}

/** The findings one handoff's drift amounts to. */
function handoffFindings(h: Handoff, sessionId: string, handoff: number): Finding[] {
  if (h.status !== 'complete') return [];
  const d = h.drift;
  const out: Finding[] = [];
  const carrier: Carrier = d.method === 'text' ? 'text' : 'snapshot';
  const add = (type: FaultType, key: string) => out.push({ type, carrier, sessionId, handoff, key });
  const contract = [...d.contractMissing, ...d.preserveViolated, ...d.forbiddenPresent];
  const underContract = (k: string) => contract.some((c) => k === c || k.startsWith(`${c}.`));
  contract.forEach((k) => add('contract_violation', k));
  d.dropped.filter((k) => !underContract(k)).forEach((k) => add('dropped_fact', k));
  d.changed.filter((c) => !underContract(c.key)).forEach((c) => add('changed_value', c.key));
  d.added.forEach((k) => add('ungrounded_fact', k));
  d.constraintsDropped.filter((k) => !contract.includes(k)).forEach((k) => add('dropped_constraint', k));
  if (d.truncated) add('truncation', '');
  return out;
}

function findings(plan: SimPlan, ids: SpanIds, observed: Observed): Finding[] {
  const indexOf = handoffIndex(plan, ids);
  const out: Finding[] = [];
  for (const [sessionId, detail] of observed.sessions) {
    for (const h of detail.handoffs) out.push(...handoffFindings(h, sessionId, indexOf(h)));
    for (const c of detail.contradictions) if (c.scope === 'cross-session') out.push({ type: 'cross_session_contradiction', carrier: 'snapshot', sessionId, key: c.key });
  }
  for (const trace of observed.traces.values()) {
    for (const s of trace.spans) {
      if (s.status.code !== 'error') continue;
      const type = s.type === 'tool' ? 'tool_error' : s.type === 'llm' ? 'timeout' : undefined;
      if (type) out.push({ type, carrier: 'span', sessionId: trace.sessionId, spanId: s.spanId, key: '' });
    }
  }
  return out;
}

function explains(fault: InjectedFault, f: Finding, ids: SpanIds): boolean {
  if (fault.type !== f.type || fault.carrier !== f.carrier) return false;
  if (f.type === 'tool_error' || f.type === 'timeout') return ids.get(fault.spanKey)?.spanId === f.spanId;
  if (f.type === 'cross_session_contradiction') return fault.sessionId === f.sessionId && sameKey(fault, f.key);
  return fault.handoff === f.handoff && sameKey(fault, f.key);
}

/** A trace delivered out of order or twice is recovered when it reads back whole, its handoffs complete. */
function recoveredDelivery(plan: SimPlan, ids: SpanIds, observed: Observed, fault: InjectedFault): boolean {
  const planned = plan.traces.find((t) => t.key === fault.traceKey);
  const traceId = planned && ids.get(planned.spans[0]!.key)?.traceId;
  const trace = traceId ? observed.traces.get(traceId) : undefined;
  if (!planned || !trace) return false;
  const expected = new Set(planned.spans.map((s) => ids.get(s.key)?.spanId));
  if (trace.spans.length !== expected.size || !trace.spans.every((s) => expected.has(s.spanId))) return false;
  const keys = new Set(planned.spans.map((s) => s.key));
  const complete = new Set<string>();
  for (const detail of observed.sessions.values()) for (const h of detail.handoffs) if (h.status === 'complete') complete.add(`${h.fromSpanId}>${h.toSpanId}`).add(h.id);
  return plan.handoffs
    .filter((h) => keys.has(h.fromSpanKey) || keys.has(h.toSpanKey))
    .every((h) => (h.id ? complete.has(h.id) : complete.has(`${ids.get(h.fromSpanKey)?.spanId}>${ids.get(h.toSpanKey)?.spanId}`)));
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);

export function score(plan: SimPlan, ids: SpanIds, observed: Observed): Score {
  const all = findings(plan, ids, observed);
  const matched = new Set<InjectedFault>();
  const falsePositives: Finding[] = [];
  for (const f of all) {
    const hits = plan.faults.filter((fault) => explains(fault, f, ids));
    hits.forEach((h) => matched.add(h));
    if (hits.length === 0) falsePositives.push(f);
  }
  const rows = FAULT_TYPES.flatMap((type) => {
    const carriers = new Set<Carrier>([...plan.faults, ...all].filter((f) => f.type === type).map((f) => f.carrier));
    return [...carriers].sort().map((carrier) => ({ type, carrier }));
  });
  const types = rows.map(({ type, carrier }): TypeScore => {
    const injected = plan.faults.filter((f) => f.type === type && f.carrier === carrier);
    if (carrier === 'delivery') {
      const recovered = injected.filter((f) => recoveredDelivery(plan, ids, observed, f));
      recovered.forEach((f) => matched.add(f));
      return { type, carrier, injected: injected.length, reported: recovered.length, correct: recovered.length, recovered: recovered.length, precision: null, recall: ratio(recovered.length, injected.length) };
    }
    const reported = all.filter((f) => f.type === type && f.carrier === carrier);
    const correct = reported.filter((f) => !falsePositives.includes(f)).length;
    const recovered = injected.filter((f) => matched.has(f)).length;
    return { type, carrier, injected: injected.length, reported: reported.length, correct, recovered, precision: ratio(correct, reported.length), recall: ratio(recovered, injected.length) };
  });
  const indexOf = handoffIndex(plan, ids);
  const seen = [...observed.sessions.values()].flatMap((d) => d.handoffs);
  const completeIdx = new Set(seen.filter((h) => h.status === 'complete').map(indexOf));
  return {
    types,
    handoffs: { planned: plan.handoffs.length, complete: plan.handoffs.filter((_, i) => completeIdx.has(i)).length, unplanned: seen.filter((h) => indexOf(h) === -1).length },
    falsePositives,
    missed: plan.faults.filter((f) => !matched.has(f)),
  };
}

/** The score as a Markdown table (bench output, docs/analysis.md). */
export function scoreTable(s: Score): string {
  const pct = (v: number | null) => (v === null ? '—' : v.toFixed(3));
  const lines = ['| fault | carried by | injected | reported | correct | precision | recall |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const t of s.types) lines.push(`| ${t.type} | ${t.carrier} | ${t.injected} | ${t.reported} | ${t.correct} | ${pct(t.precision)} | ${pct(t.recall)} |`);
  lines.push('', `Handoffs: ${s.handoffs.complete} of ${s.handoffs.planned} planned found complete; ${s.handoffs.unplanned} found that the plan does not have.`);
  return lines.join('\n');
}
