import { expect } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import { emitTriageTrace, otelHarness, type AgentTraceIds, type OtelHarness, type Protocol } from './otel';
import type { BatonProcess } from './server';

/**
 * Well-behaved clients — the real OpenTelemetry SDK and exporters, every
 * protocol — sending multi-agent traces while a test does something hostile
 * beside them. `finish()` waits until every export is answered: an exporter
 * that gave up (after its own retries) fails the test.
 */

export interface GoodTraffic {
  finish(): Promise<AgentTraceIds[]>;
}

const PROTOCOLS: Protocol[] = ['http/protobuf', 'http/json', 'grpc'];

export function startGoodTraffic(baton: BatonProcess, name: string, clients = 3, everyMs = 40): GoodTraffic {
  const sent: AgentTraceIds[] = [];
  const harnesses: OtelHarness[] = Array.from({ length: clients }, (_, i) => {
    const protocol = PROTOCOLS[i % PROTOCOLS.length] as Protocol;
    // Batched, as applications export: one request per client every 200 ms.
    return otelHarness(protocol === 'grpc' ? baton.grpcUrl : baton.otlpUrl, protocol, `good-${name}-${i}`, undefined, { batch: true });
  });
  let n = 0;
  const timer = setInterval(() => {
    for (const [i, h] of harnesses.entries()) sent.push(emitTriageTrace(h.tracer, `good-${name}-${i}-${n}`));
    n++;
  }, everyMs);
  return {
    async finish() {
      clearInterval(timer);
      for (const h of harnesses) sent.push(emitTriageTrace(h.tracer, `good-${name}-last`));
      try {
        for (const h of harnesses) await h.flush();
      } finally {
        await Promise.all(harnesses.map((h) => h.shutdown().catch(() => undefined)));
      }
      return sent;
    },
  };
}

/** Every span of every trace can be read back through the API. */
export async function expectReadable(baton: BatonProcess, traces: AgentTraceIds[]): Promise<void> {
  for (const t of traces) {
    const { status, body } = await baton.api<TraceDetail>(`/api/v1/traces/${t.traceId}`);
    expect(status, t.traceId).toBe(200);
    expect(body.spans.map((s) => s.spanId).sort(), t.traceId).toEqual([...t.spanIds].sort());
  }
}
