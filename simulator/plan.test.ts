import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_RATES, Simulation } from './plan';
import { FAULT_ATTRIBUTE, FAULT_KEY_ATTRIBUTE, TOPOLOGIES, type PlannedSpan, type SimPlan, type SnapshotOp } from './types';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 2, 12);
const HISTORY = { fromMs: NOW - 7 * DAY, toMs: NOW - 60_000 };
const live = (i: number) => ({ fromMs: NOW + i * 20_000, toMs: NOW + i * 20_000 + 60_000 });

/** A history of 40 sessions, then live sessions one at a time, as the CLI does. */
function run(seed: number, liveCalls = 6): { plans: SimPlan[]; windows: { fromMs: number; toMs: number }[] } {
  const sim = new Simulation({ seed });
  const windows = [HISTORY, ...Array.from({ length: liveCalls }, (_, i) => live(i))];
  return { plans: windows.map((w, i) => sim.sessions(i === 0 ? 40 : 1, w)), windows };
}

const spansOf = (plan: SimPlan) => plan.traces.flatMap((t) => t.spans);
const agentOf = (s: PlannedSpan) => s.attributes['gen_ai.agent.name'];

describe('Simulation: determinism', () => {
  it('gives deep-equal plans for the same seed and calls, different ones for another seed', () => {
    expect(run(3).plans).toEqual(run(3).plans);
    expect(run(4).plans[0]).not.toEqual(run(3).plans[0]);
    expect(DEFAULT_FAULT_RATES).toMatchObject({ dropped_fact: 0.05, cross_session_contradiction: 0.15, duplicate_export: 0.05 });
  });

  it('continues session ids and users across calls', () => {
    const { plans } = run(9, 5);
    expect(plans[0]!.sessions.map((s) => s.sessionId).sort()[39]).toBe('sim-9-s00040');
    expect(plans[1]!.sessions[0]!.sessionId).toBe('sim-9-s00041');
    const historyUsers = new Set(plans[0]!.sessions.map((s) => s.userId));
    expect(historyUsers.size).toBe(13);
    expect([...historyUsers].every((u) => /^user-9-\d{3}$/.test(u))).toBe(true);
    // Live sessions mostly go to users the history already has.
    expect(plans.slice(1).filter((p) => historyUsers.has(p.sessions[0]!.userId)).length).toBeGreaterThanOrEqual(3);
  });

  it('rejects bad arguments', () => {
    const sim = new Simulation({ seed: 1 });
    expect(() => sim.sessions(-1, HISTORY)).toThrow(RangeError);
    expect(() => sim.sessions(1, { fromMs: NOW, toMs: NOW + 1_000 })).toThrow(/at least/);
    expect(() => new Simulation({ seed: 1, faultRates: { timeout: 2 } })).toThrow(/timeout/);
    expect(sim.sessions(0, HISTORY)).toEqual({ seed: 1, sessions: [], traces: [], handoffs: [], faults: [] });
  });
});

