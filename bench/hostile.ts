import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { tracesProtobuf } from '@/tests/helpers/hostile-otlp';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { post, procStatus, quantiles } from './measure';

/**
 * What hostile load costs (docs/reliability.md): memory under many maximal
 * requests at once, and read latency while the analyzer works through a
 * backlog. Each figure is set beside a baseline measured in the same run.
 */

const MiB = 1 << 20;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A protobuf request as close to `bytes` as spans of one trace, each about `spanBytes` long, make it. */
function maximalRequest(bytes: number, spanBytes: number): { body: Buffer; spans: number } {
  const traceId = hex(16);
  const now = `${Date.now()}000000`;
  const padding = 'x'.repeat(Math.max(0, spanBytes - 60));
  const make = (n: number) => tracesProtobuf(Array.from({ length: n }, () => ({ traceId, spanId: hex(8), name: 'step', startNs: now, attributes: padding ? { 'gen_ai.prompt': padding } : ({} as Record<string, string>) })));
  const probe = make(100);
  const spans = Math.floor((bytes * 0.98 * 100) / probe.length);
  return { body: make(spans), spans };
}

export interface MemoryResult {
  requests: number;
  requestMiB: number;
  spansPerRequest: number;
  idleRssMiB: number;
  /** Peak RSS while one maximal request at a time is sent (the baseline). */
  oneAtATimePeakMiB: number;
  peakRssMiB: number;
  statuses: Record<string, number>;
  seconds: number;
}

export async function runMemoryBench(opts: { requests: number; spanBytes: number }): Promise<MemoryResult> {
  const baton = await startBaton();
  try {
    const pid = baton.child.pid as number;
    const url = new URL(baton.otlpUrl);
    const { body, spans } = maximalRequest(16 * MiB, opts.spanBytes);
    const agent = new Agent({ keepAlive: true, maxSockets: opts.requests });
    await new Promise((r) => setTimeout(r, 2_000));
    const idleRssMiB = procStatus(pid, 'VmRSS');
    for (let i = 0; i < 3; i++) await post(agent, url, body);
    const oneAtATimePeakMiB = procStatus(pid, 'VmHWM');
    const started = performance.now();
    const statuses: Record<string, number> = {};
    // The same bytes for every request: the load generator holds one body, the server sees `requests` at once.
    const answers = await Promise.all(Array.from({ length: opts.requests }, () => post(agent, url, body)));
    for (const s of answers) statuses[s] = (statuses[s] ?? 0) + 1;
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();
    return {
      requests: opts.requests,
      requestMiB: body.length / MiB,
      spansPerRequest: spans,
      idleRssMiB,
      oneAtATimePeakMiB,
      peakRssMiB: procStatus(pid, 'VmHWM'),
      statuses,
      seconds,
    };
  } finally {
    await baton.stop();
    baton.cleanup();
  }
}

export interface BacklogResult {
  traces: number;
  shape: 'sessions' | 'traces';
  ingestSeconds: number;
  idle: { p50: number; p99: number; max: number; n: number };
  duringBacklog: { p50: number; p99: number; max: number; n: number };
  /** Sessions the analyzer had written when the measurement ended (of `traces`). */
  analysedWhenMeasured: number;
  analysisSeconds: number | null;
}

async function readLatencies(baton: BatonProcess, traceId: string, seconds: number): Promise<number[]> {
  const out: number[] = [];
  const until = Date.now() + seconds * 1000;
  for (const path of [`/api/v1/traces/${traceId}`, '/api/v1/sessions?limit=50']) await baton.api(path); // warm
  while (Date.now() < until) {
    for (const path of [`/api/v1/traces/${traceId}`, '/api/v1/sessions?limit=50']) {
      const t = performance.now();
      await baton.api(path);
      out.push(performance.now() - t);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return out;
}

async function analysedSessions(baton: BatonProcess): Promise<number> {
  const stats = await baton.api<{ sessions: number }>('/api/v1/stats');
  return stats.body.sessions;
}

/**
 * `traces` one-span traces, then reads while they are analysed. Shape
 * `sessions`: each trace its own session, in requests of 10,000 (how long the
 * whole backlog takes is measured from the session list). Shape `traces`:
 * traces that name no session, all in one request (a tester's 14 MiB export
 * of 90,000), whose analysis leaves nothing to count, so only reads are timed.
 */
export async function runBacklogBench(opts: { traces: number; seconds: number; shape: 'sessions' | 'traces' }): Promise<BacklogResult> {
  const baton = await startBaton();
  try {
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'engineer-opens');
    const known = emitTriageTrace(otel.tracer, 'known-session');
    await otel.flush();
    await otel.shutdown();
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = quantiles(await readLatencies(baton, known.traceId, Math.min(10, opts.seconds)));

    const url = new URL(baton.otlpUrl);
    const agent = new Agent({ keepAlive: true });
    const ingestStarted = performance.now();
    const now = `${Date.now()}000000`;
    const perRequest = opts.shape === 'sessions' ? 10_000 : opts.traces;
    for (let sent = 0; sent < opts.traces; sent += perRequest) {
      const n = Math.min(perRequest, opts.traces - sent);
      const session = (i: number): Record<string, string> => (opts.shape === 'sessions' ? { 'session.id': `backlog-${sent + i}` } : {});
      const spans = Array.from({ length: n }, (_, i) => ({ traceId: hex(16), spanId: hex(8), name: 'invoke_agent solo', startNs: now, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'solo', ...session(i) } }));
      const status = await post(agent, url, tracesProtobuf(spans, 'backlog'));
      if (status !== 200) throw new Error(`the backlog export was answered ${status}`);
    }
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    agent.destroy();
    const during = quantiles(await readLatencies(baton, known.traceId, opts.seconds));
    const analysedWhenMeasured = await analysedSessions(baton);
    // How long the whole backlog takes, for the record (up to ten minutes).
    let analysisSeconds: number | null = null;
    const deadline = opts.shape === 'sessions' ? Date.now() + 600_000 : 0;
    while (Date.now() < deadline) {
      if ((await analysedSessions(baton)) >= opts.traces + 1) {
        analysisSeconds = (performance.now() - ingestStarted) / 1000;
        break;
      }
      await new Promise((r) => setTimeout(r, 2_000));
    }
    return { traces: opts.traces, shape: opts.shape, ingestSeconds, idle, duringBacklog: during, analysedWhenMeasured, analysisSeconds };
  } finally {
    await baton.stop();
    baton.cleanup();
  }
}
