import { describe, expect, it } from 'vitest';
import type { ContextInput } from '@baton/sdk';
import { DEFAULT_FAULT_RATES, Simulation } from './plan';
import { FAULT_ATTRIBUTE, FAULT_TYPES, type FaultRates, type FaultType, type PlannedSpan, type SimPlan, type SnapshotOp } from './types';
import { PROFILE_KEYS } from './world';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 2, 12);
const HISTORY = { fromMs: NOW - 7 * DAY, toMs: NOW - 60_000 };
const ZERO = Object.fromEntries(FAULT_TYPES.map((t) => [t, 0])) as FaultRates;
const only = (type: FaultType, rate = 1): Partial<FaultRates> => ({ ...ZERO, [type]: rate });

type Send = Extract<SnapshotOp, { op: 'send' }>;
type Receive = Extract<SnapshotOp, { op: 'receive' }>;
type Flat = Record<string, unknown>;

function flatten(value: unknown, prefix = '', out: Flat = {}): Flat {
  for (const [k, v] of Object.entries(value as Flat)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, path, out);
    else out[path] = v;
  }
  return out;
}
const factsOf = (c: ContextInput) => flatten(c.facts ?? {});
const spansOf = (plan: SimPlan) => plan.traces.flatMap((t) => t.spans);

/** Each explicit handoff with its two snapshots. */
function explicitPairs(plan: SimPlan) {
  const ops = spansOf(plan).flatMap((s) => s.snapshots);
  return plan.handoffs.flatMap((h, index) => {
    if (!h.id) return [];
    const send = ops.find((o): o is Send => o.op === 'send' && o.handoffId === h.id)!;
    const receive = ops.find((o): o is Receive => o.op === 'receive' && o.handoffId === h.id)!;
    return [{ h, index, send, receive }];
  });
}

/** Tool spans that run a tool (not another agent). */
const realTools = (plan: SimPlan) => {
  const spans = spansOf(plan);
  return spans.filter((s) => s.name.startsWith('execute_tool ') && !spans.some((c) => c.parentKey === s.key && c.name.startsWith('invoke_agent ')));
};
const chats = (plan: SimPlan) => spansOf(plan).filter((s) => s.name.startsWith('chat '));

/** Sessions whose user's previous session recorded the profile in snapshots, and which record snapshots themselves. */
function crossSessionEligible(plan: SimPlan): string[] {
  const last = new Map<string, string>();
  const out: string[] = [];
  for (const s of [...plan.sessions].sort((a, b) => a.startMs - b.startMs)) {
    const prev = last.get(s.userId);
    if (prev && prev !== 'supervisor' && s.topology !== 'supervisor') out.push(s.sessionId);
    last.set(s.userId, s.topology);
  }
  return out;
}

