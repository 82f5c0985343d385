import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail, TraceList } from '@/lib/schemas/api';
import { emitTriageTrace, exportSpans, finishedSpans, fromOtherService, otelHarness, type Protocol } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** The real OpenTelemetry JS exporters, sending to the running receiver, read back through /api/v1. */

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton();
});
afterAll(async () => {
  await baton?.stop();
  baton?.cleanup();
});

describe.each<Protocol>(['http/protobuf', 'http/json'])('exporter %s', (protocol) => {
  it('delivers a multi-agent trace that reads back whole, normalized and exact', async () => {
    const otel = otelHarness(baton.otlpUrl, protocol, `svc-${protocol}`);
    const sessionId = `session-${protocol}`;
    const ids = emitTriageTrace(otel.tracer, sessionId);
    await otel.flush();
    await otel.shutdown();

    const { status, body } = await baton.api<TraceDetail>(`/api/v1/traces/${ids.traceId}`);
    expect(status).toBe(200);
    expect(body.traceId).toBe(ids.traceId);
    expect(body.sessionId).toBe(sessionId);
    // The analyzer runs just after the write: the delegation triage → billing, and billing's
    // explicit handoff, pending because no sender side was ever recorded.
    const handoffs = async () => (await baton.api<TraceDetail>(`/api/v1/traces/${ids.traceId}`)).body.handoffs.map((h) => `${h.source} ${h.fromAgent}>${h.toAgent} ${h.status}`).sort();
    const deadline = Date.now() + 10_000;
    while ((await handoffs()).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await handoffs()).toEqual(['delegation triage>billing complete', 'explicit >billing pending']);
    expect(body.spans.map((s) => s.spanId).sort()).toEqual([...ids.spanIds].sort());

    const byName = Object.fromEntries(body.spans.map((s) => [s.name, s]));
    expect(byName['invoke_agent triage']).toMatchObject({ type: 'agent', agent: 'triage', userId: 'user-7', parentSpanId: '', service: `svc-${protocol}` });
    expect(byName['chat gpt-4o']).toMatchObject({ type: 'llm', agent: 'triage', model: 'gpt-4o', usage: { input: 812, output: 64 }, kind: 'client' });
    expect(byName['chat gpt-4o']!.attributes['gen_ai.usage.input_tokens']).toBe(812);
    expect(byName['invoke_agent billing']).toMatchObject({ type: 'agent', agent: 'billing', sessionId });
    expect(byName['execute_tool refund']).toMatchObject({ type: 'tool', agent: 'billing', status: { code: 'error', message: 'payment gateway timeout' } });
    expect(byName['invoke_agent billing']!.events).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/),
        name: 'baton.context.snapshot',
        attributes: {
          'baton.handoff.id': `h-${sessionId}`,
          'baton.snapshot.facts': JSON.stringify({ customer: { id: 'C-42' }, budget: 300 }),
          'baton.snapshot.phase': 'received',
        },
      },
    ]);
    expect(byName['invoke_agent triage']!.resource).toMatchObject({ 'service.name': `svc-${protocol}`, 'telemetry.sdk.language': 'nodejs' });
    expect(byName['invoke_agent triage']!.scope).toMatchObject({ name: 'baton-tests', version: '1.0.0' });

    const list = await baton.api<TraceList>(`/api/v1/traces?q=${ids.traceId}`);
    expect(list.body.traces).toEqual([
      expect.objectContaining({ traceId: ids.traceId, sessionId, rootName: 'invoke_agent triage', agents: ['billing', 'triage'], spans: 4, errors: 1, service: `svc-${protocol}` }),
    ]);
  });
});

describe('delivery', () => {
  it('reads a batch delivered twice back once', async () => {
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf');
    const first = emitTriageTrace(otel.tracer, 'dup-session');
    await otel.flush();
    await otel.shutdown();
    const detail = await baton.api<TraceDetail>(`/api/v1/traces/${first.traceId}`);

    // Replay the exact same spans as an exporter retry would: re-encode what Baton stored as OTLP/JSON.
    const replay = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'test-agents' } }] },
          scopeSpans: [
            {
              spans: detail.body.spans.map((s) => ({
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId,
                name: s.name,
                startTimeUnixNano: isoToNanos(s.startTime),
                endTimeUnixNano: isoToNanos(s.endTime),
              })),
            },
          ],
        },
      ],
    };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(replay) });
      expect(res.status).toBe(200);
    }
    const again = await baton.api<TraceDetail>(`/api/v1/traces/${first.traceId}`);
    expect(again.body.spans).toHaveLength(4);
    const list = await baton.api<TraceList>(`/api/v1/traces?q=${first.traceId}`);
    expect(list.body.traces[0]?.spans).toBe(4);
  });
});

describe('first write wins', () => {
  const traceOf = async (traceId: string) => (await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`)).body;

  it('keeps the first copy of a span another service sends with the same ids, and counts the copy it ignored', async () => {
    const spans = await finishedSpans((tracer) => emitTriageTrace(tracer, 'fww-session'), 'svc-a');
    await exportSpans(baton.otlpUrl, 'http/protobuf', spans);
    const root = spans.find((s) => s.name === 'invoke_agent triage')!;
    const { traceId, spanId } = root.spanContext();

    await exportSpans(baton.otlpUrl, 'http/json', [fromOtherService(root, 'svc-b', { name: 'invoke_agent intruder', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'intruder' } })]);
    const trace = await traceOf(traceId);
    expect(trace.spans).toHaveLength(4);
    expect(trace.spans.find((s) => s.spanId === spanId)).toMatchObject({ name: 'invoke_agent triage', service: 'svc-a', agent: 'triage', attributes: { 'session.id': 'fww-session' } });
    expect(trace.ignoredSpanCopies).toBe(1);

    // The first exporter retries its batch: the same copies from the same resource, not news.
    await exportSpans(baton.otlpUrl, 'http/protobuf', spans);
    expect(await traceOf(traceId)).toMatchObject({ ignoredSpanCopies: 1, spans: trace.spans });
    // Counts come from the spans; the list's other figures come from the traces rollup, which saw both copies.
    const list = await baton.api<TraceList>(`/api/v1/traces?q=${traceId}`);
    expect(list.body.traces).toEqual([expect.objectContaining({ traceId, spans: 4, errors: 1 })]);
  });

  it('reads an identical retry of a batch back once, with no copy ignored', async () => {
    const spans = await finishedSpans((tracer) => emitTriageTrace(tracer, 'fww-retry'), 'svc-a');
    await exportSpans(baton.otlpUrl, 'http/protobuf', spans);
    await exportSpans(baton.otlpUrl, 'http/protobuf', spans);
    const trace = await traceOf(spans[0]!.spanContext().traceId);
    expect(trace.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
    expect(trace.ignoredSpanCopies).toBe(0);
  });
});

function isoToNanos(iso: string): string {
  const ms = BigInt(Date.parse(iso.slice(0, 23) + 'Z'));
  return (ms * 1_000_000n + BigInt(iso.slice(23, 29))).toString();
}
