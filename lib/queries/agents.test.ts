import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { agentsParamsSchema, agentsResponseSchema, type AgentsResponse } from '@/lib/schemas/agents';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { agentFixture, BASE, fixtureSpans, H, S, WINDOW, type Fixture } from '@/tests/helpers/agent-fixture';
import { attrs } from '@/tests/helpers/factories';
import { failedRuns } from './agent-failures';
import { agentStats } from './agents';

/**
 * Agents and pairs on a real store: the fixture's spans written through the
 * writer, handoffs found by the real analyzer, read back with exact figures
 * (tests/helpers/agent-fixture.ts describes the history).
 */

let fx: Fixture;
beforeAll(async () => {
  fx = await agentFixture();
});
afterAll(async () => fx?.close());

async function read(range: Record<string, string> = WINDOW): Promise<AgentsResponse> {
  return agentsResponseSchema.parse(await agentStats(fx.store.client, agentsParamsSchema.parse(range)));
}

const NO_SIDE = { handoffs: 0, complete: 0, drifted: 0, critical: 0, measured: 0, driftRate: null, meanFidelity: null };

describe('agents', () => {
  it('lists every agent of the range, the busiest first, with runs, latency and errors', async () => {
    const { agents } = await read();
    // triage and billing ran twice (triage has more handoffs); planner and writer once, with a handoff; auditor once; refunds only received a pending handoff.
    expect(agents.map((a) => a.agent)).toEqual(['triage', 'billing', 'planner', 'writer', 'auditor', 'refunds']);
    const by = Object.fromEntries(agents.map((a) => [a.agent, a]));
    expect(by.triage).toMatchObject({ invocations: 2, traces: 2, latencyP50Ns: 2 * S * 1e6, latencyP95Ns: 2.9 * S * 1e6, errors: 0, errorRate: 0 });
    // billing's tool call failed in trace 1: one of its two runs.
    expect(by.billing).toMatchObject({ invocations: 2, traces: 2, latencyP50Ns: 3 * S * 1e6, latencyP95Ns: 3.9 * S * 1e6, errors: 1, failedRuns: 1, errorRate: 0.5 });
    // writer's own run span failed.
    expect(by.writer).toMatchObject({ invocations: 1, latencyP50Ns: 1.5 * S * 1e6, errors: 1, failedRuns: 1, errorRate: 1 });
    // auditor's tool failed two levels down, and arrived before its parents: found through the span tree.
    expect(by.auditor).toMatchObject({ invocations: 1, errors: 1, failedRuns: 1, errorRate: 1 });
    expect(by.planner).toMatchObject({ errors: 0, failedRuns: 0, errorRate: 0 });
    expect(by.refunds).toMatchObject({ invocations: 0, traces: 0, latencyP50Ns: null, latencyP95Ns: null, errorRate: null });
    expect(agents.some((a) => a.agent === 'old-agent')).toBe(false);
  });

  it('sums the handoffs each agent sent and received, drift and fidelity over the complete ones', async () => {
    const by = Object.fromEntries((await read()).agents.map((a) => [a.agent, a]));
    expect(by.triage!.sent).toEqual({ handoffs: 3, complete: 2, drifted: 1, critical: 0, measured: 2, driftRate: 0.5, meanFidelity: 0.75 });
    expect(by.triage!.received).toEqual(NO_SIDE);
    expect(by.billing!.received).toEqual({ handoffs: 2, complete: 2, drifted: 1, critical: 0, measured: 2, driftRate: 0.5, meanFidelity: 0.75 });
    // The delegation was compared on text: no fidelity.
    expect(by.writer!.received).toEqual({ handoffs: 1, complete: 1, drifted: 0, critical: 0, measured: 0, driftRate: 0, meanFidelity: null });
    expect(by.refunds!.received).toEqual({ ...NO_SIDE, handoffs: 1 });
  });
});

describe('pairs', () => {
  it('gives volume, drift, fidelity, receiver latency, pickup and receiver errors per pair', async () => {
    const { pairs } = await read();
    expect(pairs).toEqual([
      {
        fromAgent: 'triage',
        toAgent: 'billing',
        handoffs: 2,
        complete: 2,
        drifted: 1,
        critical: 0,
        measured: 2,
        driftRate: 0.5,
        meanFidelity: 0.75,
        // billing ran 2 s and 4 s, starting 100 ms after each send.
        receiverP50Ns: 3e9,
        receiverP95Ns: 3.9e9,
        pickupP50Ns: 1e8,
        pickupP95Ns: 1e8,
        erroredReceivers: 1,
        errorRate: 0.5,
      },
      {
        fromAgent: 'planner',
        toAgent: 'writer',
        handoffs: 1,
        complete: 1,
        drifted: 0,
        critical: 0,
        measured: 0,
        driftRate: 0,
        meanFidelity: null,
        receiverP50Ns: 1.5e9,
        receiverP95Ns: 1.5e9,
        // An inferred handoff's time is the receiver's start.
        pickupP50Ns: 0,
        pickupP95Ns: 0,
        erroredReceivers: 1,
        errorRate: 1,
      },
      {
        fromAgent: 'triage',
        toAgent: 'refunds',
        handoffs: 1,
        complete: 0,
        drifted: 0,
        critical: 0,
        measured: 0,
        driftRate: null,
        meanFidelity: null,
        receiverP50Ns: null,
        receiverP95Ns: null,
        pickupP50Ns: null,
        pickupP95Ns: null,
        erroredReceivers: 0,
        errorRate: null,
      },
    ]);
  });
});