describe('a clean plan (every rate 0)', () => {
  const plan = new Simulation({ seed: 31, faultRates: ZERO }).sessions(250, HISTORY);

  it('has no fault label, error or delivery fault', () => {
    expect(plan.faults).toEqual([]);
    for (const s of spansOf(plan)) {
      expect(s.attributes[FAULT_ATTRIBUTE]).toBeUndefined();
      expect(s.error).toBeUndefined();
    }
    for (const t of plan.traces) expect(t.delivery).toEqual({ childrenFirst: false, duplicate: false });
  });

  it('hands on exactly the sender facts less the forbidden ones, the same rules and text, never truncated', () => {
    const pairs = explicitPairs(plan);
    expect(pairs.length).toBeGreaterThan(200);
    for (const { send, receive } of pairs) {
      const contract = send.contract as { required: string[]; preserve: string[]; forbidden: string[] };
      const sent = factsOf(send.context);
      const expected = Object.fromEntries(Object.entries(sent).filter(([k]) => !contract.forbidden.some((f) => k === f || k.startsWith(`${f}.`))));
      expect(factsOf(receive.context)).toEqual(expected);
      expect(receive.context.constraints).toEqual(send.context.constraints);
      expect(receive.context.text).toBe(send.context.text);
      expect(receive.context.truncated).toBeUndefined();
      // Contracts name only keys the sender holds.
      for (const entry of [...contract.required, ...contract.preserve, ...contract.forbidden]) {
        expect(Object.keys(sent).some((k) => k === entry || k.startsWith(`${entry}.`)), entry).toBe(true);
      }
    }
    for (const op of spansOf(plan).flatMap((s) => s.snapshots)) {
      if (op.op === 'compaction') continue;
      expect(op.context.tokens!).toBeLessThan(op.context.tokenLimit!);
      expect(op.context.truncated).toBeUndefined();
    }
  });

  it('starts each session from the profile the previous one ended on; only task facts are declared updated', () => {
    const traces = new Map(plan.traces.map((t) => [t.key, t]));
    const profileOf = new Map<string, Flat>();
    const seen = new Set<string>();
    for (const session of [...plan.sessions].sort((a, b) => a.startMs - b.startMs)) {
      const ops = session.traces.flatMap((k) => traces.get(k)!.spans.flatMap((s) => s.snapshots)).sort((a, b) => a.atMs - b.atMs);
      const first = ops[0];
      const later = seen.has(session.userId);
      seen.add(session.userId);
      if (!first || first.op !== 'checkpoint') {
        expect(session.topology).toBe('supervisor');
        continue;
      }
      const facts = factsOf(first.context);
      const profile = Object.fromEntries(PROFILE_KEYS.map((k) => [k, facts[k]]));
      if (profileOf.has(session.userId)) expect(profile).toEqual(profileOf.get(session.userId));
      const updates = first.context.updates ?? [];
      expect(updates.filter((k) => (PROFILE_KEYS as readonly string[]).includes(k))).toEqual([]);
      if (later) expect(updates.length).toBeGreaterThan(0);
      else expect(updates).toEqual([]);
      const end = flatten({});
      for (const op of ops) if (op.op !== 'compaction') Object.assign(end, factsOf(op.context));
      profileOf.set(session.userId, Object.fromEntries(PROFILE_KEYS.map((k) => [k, end[k]])));
    }
  });
});

