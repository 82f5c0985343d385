import type { EmitResult, Emitter } from './emit';
import type { FaultType, InjectedFault, PlannedTrace, SimPlan } from './types';

/**
 * Live traffic: keeps planning sessions that start now and sends each trace
 * once its last span has ended, at about the given rate, until the signal
 * aborts. Traces not finished by then are not sent (they have not happened).
 */

/** What `runLive` needs of a `Simulation` (plan.ts). */
export interface SessionSource {
  sessions(count: number, window: { fromMs: number; toMs: number }): SimPlan;
}

export interface LiveOptions {
  /** Average traces sent per second (> 0). */
  tracesPerSecond: number;
  /** Stops the run; traces already being sent are still acknowledged. */
  signal: AbortSignal;
  /** How far ahead each planned session may reach. Default 60 s. */
  horizonMs?: number;
  /** Called after each acknowledged send, with the totals so far. */
  onProgress?: (stats: LiveStats) => void;
  /** The clock (tests). Default `Date.now`. */
  now?: () => number;
}

export interface LiveStats {
  sessions: number;
  traces: number;
  spans: number;
  requests: number;
  faults: Partial<Record<FaultType, number>>;
  elapsedMs: number;
}

interface Due {
  trace: PlannedTrace;
  dueMs: number;
  faults: InjectedFault[];
}

export async function runLive(sim: SessionSource, emitter: Emitter, options: LiveOptions): Promise<LiveStats> {
  const rate = options.tracesPerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`tracesPerSecond must be a positive number (got ${rate})`);
  const now = options.now ?? Date.now;
  const horizonMs = options.horizonMs ?? 60_000;
  const startedAt = now();
  const stats: LiveStats = { sessions: 0, traces: 0, spans: 0, requests: 0, faults: {}, elapsedMs: 0 };
  const sessions = new Set<string>();
  let pending: Due[] = [];
  let planned = 0;
  let tokens = 1;
  let lastRefill = startedAt;
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  const tickMs = Math.min(1_000, Math.max(20, 1_000 / rate));

  while (!options.signal.aborted && !failure) {
    const t = now();
    // Plan enough sessions that, a horizon from now, `rate` traces per second will have ended.
    while (planned < rate * ((t - startedAt + horizonMs) / 1_000)) {
      const plan = sim.sessions(1, { fromMs: t, toMs: t + horizonMs });
      if (plan.traces.length === 0) break;
      planned += plan.traces.length;
      emitter.prepare(plan); // a consumer may be sent before the producer it links to
      pending.push(...dueTraces(plan));
    }
    pending.sort((a, b) => a.dueMs - b.dueMs);

    tokens = Math.min(Math.max(1, rate), tokens + ((t - lastRefill) / 1_000) * rate);
    lastRefill = t;
    let ready = 0;
    while (ready < pending.length && pending[ready]!.dueMs <= t && ready + 1 <= tokens) ready++;
    if (ready > 0) {
      const batch = pending.slice(0, ready);
      pending = pending.slice(ready);
      tokens -= ready;
      const sending: Promise<void> = emitter.emit({ traces: batch.map((d) => d.trace) }).then(
        (result) => {
          record(stats, sessions, batch, result);
          stats.elapsedMs = now() - startedAt;
          options.onProgress?.({ ...stats, faults: { ...stats.faults } });
        },
        (err: unknown) => void (failure ??= err instanceof Error ? err : new Error(String(err))),
      ).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      // Backpressure: a slow receiver slows the run down instead of piling up requests.
      if (inFlight.size >= 8) await Promise.race(inFlight);
    }
    await sleep(tickMs, options.signal);
  }
  await Promise.all(inFlight);
  stats.elapsedMs = now() - startedAt;
  if (failure) throw failure;
  return stats;
}

function dueTraces(plan: SimPlan): Due[] {
  const faults = new Map<string, InjectedFault[]>();
  for (const f of plan.faults) faults.set(f.traceKey, [...(faults.get(f.traceKey) ?? []), f]);
  return plan.traces.map((trace) => ({
    trace,
    dueMs: trace.spans.reduce((max, s) => Math.max(max, s.endMs), -Infinity),
    faults: faults.get(trace.key) ?? [],
  }));
}

function record(stats: LiveStats, sessions: Set<string>, sent: readonly Due[], result: EmitResult): void {
  for (const d of sent) {
    sessions.add(d.trace.sessionId);
    for (const f of d.faults) stats.faults[f.type] = (stats.faults[f.type] ?? 0) + 1;
  }
  stats.sessions = sessions.size;
  stats.traces += result.traces;
  stats.spans += result.spans;
  stats.requests += result.requests;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