describe('Simulation: structure', () => {
  const seeds = [1, 2, 3];

  it.each(seeds)('seed %i: keys, parents, times, links, windows', (seed) => {
    const { plans, windows } = run(seed);
    const keys = new Set<string>();
    const planned = new Set<string>();
    plans.forEach((plan, p) => {
      const w = windows[p]!;
      for (const s of plan.sessions) {
        expect(s.startMs).toBeGreaterThanOrEqual(w.fromMs);
        expect(s.startMs).toBeLessThan(w.toMs);
      }
      for (const t of plan.traces) {
        expect(keys.has(t.key)).toBe(false);
        keys.add(t.key);
        const inTrace = new Map<string, PlannedSpan>();
        t.spans.forEach((s, i) => {
          expect(s.key.startsWith(`${t.key}.`)).toBe(true);
          expect(keys.has(s.key)).toBe(false);
          keys.add(s.key);
          expect(Number.isInteger(s.startMs) && Number.isInteger(s.endMs)).toBe(true);
          expect(s.startMs).toBeLessThanOrEqual(s.endMs);
          expect(s.endMs).toBeLessThan(w.toMs);
          if (i === 0) expect(s.parentKey).toBeUndefined();
          else {
            const parent = inTrace.get(s.parentKey ?? '');
            expect(parent, `${s.key} has its parent before it`).toBeDefined();
            expect(s.startMs).toBeGreaterThanOrEqual(parent!.startMs);
            expect(s.endMs).toBeLessThanOrEqual(parent!.endMs);
          }
          for (const link of s.links) expect(planned.has(link), `${s.key} links to an earlier span`).toBe(true);
          let last = s.startMs;
          for (const op of s.snapshots) {
            expect(op.atMs).toBeGreaterThanOrEqual(last);
            expect(op.atMs).toBeLessThanOrEqual(s.endMs);
            last = op.atMs;
          }
          inTrace.set(s.key, s);
        });
        for (const s of t.spans) planned.add(s.key);
        expect(t.spans[0]!.attributes['session.id']).toBe(t.sessionId);
        expect(t.spans[0]!.attributes['user.id']).toBe(t.userId);
      }
      // Plan order: sessions and traces by start.
      expect(plan.traces.map((t) => t.spans[0]!.startMs)).toEqual([...plan.traces.map((t) => t.spans[0]!.startMs)].sort((a, b) => a - b));
    });
  });

  it.each(seeds)('seed %i: sessions of a user never overlap; 1–4 turns, turns in order', (seed) => {
    const { plans } = run(seed);
    const sessions = plans.flatMap((p) => p.sessions);
    const byUser = new Map<string, { startMs: number; endMs: number }[]>();
    for (const s of sessions) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s]);
    for (const list of byUser.values()) {
      list.sort((a, b) => a.startMs - b.startMs);
      for (let i = 1; i < list.length; i++) expect(list[i]!.startMs).toBeGreaterThan(list[i - 1]!.endMs);
    }
    const traces = new Map(plans.flatMap((p) => p.traces).map((t) => [t.key, t]));
    for (const s of sessions) {
      expect(s.traces.length).toBeGreaterThanOrEqual(1);
      expect(s.traces.length).toBeLessThanOrEqual(s.topology === 'queue' ? 4 : 4);
      const ts = s.traces.map((k) => traces.get(k)!);
      expect(ts.map((t) => t.turn)).toEqual(ts.map((_, i) => i));
      expect(ts.every((t) => t.sessionId === s.sessionId && t.topology === s.topology)).toBe(true);
      for (const t of ts) for (const span of t.spans) expect(span.endMs).toBeLessThanOrEqual(s.endMs);
    }
  });

  it('every explicit handoff has exactly one send and one receive with its id; delegation ones none', () => {
    const { plans } = run(5);
    for (const plan of plans) {
      const spans = new Map(spansOf(plan).map((s) => [s.key, s]));
      const ops = spansOf(plan).flatMap((s) => s.snapshots.map((op) => ({ span: s, op })));
      for (const h of plan.handoffs) {
        if (h.source === 'delegation') {
          expect(h.id).toBeUndefined();
          const parentTool = spans.get(spans.get(h.toSpanKey)!.parentKey!)!;
          expect(parentTool.name).toBe(`execute_tool ${h.toAgent}`);
          expect(parentTool.parentKey).toBe(h.fromSpanKey);
          continue;
        }
        const sends = ops.filter(({ op }) => op.op === 'send' && op.handoffId === h.id);
        const receives = ops.filter(({ op }) => op.op === 'receive' && op.handoffId === h.id);
        expect(sends.map((x) => x.span.key)).toEqual([h.fromSpanKey]);
        expect(receives.map((x) => x.span.key)).toEqual([h.toSpanKey]);
        expect(sends[0]!.op.atMs).toBeLessThanOrEqual(receives[0]!.op.atMs);
        expect(agentOf(spans.get(h.fromSpanKey)!)).toBe(h.fromAgent);
        expect(agentOf(spans.get(h.toSpanKey)!)).toBe(h.toAgent);
        expect((sends[0]!.op as Extract<SnapshotOp, { op: 'send' }>).to).toBe(h.toAgent);
      }
      const ids = ops.flatMap(({ op }) => (op.op === 'send' || op.op === 'receive' ? [op.handoffId] : []));
      expect(new Set(ids).size * 2).toBe(ids.length);
    }
  });

  it('follows the GenAI conventions and each topology has its shape', () => {
    const sim = new Simulation({ seed: 21 });
    const plan = sim.sessions(200, HISTORY);
    expect(new Set(plan.sessions.map((s) => s.topology))).toEqual(new Set(TOPOLOGIES));
    for (const s of spansOf(plan)) {
      const a = s.attributes;
      const op = a['gen_ai.operation.name'];
      if (s.kind === 'producer' || s.kind === 'consumer') {
        expect(a['messaging.destination.name']).toBe('returns.refunds');
        continue;
      }
      expect(['invoke_workflow', 'invoke_agent', 'chat', 'execute_tool']).toContain(op);
      expect(s.name.startsWith(`${op} `)).toBe(true);
      if (op === 'invoke_agent') expect(s.name).toBe(`invoke_agent ${agentOf(s)}`);
      if (op === 'chat') {
        expect(s.name).toBe(`chat ${a['gen_ai.request.model']}`);
        expect(typeof a['gen_ai.provider.name']).toBe('string');
        expect(() => JSON.parse(String(a['gen_ai.input.messages']))).not.toThrow();
        if (s.error) {
          expect([s.error, a['error.type']]).toEqual(['deadline exceeded after 30s', 'timeout']);
          expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(30_000);
        } else {
          expect(Number.isInteger(a['gen_ai.usage.input_tokens']) && Number.isInteger(a['gen_ai.usage.output_tokens'])).toBe(true);
          expect(typeof a['gen_ai.response.model']).toBe('string');
          expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(400);
          expect(s.endMs - s.startMs).toBeLessThanOrEqual(6_000);
        }
      }
      if (op === 'execute_tool') {
        expect(s.name).toBe(`execute_tool ${a['gen_ai.tool.name']}`);
        expect(() => JSON.parse(String(a['gen_ai.tool.call.arguments']))).not.toThrow();
        if (s.error) expect(typeof a['error.type']).toBe('string');
        else expect(() => JSON.parse(String(a['gen_ai.tool.call.result']))).not.toThrow();
      }
    }
    for (const t of plan.traces) {
      const baton = t.spans.some((s) => s.snapshots.length > 0 || Object.keys(s.attributes).some((k) => k.startsWith('baton.')));
      if (t.topology === 'supervisor') {
        expect(baton).toBe(false);
        const agents = t.spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
        for (const agent of agents.filter((x) => x.attributes[FAULT_ATTRIBUTE] === undefined)) {
          const messages = JSON.parse(String(agent.attributes['gen_ai.input.messages'])) as { role: string; parts: { type: string; content: string }[] }[];
          const given = messages[0]!.parts[0]!.content;
          for (const fact of [/C-\d{4}/, /\d+ (EUR|USD)/, /ORD-\d{6}/, /PKG-\d{5}/]) expect(given).toMatch(fact);
          expect(String(agent.attributes['gen_ai.system_instructions'])).toMatch(/Never|Always|Do not/);
        }
        // Workers run in parallel: their tool spans overlap.
        const calls = t.spans.filter((s) => s.name.startsWith('execute_tool ') && t.spans.some((c) => c.parentKey === s.key && c.name.startsWith('invoke_agent ')));
        expect(calls.length).toBeGreaterThanOrEqual(2);
        expect(calls[1]!.startMs).toBeLessThan(calls[0]!.endMs);
      } else expect(baton).toBe(true);
    }
    // Queue consumers: a later trace of the same session, rooted in a consumer span linking to the producer.
    const producers = new Map(plan.traces.flatMap((t) => t.spans.filter((s) => s.kind === 'producer').map((s) => [s.key, t] as const)));
    const consumers = plan.traces.filter((t) => t.spans[0]!.kind === 'consumer');
    expect(consumers.length).toBeGreaterThan(10);
    for (const t of consumers) {
      const root = t.spans[0]!;
      expect(root.name).toBe('process returns.refunds');
      const producer = producers.get(root.links[0]!)!;
      expect(producer.sessionId).toBe(t.sessionId);
      expect(root.startMs).toBeGreaterThan(Math.max(...producer.spans.map((s) => s.endMs)));
      expect(t.spans[1]!.snapshots[0]!.op).toBe('receive');
    }
  });

  it('with a fixed number of users, uses exactly those, one session at a time each', () => {
    const sim = new Simulation({ seed: 12, users: 4 });
    const plan = sim.sessions(60, HISTORY);
    expect(new Set(plan.sessions.map((s) => s.userId))).toEqual(new Set(['user-12-001', 'user-12-002', 'user-12-003', 'user-12-004']));
    const tight = new Simulation({ seed: 12, users: 1 });
    expect(() => tight.sessions(30, { fromMs: NOW, toMs: NOW + 120_000 })).toThrow(/one session at a time/);
  });

  it('live windows keep every span inside the window, with gaps of at least a second', () => {
    const sim = new Simulation({ seed: 8 });
    sim.sessions(30, HISTORY);
    for (let i = 0; i < 200; i++) {
      const w = live(i);
      const plan = sim.sessions(1, w);
      expect(plan.traces.length).toBeGreaterThan(0);
      for (const s of spansOf(plan)) {
        expect(s.endMs).toBeLessThan(w.toMs);
        // Turns keep realistic durations (no squeezing in a one-minute window).
        if (s.name.startsWith('chat ')) expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(400);
        if (s.attributes['gen_ai.tool.call.result'] !== undefined && s.attributes['gen_ai.tool.name'] === s.name.slice(13)) expect(s.endMs - s.startMs).toBeGreaterThanOrEqual(30);
      }
      const traces = plan.traces.filter((t) => t.spans[0]!.kind !== 'consumer');
      for (let k = 1; k < traces.length; k++) {
        expect(traces[k]!.spans[0]!.startMs - Math.max(...plan.traces[k - 1]!.spans.map((s) => s.endMs))).toBeGreaterThanOrEqual(1_000);
      }
    }
  });
});