describe('a fault with rate 1 is injected wherever it can be observed', () => {
  const plan = (type: FaultType) => new Simulation({ seed: 17, faultRates: only(type) }).sessions(150, HISTORY);
  const count = (p: SimPlan, type: FaultType) => p.faults.filter((f) => f.type === type).length;
  const explicit = (p: SimPlan) => p.handoffs.filter((h) => h.id).length;

  it.each(['dropped_fact', 'dropped_constraint'] as const)('%s: at every handoff, explicit or by delegation', (type) => {
    const p = plan(type);
    expect(count(p, type)).toBe(p.handoffs.length);
    expect(p.faults.filter((f) => f.carrier === 'text').length).toBe(p.handoffs.filter((h) => !h.id).length);
  });

  it.each(['changed_value', 'contract_violation', 'truncation'] as const)('%s: at every explicit handoff', (type) => {
    const p = plan(type);
    expect(count(p, type)).toBe(explicit(p));
    expect(p.faults.every((f) => f.carrier === 'snapshot' && f.handoff !== undefined)).toBe(true);
  });

  it('ungrounded_fact: at every explicit handoff while the session has an invented fact left', () => {
    const p = plan('ungrounded_fact');
    for (const s of p.sessions) {
      const handoffs = p.handoffs.filter((h) => h.id && h.sessionId === s.sessionId).length;
      expect(p.faults.filter((f) => f.sessionId === s.sessionId).length).toBe(Math.min(handoffs, 6));
    }
  });

  it('each handoff fault does what it says to the receiver', () => {
    for (const type of ['dropped_fact', 'changed_value', 'ungrounded_fact', 'dropped_constraint', 'contract_violation', 'truncation'] as const) {
      const p = plan(type);
      for (const { index, send, receive } of explicitPairs(p)) {
        const f = p.faults.find((x) => x.handoff === index);
        if (!f) {
          expect(type).toBe('ungrounded_fact'); // only when the session has used every invented fact
          continue;
        }
        const s = factsOf(send.context);
        const r = factsOf(receive.context);
        const contract = send.contract as { required: string[]; preserve: string[]; forbidden: string[] };
        const named = [...contract.required, ...contract.preserve, ...contract.forbidden];
        const key = f.key ?? '';
        if (type === 'dropped_fact') expect([key in s, key in r, named.includes(key)]).toEqual([true, false, false]);
        if (type === 'changed_value') expect([key in r, r[key] !== s[key], named.includes(key)]).toEqual([true, true, false]);
        if (type === 'ungrounded_fact') expect([key in s, key in r]).toEqual([false, true]);
        if (type === 'dropped_constraint') expect(receive.context.constraints!.map((c) => (c as { id: string }).id)).not.toContain(key);
        if (type === 'contract_violation') {
          expect(named).toContain(key);
          const broken = (contract.required.includes(key) && !(key in r)) || (contract.preserve.includes(key) && r[key] !== s[key]) || (contract.forbidden.includes(key) && key in r);
          expect(broken).toBe(true);
        }
        if (type === 'truncation') {
          expect(f.key).toBeUndefined();
          expect([receive.context.truncated, receive.context.tokens]).toEqual([true, receive.context.tokenLimit]);
          expect(receive.context.text!.length).toBeLessThan(send.context.text!.length);
        }
      }
    }
  });

  it('cross_session_contradiction: in every session whose user ended the previous one on recorded profile facts', () => {
    const p = plan('cross_session_contradiction');
    const eligible = crossSessionEligible(p);
    expect(eligible.length).toBeGreaterThan(20);
    expect(p.faults.map((f) => f.sessionId).sort()).toEqual(eligible.sort());
    for (const f of p.faults) {
      const span = spansOf(p).find((s) => s.key === f.spanKey)!;
      const first = span.snapshots[0] as Extract<SnapshotOp, { op: 'checkpoint' }>;
      expect(first.op).toBe('checkpoint');
      expect(first.context.updates ?? []).not.toContain(f.key);
    }
  });

  it('tool_error, timeout: on every tool call and every first model call', () => {
    const tools = plan('tool_error');
    expect(count(tools, 'tool_error')).toBe(realTools(tools).length);
    expect(realTools(tools).every((s: PlannedSpan) => s.error && typeof s.attributes['error.type'] === 'string')).toBe(true);
    const slow = plan('timeout');
    const calls = chats(slow);
    expect(count(slow, 'timeout')).toBe(calls.filter((s) => s.attributes['http.request.resend_count'] === undefined).length);
    expect(count(slow, 'timeout')).toBe(calls.length / 2);
  });

  it.each(['out_of_order_export', 'duplicate_export'] as const)('%s: on every trace', (type) => {
    const p = plan(type);
    expect(count(p, type)).toBe(p.traces.length);
  });
});

describe('fault rates', () => {
  it('over 500 sessions, each fault type is injected near its rate where it can be', () => {
    const plan = new Simulation({ seed: 99 }).sessions(500, HISTORY);
    const all = plan.handoffs.length;
    const explicit = plan.handoffs.filter((h) => h.id).length;
    const places: Record<FaultType, number> = {
      dropped_fact: all,
      dropped_constraint: all,
      changed_value: explicit,
      ungrounded_fact: explicit,
      contract_violation: explicit,
      truncation: explicit,
      cross_session_contradiction: crossSessionEligible(plan).length,
      tool_error: realTools(plan).length,
      timeout: chats(plan).filter((s) => s.attributes['http.request.resend_count'] === undefined).length,
      out_of_order_export: plan.traces.length,
      duplicate_export: plan.traces.length,
    };
    for (const type of FAULT_TYPES) {
      const rate = DEFAULT_FAULT_RATES[type];
      const n = places[type];
      const observed = plan.faults.filter((f) => f.type === type).length / n;
      const tolerance = 4 * Math.sqrt((rate * (1 - rate)) / n) + 0.003;
      expect(Math.abs(observed - rate), `${type}: ${observed.toFixed(4)} over ${n} places, rate ${rate}`).toBeLessThan(tolerance);
    }
  });
});