describe('ranges and redelivery', () => {
  it('keeps to the range: only the first hour holds trace 1', async () => {
    const { agents, pairs } = await read({ from: String(BASE - H), to: String(BASE + 30 * 60_000) });
    // One run and one handoff each: ties go by name.
    expect(agents.map((a) => [a.agent, a.invocations])).toEqual([
      ['billing', 1],
      ['triage', 1],
    ]);
    expect(pairs.map((p) => [p.fromAgent, p.toAgent, p.handoffs])).toEqual([['triage', 'billing', 1]]);
  });

  it('answers empty lists for a range with nothing in it', async () => {
    expect(await read({ from: String(BASE - 20 * H), to: String(BASE - 19 * H) })).toEqual({ agents: [], pairs: [] });
  });

  it('counts a redelivered run once', async () => {
    await fx.write(fixtureSpans().filter((s) => s.traceId.endsWith('1')));
    const by = Object.fromEntries((await read()).agents.map((a) => [a.agent, a]));
    expect(by.triage).toMatchObject({ invocations: 2, traces: 2 });
    expect(by.billing).toMatchObject({ invocations: 2, errors: 1, failedRuns: 1 });
    expect((await read()).pairs[0]).toMatchObject({ handoffs: 2, erroredReceivers: 1 });
  });
});

describe('copies from another service', () => {
  it('count a run as its first copy: no new agent, run or latency', async () => {
    // Trace 1's two runs again, from another service: another agent, ten times as long.
    const copy = (s: DecodedSpan): DecodedSpan => ({
      ...s,
      events: [],
      endNs: String(BigInt(s.startNs) + (BigInt(s.endNs) - BigInt(s.startNs)) * 10n),
      attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'intruder' }),
    });
    await fx.write(fixtureSpans().filter((s) => s.traceId.endsWith('1') && s.name.startsWith('invoke_agent')).map(copy), 'svc-other');
    const { agents, pairs } = await read();
    expect(agents.map((a) => a.agent)).not.toContain('intruder');
    const by = Object.fromEntries(agents.map((a) => [a.agent, a]));
    expect(by.triage).toMatchObject({ invocations: 2, latencyP50Ns: 2 * S * 1e6, latencyP95Ns: 2.9 * S * 1e6 });
    expect(by.billing).toMatchObject({ invocations: 2, latencyP50Ns: 3 * S * 1e6, errors: 1, failedRuns: 1 });
    expect(pairs[0]).toMatchObject({ fromAgent: 'triage', toAgent: 'billing', receiverP50Ns: 3e9, receiverP95Ns: 3.9e9 });
  });
});

describe('failed runs', () => {
  const row = (span: string, parent: string, type: string, agent: string, failed = 0) => ({ trace_id: 't', span_id: span, parent_span_id: parent, type, agent, failed, in_range: 1 });

  it('charges a failed span to the nearest agent run above it, not to an outer one', () => {
    const runs = failedRuns([
      row('outer', '', 'agent', 'supervisor'),
      row('inner', 'outer', 'agent', 'worker'),
      row('chat', 'inner', 'llm', ''),
      row('tool', 'chat', 'tool', '', 1),
      row('own', 'outer', 'tool', 'supervisor', 1),
      row('orphan', 'missing', 'tool', '', 1),
    ]);
    expect(Object.fromEntries(runs)).toEqual({ 't:inner': { agent: 'worker', inRange: true, errors: 1 }, 't:outer': { agent: 'supervisor', inRange: true, errors: 1 } });
  });
});

describe('parameters', () => {
  it('defaults to the last 24 hours and rejects unreadable or reversed ranges', () => {
    const p = agentsParamsSchema.parse({});
    expect(p.to - p.from).toBe(24 * H);
    expect(agentsParamsSchema.safeParse({ from: 'yesterday' }).error?.issues[0]?.message).toBe('from must be ISO-8601 or epoch milliseconds');
    expect(agentsParamsSchema.safeParse({ from: '2000', to: '1000' }).error?.issues[0]?.message).toBe('from must not be after to');
  });
});
