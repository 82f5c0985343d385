import { createEmitter } from '@/simulator/emit';
import { observe } from '@/simulator/observe';
import { Simulation } from '@/simulator/plan';
import { startBaton } from '@/tests/helpers/server';

/**
 * Read API latency behind the main pages: a fresh Baton filled by the
 * simulator (a fixed-seed history through the real OpenTelemetry exporter,
 * analysed), then each request timed end to end over HTTP, one at a time
 * (after a few unmeasured warm-up calls), as the UI's hooks make them. The
 * ranges are those the pages ask for: the overview, the lists and the agents
 * over the whole history; single sessions and traces rotate through the
 * history's ids.
 */

export interface ApiTiming {
  name: string;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface ApiResult {
  seed: number;
  sessions: number;
  traces: number;
  spans: number;
  handoffs: number;
  days: number;
  timings: ApiTiming[];
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

async function get(url: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  await res.arrayBuffer();
}

async function time(name: string, calls: number, request: (i: number) => Promise<unknown>): Promise<ApiTiming> {
  for (let i = 0; i < 3; i++) await request(i);
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await request(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { name, calls, p50Ms: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95), maxMs: ms[ms.length - 1] ?? 0 };
}

export async function runApiBench(options: { seed: number; sessions: number; calls: number; days?: number }): Promise<ApiResult> {
  const days = options.days ?? 14;
  const baton = await startBaton();
  try {
    const now = Date.now();
    const plan = new Simulation({ seed: options.seed }).sessions(options.sessions, { fromMs: now - days * 86_400_000, toMs: now - 60_000 });
    const emitter = createEmitter({ endpoint: baton.otlpUrl, seed: options.seed });
    const sent = await emitter.emit(plan);
    await emitter.shutdown();
    const observed = await observe(baton.uiUrl, plan, sent.ids, { timeoutMs: 300_000 });
    const sessionIds = [...observed.sessions.keys()];
    const traceIds = [...observed.traces.keys()];
    const u = baton.uiUrl;
    const range = `from=${now - (days + 1) * 86_400_000}&to=${Date.now()}`;
    const url = (path: string) => () => get(`${u}${path}`);
    const overview = [
      `/api/v1/stats?${range}`,
      `/api/v1/metrics?metric=spans&${range}`,
      `/api/v1/metrics?metric=sessions&${range}`,
      `/api/v1/metrics?metric=drift_rate&${range}`,
      `/api/v1/agents?${range}`,
      `/api/v1/handoffs?${range}&severity=critical&limit=8`,
    ];
    const n = options.calls;
    const timings = [
      await time('overview: stats (headline, score histogram)', n, url(overview[0]!)),
      await time('overview: metric spans', n, url(overview[1]!)),
      await time('overview: metric sessions', n, url(overview[2]!)),
      await time('overview: metric drift_rate', n, url(overview[3]!)),
      await time('overview: page (its 6 requests in parallel)', n, () => Promise.all(overview.map((p) => get(`${u}${p}`)))),
      await time('sessions list (50)', n, url(`/api/v1/sessions?${range}&limit=50`)),
      await time('a session (stored results, first pages)', n, (i) => get(`${u}/api/v1/sessions/${encodeURIComponent(sessionIds[i % sessionIds.length]!)}`)),
      await time('handoffs list (50)', n, url(`/api/v1/handoffs?${range}&limit=50`)),
      await time('agents', n, url(`/api/v1/agents?${range}`)),
      await time('a trace', n, (i) => get(`${u}/api/v1/traces/${traceIds[i % traceIds.length]!}`)),
    ];
    return {
      seed: options.seed,
      sessions: plan.sessions.length,
      traces: plan.traces.length,
      spans: sent.spans,
      handoffs: plan.handoffs.length,
      days,
      timings,
    };
  } finally {
    await baton.stop();
    baton.cleanup();
  }
}
