import { createEmitter } from '@/simulator/emit';
import { observe } from '@/simulator/observe';
import { Simulation } from '@/simulator/plan';
import { score, type Score } from '@/simulator/score';
import { startBaton } from '@/tests/helpers/server';

/**
 * Fault recovery at the simulator's default rates: a fixed-seed history sent
 * through the real OpenTelemetry exporter into a fresh Baton, then scored
 * against the plan's ground truth (precision and recall per fault type).
 */

export interface FaultsResult {
  seed: number;
  sessions: number;
  traces: number;
  spans: number;
  sendSeconds: number;
  /** From the last acknowledgement until every handoff is complete and the handoff list stops changing (polled every 0.5 s). */
  settleSeconds: number;
  /** Reading every session (its lists to the end) and trace once. */
  readSeconds: number;
  score: Score;
}

export async function runFaultsBench(options: { seed: number; sessions: number }): Promise<FaultsResult> {
  const baton = await startBaton();
  try {
    const now = Date.now();
    const plan = new Simulation({ seed: options.seed }).sessions(options.sessions, { fromMs: now - 14 * 86_400_000, toMs: now - 60_000 });
    const emitter = createEmitter({ endpoint: baton.otlpUrl, seed: options.seed });
    const t0 = performance.now();
    const sent = await emitter.emit(plan);
    await emitter.shutdown();
    const t1 = performance.now();
    let settled = 0;
    const observed = await observe(baton.uiUrl, plan, sent.ids, { timeoutMs: 300_000, onSettled: () => (settled = performance.now()) });
    const t2 = performance.now();
    return {
      seed: options.seed,
      sessions: plan.sessions.length,
      traces: plan.traces.length,
      spans: sent.spans,
      sendSeconds: (t1 - t0) / 1000,
      settleSeconds: (settled - t1) / 1000,
      readSeconds: (t2 - settled) / 1000,
      score: score(plan, sent.ids, observed),
    };
  } finally {
    await baton.stop();
    baton.cleanup();
  }
}
