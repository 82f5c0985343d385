import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentsResponse } from '@/lib/schemas/agents';
import type { ApiError } from '@/lib/schemas/api';
import type { MetricsResponse } from '@/lib/schemas/metrics';
import type { Stats } from '@/lib/schemas/stats';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * GET /api/v1/stats, /api/v1/agents and the sessions metric over HTTP, on two
 * triage traces sent with the OpenTelemetry SDK (triage delegates to billing,
 * whose refund tool fails; billing also records a received snapshot whose
 * sender never arrives), and their 400s. Responses are checked against their
 * schemas by the server (BATON_CHECK_RESPONSES).
 */

let baton: BatonProcess;
let range: string;

async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  baton = await startBaton();
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'overview-svc');
  const sentAt = Date.now();
  emitTriageTrace(otel.tracer, 'overview-1');
  emitTriageTrace(otel.tracer, 'overview-2');
  await otel.flush();
  await otel.shutdown();
  range = `from=${sentAt - 60 * 60_000}&to=${sentAt + 60_000}`;
  // The analyzer writes sessions and handoffs shortly after the commit.
  await eventually('two sessions analysed', async () => {
    const res = await baton.api<Stats>(`/api/v1/stats?${range}`);
    return res.body.sessions === 2 && res.body.handoffs.total === 4 ? true : undefined;
  });
});
afterAll(async () => {
  await baton.stop();
  baton.cleanup();
});

describe('stats', () => {
  it('gives the headline figures of the range', async () => {
    const res = await baton.api<Stats>(`/api/v1/stats?${range}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      spans: 8,
      errors: 2,
      sessions: 2,
      handoffs: { total: 4, complete: 2, pending: 2, drifted: 0, driftRate: 0 },
    });
    expect(res.body.scoreHistogram.reduce((n, b) => n + b.sessions, 0)).toBe(2);
    expect(res.body.scoreHistogram.map((b) => [b.min, b.max])).toEqual([
      [0, 9],
      [10, 19],
      [20, 29],
      [30, 39],
      [40, 49],
      [50, 59],
      [60, 69],
      [70, 79],
      [80, 89],
      [90, 100],
    ]);
  });
});

describe('agents', () => {
  it('gives each agent and pair with runs, errors and handoffs', async () => {
    const res = await baton.api<AgentsResponse>(`/api/v1/agents?${range}`);
    expect(res.status).toBe(200);
    const by = Object.fromEntries(res.body.agents.map((a) => [a.agent, a]));
    expect(Object.keys(by).sort()).toEqual(['billing', 'triage']);
    expect(by.triage).toMatchObject({ invocations: 2, traces: 2, errors: 0, errorRate: 0, sent: { handoffs: 2, complete: 2 } });
    // billing's refund tool failed in both runs. The SDK exported each span as it ended, children first:
    // the failures are found through the span tree.
    expect(by.billing).toMatchObject({ invocations: 2, errors: 2, failedRuns: 2, errorRate: 1, received: { handoffs: 4, complete: 2 } });
    expect(by.billing!.latencyP50Ns).toBeGreaterThanOrEqual(0);
    expect(res.body.pairs.map((p) => [p.fromAgent, p.toAgent, p.handoffs, p.complete, p.errorRate])).toEqual([
      ['', 'billing', 2, 0, null],
      ['triage', 'billing', 2, 2, 1],
    ]);
  });
});

describe('sessions metric', () => {
  it('counts the sessions started per bucket', async () => {
    const res = await baton.api<MetricsResponse>(`/api/v1/metrics?metric=sessions&${range}&step=5m`);
    expect(res.status).toBe(200);
    expect(res.body.series.map((s) => [s.key, s.points.reduce((n, p) => n + p.v, 0)])).toEqual([['all', 2]]);
  });
});

describe('bad parameters', () => {
  it.each([
    ['/api/v1/stats?from=yesterday', /from must be ISO-8601 or epoch milliseconds/],
    ['/api/v1/stats?from=2000&to=1000', /from must not be after to/],
    ['/api/v1/agents?to=soon', /to must be ISO-8601 or epoch milliseconds/],
    ['/api/v1/agents?from=2000&to=1000', /from must not be after to/],
  ])('answers 400 to %s', async (path, message) => {
    const res = await baton.api<ApiError>(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(message);
  });
});
