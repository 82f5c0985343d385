import { describe, expect, it } from 'vitest';
import { analyzeSession, type AnalysisSpanWithContext, type AnalyzedHandoff } from '@/lib/analysis/analyze';
import { finalFacts, type Contradiction, type PreviousSession } from '@/lib/analysis/consistency';
import { contextText } from '@/lib/analysis/given-context';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { Snapshot } from '@/lib/analysis/types';
import type { AttrValue } from '@/lib/domain/attributes';
import { snapshotAttributes } from '@baton/sdk';
import { Simulation } from './plan';
import { FAULT_TYPES, type FaultRates, type FaultType, type InjectedFault, type PlannedTrace, type SimPlan } from './types';

/**
 * The plan as Baton's own pure analysis sees it (test only: the simulator
 * itself must not import Baton): a clean plan shows no drift and no
 * contradiction, and each injected fault shows up as exactly its type, at its
 * handoff, on its key. Spans and snapshots are turned into the analysis
 * inputs the way the ingest and the analyzer would (span ids = plan keys).
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 2, 12);
const HISTORY = { fromMs: NOW - 7 * DAY, toMs: NOW - 60_000 };
const ZERO = Object.fromEntries(FAULT_TYPES.map((t) => [t, 0])) as FaultRates;
const OP_TYPES: Record<string, string> = { invoke_agent: 'agent', chat: 'llm', execute_tool: 'tool', invoke_workflow: 'workflow' };
const PHASES = { checkpoint: 'checkpoint', send: 'sent', receive: 'received' } as const;
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

interface Analysed {
  sessionId: string;
  handoffs: AnalyzedHandoff[];
  contradictions: Contradiction[];
  retention: (number | null)[];
}

function spansOf(trace: PlannedTrace, traceOf: Map<string, string>): AnalysisSpanWithContext[] {
  const agents = new Map<string, string>();
  return trace.spans.map((s): AnalysisSpanWithContext => {
    const strings = Object.fromEntries(Object.entries(s.attributes).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const own = strings['gen_ai.agent.name'] ?? '';
    const agent = own || (s.parentKey ? (agents.get(s.parentKey) ?? '') : '');
    agents.set(s.key, agent);
    return {
      traceId: trace.key,
      spanId: s.key,
      parentSpanId: s.parentKey ?? '',
      name: s.name,
      agent,
      type: OP_TYPES[strings['gen_ai.operation.name'] ?? ''] ?? 'other',
      startNs: ns(s.startMs),
      links: s.links.map((key) => ({ traceId: traceOf.get(key) ?? '', spanId: key })),
      tool: strings['gen_ai.tool.name'] ?? '',
      signals: Object.fromEntries(Object.entries(strings).filter(([k]) => k === 'gen_ai.tool.call.arguments')),
      context: contextText(strings),
    };
  });
}

function snapshotsOf(trace: PlannedTrace): Snapshot[] {
  return trace.spans.flatMap((s) =>
    s.snapshots.map((op) => {
      if (op.op === 'compaction') throw new Error('the generator plans no compactions');
      const input = { ...op.context, phase: PHASES[op.op], ...(op.op !== 'checkpoint' ? { handoffId: op.handoffId } : {}), ...(op.op === 'send' ? { to: op.to, contract: op.contract } : {}) };
      const attrs = snapshotAttributes(input) as Record<string, AttrValue>;
      return parseSnapshot(attrs, { traceId: trace.key, spanId: s.key, time: ns(op.atMs), agent: String(s.attributes['gen_ai.agent.name'] ?? ''), sessionId: trace.sessionId });
    }),
  );
}

/** Every session of the plans (in call order), analysed like the analyzer does, users' sessions oldest first. */
function analyse(plans: SimPlan[]): Analysed[] {
  const traces = plans.flatMap((p) => p.traces);
  const traceOf = new Map(traces.flatMap((t) => t.spans.map((s) => [s.key, t.key] as const)));
  const previous = new Map<string, PreviousSession>();
  const sessions = plans.flatMap((p) => p.sessions).sort((a, b) => a.startMs - b.startMs);
  return sessions.map((session) => {
    const own = traces.filter((t) => t.sessionId === session.sessionId).sort((a, b) => a.spans[0]!.startMs - b.spans[0]!.startMs);
    const snapshots = own.flatMap(snapshotsOf);
    const result = analyzeSession({
      sessionId: session.sessionId,
      turns: own.map((t) => t.key),
      spans: own.flatMap((t) => spansOf(t, traceOf)),
      snapshots,
      previous: previous.get(session.userId) ?? null,
    });
    previous.set(session.userId, { sessionId: session.sessionId, facts: finalFacts(snapshots) });
    return { sessionId: session.sessionId, handoffs: result.handoffs, contradictions: result.consistency.contradictions, retention: result.consistency.retention.map((r) => r.retention) };
  });
}

