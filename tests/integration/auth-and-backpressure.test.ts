import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Ingest keys (BATON_INGEST_KEYS) and the bounded write queue: a Baton with
 * keys and a queue of only a few KiB, so concurrent exports overflow it.
 */

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_INGEST_KEYS: 'key-one, key-two', BATON_WRITE_QUEUE_BYTES: '4096' } });
});
afterAll(async () => {
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

const body = (traceId: string, spans: number) =>
  JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: (i + 1).toString(16).padStart(16, '0'),
              name: `step ${i}`,
              startTimeUnixNano: `${Date.now() - 1000}000000`,
              endTimeUnixNano: `${Date.now()}000000`,
              attributes: [{ key: 'payload', value: { stringValue: 'x'.repeat(200) } }],
            })),
          },
        ],
      },
    ],
  });

const post = (payload: string, authorization?: string) =>
  fetch(`${baton.otlpUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: payload,
  });

describe('ingest keys', () => {
  it('answers 401 without a key or with a wrong one', async () => {
    const missing = await post(body('0af7651916cd43dd8448eb211c80319c', 1));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await missing.json()).message).toMatch(/Authorization: Bearer/);
    expect((await post(body('0af7651916cd43dd8448eb211c80319c', 1), 'Bearer key-three')).status).toBe(401);
    expect((await post(body('0af7651916cd43dd8448eb211c80319c', 1), 'Basic a2V5LW9uZQ==')).status).toBe(401);
    expect((await baton.api('/api/v1/traces/0af7651916cd43dd8448eb211c80319c')).status).toBe(404);
  });

  it('accepts any configured key from a real exporter', async () => {
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'keyed', { Authorization: 'Bearer key-two' });
    const ids = emitTriageTrace(otel.tracer, 'keyed-session');
    await otel.flush();
    await otel.shutdown();
    expect((await baton.api<TraceDetail>(`/api/v1/traces/${ids.traceId}`)).body.spans).toHaveLength(4);
  });
});

describe('a full write queue', () => {
  it('answers 429 with Retry-After instead of buffering, and keeps every span it acknowledged', async () => {
    const traceIds = Array.from({ length: 60 }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}${'c'.repeat(24)}`);
    const results = await Promise.all(traceIds.map((id) => post(body(id, 30), 'Bearer key-one')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    for (const r of results.filter((r) => r.status === 429)) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await r.json()).message).toMatch(/write queue is full/);
    }
    for (const [i, r] of results.entries()) {
      const stored = await baton.api<TraceDetail>(`/api/v1/traces/${traceIds[i]}`);
      if (r.status === 200) expect(stored.body.spans).toHaveLength(30);
      else expect(stored.status).toBe(404);
    }
  });
});