describe('Simulation: fault labels', () => {
  it('labels every fault on its span, and nothing else', () => {
    const sim = new Simulation({ seed: 13 });
    const plan = sim.sessions(300, HISTORY);
    const spans = new Map(spansOf(plan).map((s) => [s.key, s]));
    const labelled = spansOf(plan).flatMap((s) => {
      const types = (s.attributes[FAULT_ATTRIBUTE] as string[] | undefined) ?? [];
      const keys = (s.attributes[FAULT_KEY_ATTRIBUTE] as string[] | undefined) ?? [];
      expect(keys.length).toBe(types.length);
      return types.map((type, i) => `${s.key}|${type}|${keys[i]}`);
    });
    expect(labelled.sort()).toEqual(plan.faults.map((f) => `${f.spanKey}|${f.type}|${f.key ?? ''}`).sort());
    for (const f of plan.faults) {
      const span = spans.get(f.spanKey)!;
      expect(f.traceKey).toBe(f.spanKey.slice(0, f.spanKey.lastIndexOf('.')));
      const trace = plan.traces.find((t) => t.key === f.traceKey)!;
      expect(trace.sessionId).toBe(f.sessionId);
      if (f.carrier === 'delivery') expect(trace.spans[0]).toBe(span);
      if (f.type === 'out_of_order_export') expect(trace.delivery.childrenFirst).toBe(true);
      if (f.type === 'duplicate_export') expect(trace.delivery.duplicate).toBe(true);
      if (f.carrier === 'span') expect(span.error).toBeTruthy();
      if (f.handoff !== undefined) expect(plan.handoffs[f.handoff]!.toSpanKey).toBe(f.spanKey);
    }
    // Error spans are exactly the span faults.
    expect(spansOf(plan).filter((s) => s.error).map((s) => s.key).sort()).toEqual(plan.faults.filter((f) => f.carrier === 'span').map((f) => f.spanKey).sort());
    // At most one fault per handoff.
    const perHandoff = plan.faults.flatMap((f) => (f.handoff === undefined ? [] : [f.handoff]));
    expect(new Set(perHandoff).size).toBe(perHandoff.length);
  });
});