interface Finding {
  type: FaultType;
  handoff: number;
  key: string;
}

/** What a handoff's drift amounts to, in the scorer's terms (simulator/score.ts). */
function findingsOf(h: AnalyzedHandoff, index: number): Finding[] {
  const d = h.drift;
  const contract = [...d.contractMissing, ...d.preserveViolated, ...d.forbiddenPresent];
  const underContract = (k: string) => contract.some((c) => k === c || k.startsWith(`${c}.`));
  const out: Finding[] = [];
  const add = (type: FaultType, key: string) => out.push({ type, handoff: index, key });
  contract.forEach((k) => add('contract_violation', k));
  d.dropped.filter((k) => !underContract(k)).forEach((k) => add('dropped_fact', k));
  d.changed.filter((c) => !underContract(c.key)).forEach((c) => add('changed_value', c.key));
  d.added.forEach((k) => add('ungrounded_fact', k));
  d.constraintsDropped.filter((k) => !contract.includes(k)).forEach((k) => add('dropped_constraint', k));
  if (d.truncated) add('truncation', '');
  return out;
}

function plannedIndex(plan: SimPlan): (h: AnalyzedHandoff) => number {
  return (h) => plan.handoffs.findIndex((p) => (p.id ? p.id === h.id : p.fromSpanKey === h.fromSpanId && p.toSpanKey === h.toSpanId));
}

const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').replace(/[.!]+$/, '').trim();

function explains(f: InjectedFault, finding: Finding): boolean {
  if (f.type !== finding.type || f.handoff !== finding.handoff) return false;
  if (f.key === undefined) return finding.key === '';
  if (f.carrier === 'text') return normal(finding.key).includes(normal(f.key)) || normal(f.key).includes(normal(finding.key));
  return f.key === finding.key;
}

describe('the plan as Baton analyses it', () => {
  it('a clean plan: every planned handoff found and complete, no drift, no contradiction, full retention', () => {
    const sim = new Simulation({ seed: 11, faultRates: ZERO });
    const plans = [sim.sessions(120, HISTORY), sim.sessions(1, { fromMs: NOW, toMs: NOW + 60_000 }), sim.sessions(1, { fromMs: NOW + 30_000, toMs: NOW + 90_000 })];
    const analysed = analyse(plans);
    const all = analysed.flatMap((a) => a.handoffs);
    const indexOf = plannedIndex({ ...plans[0]!, handoffs: plans.flatMap((p) => p.handoffs) });
    expect(all.map(indexOf).sort((a, b) => a - b)).toEqual(plans.flatMap((p) => p.handoffs).map((_, i) => i));
    for (const h of all) {
      expect(h.status, h.id).toBe('complete');
      expect({ id: h.id, drift: h.drift }).toMatchObject({ drift: { severity: 'none', truncated: false, dropped: [], added: [] } });
    }
    expect(analysed.flatMap((a) => a.contradictions)).toEqual([]);
    for (const a of analysed) for (const r of a.retention) expect([1, null], a.sessionId).toContain(r);
  });

  it('with the default rates, Baton finds each handoff and cross-session fault as exactly its type, and nothing else', () => {
    const sim = new Simulation({ seed: 5 });
    const plan = sim.sessions(400, HISTORY);
    const analysed = analyse([plan]);
    const indexOf = plannedIndex(plan);
    const findings = analysed.flatMap((a) => a.handoffs.flatMap((h) => findingsOf(h, indexOf(h))));
    const handoffFaults = plan.faults.filter((f) => f.handoff !== undefined);
    expect(handoffFaults.length).toBeGreaterThan(40);
    const unexplained = findings.filter((x) => !handoffFaults.some((f) => explains(f, x)));
    const missed = handoffFaults.filter((f) => !findings.some((x) => explains(f, x)));
    expect(unexplained).toEqual([]);
    expect(missed).toEqual([]);

    const cross = analysed.flatMap((a) => a.contradictions.filter((c) => c.scope === 'cross-session').map((c) => `${a.sessionId}:${c.key}`));
    const injected = plan.faults.filter((f) => f.type === 'cross_session_contradiction').map((f) => `${f.sessionId}:${f.key}`);
    expect(injected.length).toBeGreaterThan(5);
    expect(cross.sort()).toEqual(injected.sort());

    // Inside a session, a value changes only where a fault changed it.
    const changers = new Set(plan.faults.filter((f) => f.type === 'changed_value' || f.type === 'contract_violation').map((f) => `${f.sessionId}:${f.key}`));
    const inSession = analysed.flatMap((a) => a.contradictions.filter((c) => c.scope === 'session').map((c) => `${a.sessionId}:${c.key}`));
    expect(inSession.filter((k) => !changers.has(k))).toEqual([]);
  });
});
