import { describe, expect, it } from 'vitest';
import type { Emitter, EmitResult } from './emit';
import { runLive, type SessionSource } from './live';
import type { PlannedTrace, SimPlan } from './types';

/**
 * Live mode with a recording emitter: traces are sent only once their last
 * span has ended, at about the requested rate, and the run stops when the
 * signal aborts.
 */

/** Sessions of two one-span traces, ending 50 ms and 150 ms after the session is planned. */
function source(): SessionSource & { planned: number } {
  let n = 0;
  return {
    planned: 0,
    sessions(count, window) {
      const plan: SimPlan = { seed: 1, sessions: [], traces: [], handoffs: [], faults: [] };
      for (let i = 0; i < count; i++) {
        const s = `live-${++n}`;
        for (const [turn, endAfter] of [50, 150].entries()) {
          const key = `${s}.t${turn}`;
          plan.traces.push({
            key,
            sessionId: s,
            userId: 'u',
            turn,
            topology: 'triage',
            service: 'svc',
            delivery: { childrenFirst: false, duplicate: false },
            spans: [{ key: `${key}.0`, name: 'invoke_agent a', kind: 'internal', startMs: window.fromMs, endMs: window.fromMs + endAfter, attributes: {}, snapshots: [], links: [] }],
          });
        }
        plan.faults.push({ type: 'tool_error', carrier: 'span', sessionId: s, traceKey: `${s}.t0`, spanKey: `${s}.t0.0` });
        this.planned++;
      }
      return plan;
    },
  };
}

function recorder(): Emitter & { sent: { trace: PlannedTrace; atMs: number }[] } {
  const sent: { trace: PlannedTrace; atMs: number }[] = [];
  return {
    url: 'http://recorder/v1/traces',
    sent,
    prepare: () => new Map(),
    async emit(plan): Promise<EmitResult> {
      for (const trace of plan.traces) sent.push({ trace, atMs: Date.now() });
      return { ids: new Map(), traces: plan.traces.length, spans: plan.traces.length, requests: 1 };
    },
    shutdown: () => Promise.resolve(),
  };
}

describe('runLive', () => {
  it('sends each trace after its end, at about the rate, until aborted', async () => {
    const sim = source();
    const emitter = recorder();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 1_500);
    const stats = await runLive(sim, emitter, { tracesPerSecond: 20, horizonMs: 200, signal: stop.signal });

    expect(emitter.sent.length).toBeGreaterThanOrEqual(18);
    expect(emitter.sent.length).toBeLessThanOrEqual(32);
    for (const { trace, atMs } of emitter.sent) expect(atMs).toBeGreaterThanOrEqual(trace.spans[0]!.endMs);
    expect(stats).toMatchObject({ traces: emitter.sent.length, spans: emitter.sent.length });
    expect(stats.sessions).toBe(new Set(emitter.sent.map((s) => s.trace.sessionId)).size);
    expect(stats.faults.tool_error).toBe(emitter.sent.filter((s) => s.trace.turn === 0).length);
    expect(stats.elapsedMs).toBeGreaterThanOrEqual(1_400);
    // It plans ahead only about a horizon's worth of traffic.
    expect(sim.planned * 2).toBeLessThanOrEqual(20 * (1.5 + 0.2) + 4);
  });

  it('stops at once when the signal is already aborted', async () => {
    const emitter = recorder();
    const stats = await runLive(source(), emitter, { tracesPerSecond: 5, signal: AbortSignal.abort() });
    expect(emitter.sent).toHaveLength(0);
    expect(stats.traces).toBe(0);
  });

  it('rejects a rate that is not positive', async () => {
    await expect(runLive(source(), recorder(), { tracesPerSecond: 0, signal: new AbortController().signal })).rejects.toThrow(/positive/);
  });

  it('fails with the first export error', async () => {
    const emitter = recorder();
    emitter.emit = () => Promise.reject(new Error('export to http://x/v1/traces failed: ECONNREFUSED'));
    await expect(runLive(source(), emitter, { tracesPerSecond: 50, horizonMs: 100, signal: new AbortController().signal })).rejects.toThrow(/ECONNREFUSED/);
  });
});
