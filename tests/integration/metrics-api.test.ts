import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '@/lib/schemas/api';
import type { MetricsResponse } from '@/lib/schemas/metrics';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** GET /api/v1/metrics over HTTP: series from spans sent with the OpenTelemetry SDK, and its 400s. */

let baton: BatonProcess;
let sentAt: number;

beforeAll(async () => {
  baton = await startBaton();
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'metrics-svc');
  sentAt = Date.now();
  emitTriageTrace(otel.tracer, 'metrics-session');
  await otel.flush();
  await otel.shutdown();
});
afterAll(async () => {
  await baton.stop();
  baton.cleanup();
});

const total = (res: MetricsResponse, key = 'all') => res.series.find((s) => s.key === key)?.points.reduce((n, p) => n + p.v, 0);

describe('metrics', () => {
  it('counts the spans and errors of a trace, with a point per minute of the range', async () => {
    const range = `from=${sentAt - 10 * 60_000}&to=${sentAt + 60_000}&step=1m`;
    const spans = await baton.api<MetricsResponse>(`/api/v1/metrics?metric=spans&${range}`);
    expect(spans.status).toBe(200);
    expect(spans.body.series.map((s) => s.key)).toEqual(['all']);
    expect(total(spans.body)).toBe(4);
    expect(spans.body.series[0]!.points.length).toBeGreaterThanOrEqual(11);
    const errors = await baton.api<MetricsResponse>(`/api/v1/metrics?metric=errors&${range}`);
    expect(total(errors.body)).toBe(1);
  });

  it('defaults to the last 24 hours', async () => {
    const res = await baton.api<MetricsResponse>('/api/v1/metrics?metric=spans&groupBy=agent');
    expect(res.status).toBe(200);
    expect(res.body.series.reduce((n, s) => n + (total(res.body, s.key) ?? 0), 0)).toBe(4);
  });

  it.each([
    ['metric=latency', /metric must be one of spans, errors, handoffs, drift_rate, fidelity, consistency/],
    ['', /metric must be one of/],
    ['metric=spans&step=5x', /step must be whole seconds \(e\.g\. 300\) or a duration like 30s, 5m, 1h, 1d/],
    ['metric=spans&step=0', /step must be between 1 s and 365 d/],
    ['metric=spans&step=1s', /a step of 1 s gives 8640[01] buckets over this range; at most 1000 are allowed \(use a step of at least 87 s/],
    ['metric=spans&groupBy=agent_pair', /groupBy=agent_pair does not apply to metric spans: groupBy=agent_pair works with handoffs, drift_rate, fidelity/],
    ['metric=consistency&groupBy=agent_pair', /does not apply to metric consistency/],
    ['metric=spans&groupBy=user', /groupBy must be one of agent, agent_pair/],
    ['metric=spans&from=yesterday', /from must be ISO-8601 or epoch milliseconds/],
  ])('answers 400 to ?%s', async (query, message) => {
    const res = await baton.api<ApiError>(`/api/v1/metrics?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toMatch(message);
  });
});
