import { context, trace, type Span } from '@opentelemetry/api';
import { status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import { decodeTraceResponse, rawGrpcClient, traceRequest } from '@/tests/helpers/grpc';
import { emitTriageTrace, otelHarness, within } from '@/tests/helpers/otel';
import { otelLogsHarness } from '@/tests/helpers/otel-logs';
import { newDataDir, startBaton, type BatonProcess } from '@/tests/helpers/server';
import { rmSync } from 'node:fs';

/**
 * OTLP/gRPC (BATON_OTLP_GRPC_PORT): the real OpenTelemetry JS gRPC exporters
 * sending to the running server, read back through /api/v1; a bare grpc-js
 * client for what no exporter sends (malformed and oversized messages).
 * Status mapping and store failures are in ingest/grpc-receiver.test.ts.
 */

const KEY = 'grpc-test-key';
const AUTH = { Authorization: `Bearer ${KEY}` };
const MAX_BODY = 1 << 20;
let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_INGEST_KEYS: KEY, BATON_MAX_BODY_BYTES: String(MAX_BODY) } });
});
afterAll(async () => {
  expect(await baton?.stop()).toBe(0);
  baton?.cleanup();
});

const target = () => new URL(baton.grpcUrl).host;
const traceOf = (traceId: string) => baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);

describe.each([
  { name: 'plain', gzip: false },
  { name: 'gzip', gzip: true },
])('trace exporter over gRPC ($name)', ({ name, gzip }) => {
  it('delivers a multi-agent trace that reads back whole and normalized', async () => {
    const otel = otelHarness(baton.grpcUrl, 'grpc', `svc-grpc-${name}`, AUTH, { gzip });
    const sessionId = `session-grpc-${name}`;
    const ids = emitTriageTrace(otel.tracer, sessionId);
    await otel.flush(); // resolves once Baton answered OK for every span: they are on disk
    await otel.shutdown();

    const { status: code, body } = await traceOf(ids.traceId);
    expect(code).toBe(200);
    expect(body.sessionId).toBe(sessionId);
    expect(body.spans.map((s) => s.spanId).sort()).toEqual([...ids.spanIds].sort());
    const byName = Object.fromEntries(body.spans.map((s) => [s.name, s]));
    expect(byName['invoke_agent triage']).toMatchObject({ type: 'agent', agent: 'triage', userId: 'user-7', service: `svc-grpc-${name}` });
    expect(byName['chat gpt-4o']).toMatchObject({ type: 'llm', agent: 'triage', model: 'gpt-4o', usage: { input: 812, output: 64 }, kind: 'client' });
    expect(byName['execute_tool refund']).toMatchObject({ type: 'tool', agent: 'billing', status: { code: 'error', message: 'payment gateway timeout' } });
    expect(byName['invoke_agent billing']!.events.map((e) => e.name)).toEqual(['baton.context.snapshot']);
  });
});

describe('ingest keys over gRPC', () => {
  it('refuses an export without the key, or with a wrong one, as UNAUTHENTICATED and stores nothing', async () => {
    for (const headers of [undefined, { Authorization: 'Bearer not-the-key' }]) {
      const otel = otelHarness(baton.grpcUrl, 'grpc', 'no-key', headers);
      const ids = emitTriageTrace(otel.tracer, 'grpc-no-key');
      const failure = await otel.flush().then(() => undefined, (err: unknown) => err as ServiceError);
      await otel.shutdown();
      expect(failure?.code).toBe(status.UNAUTHENTICATED);
      expect(failure?.details).toMatch(/Authorization: Bearer <key>/);
      expect((await traceOf(ids.traceId)).status).toBe(404);
    }
  });

  it('accepts the key from OTEL_EXPORTER_OTLP_HEADERS, which gRPC exporters send as metadata', async () => {
    process.env.OTEL_EXPORTER_OTLP_HEADERS = `Authorization=Bearer ${KEY}`;
    try {
      const otel = otelHarness(baton.grpcUrl, 'grpc', 'key-from-env');
      const ids = emitTriageTrace(otel.tracer, 'grpc-key-from-env');
      await otel.flush();
      await otel.shutdown();
      expect((await traceOf(ids.traceId)).body.spans).toHaveLength(4);
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_HEADERS;
    }
  });
});

describe('a malformed message', () => {
  it('is answered INVALID_ARGUMENT while the exports beside it on the same connection are all stored', async () => {
    const client = rawGrpcClient(target());
    try {
      const traceIds = Array.from({ length: 12 }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}${'6b'.repeat(12)}`);
      const good = traceIds.map((id) => client.call(traceRequest(id, 5, { service: 'mixed' }), AUTH));
      const bad = client.call(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), AUTH);
      const [answers, refused] = await Promise.all([Promise.all(good), bad]);
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.error.code).toBe(status.INVALID_ARGUMENT);
      expect(refused.error.details).toMatch(/not a valid ExportTraceServiceRequest protobuf/);
      for (const a of answers) expect(a.ok && decodeTraceResponse(a.body)).toEqual({});
      for (const id of traceIds) expect((await traceOf(id)).body.spans, id).toHaveLength(5);
    } finally {
      client.close();
    }
  });

  it('is refused RESOURCE_EXHAUSTED when over BATON_MAX_BODY_BYTES', async () => {
    const client = rawGrpcClient(target());
    try {
      const answer = await client.call(traceRequest('7a'.repeat(16), 1, { padding: MAX_BODY }), AUTH);
      expect(answer.ok ? status.OK : answer.error.code).toBe(status.RESOURCE_EXHAUSTED);
      expect((await traceOf('7a'.repeat(16))).status).toBe(404);
    } finally {
      client.close();
    }
  });
});

describe('log exporter over gRPC', () => {
  it('delivers a snapshot log record that the trace shows among its span’s events', async () => {
    const otel = otelHarness(baton.grpcUrl, 'grpc', 'logs-grpc', AUTH);
    const logs = otelLogsHarness(baton.grpcUrl, 'grpc', 'logs-grpc', AUTH, { gzip: true });
    let agentSpan: Span | undefined;
    within(otel.tracer, undefined, 'invoke_agent planner', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' }, (span) => {
      agentSpan = span;
      logs.logger.emit({
        eventName: 'baton.context.snapshot',
        attributes: { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': JSON.stringify({ budget: 300 }), 'baton.handoff.id': 'h-grpc' },
        context: trace.setSpan(context.active(), span),
      });
      logs.logger.emit({ body: 'a plain log line: accepted, not stored', severityNumber: 9, context: trace.setSpan(context.active(), span) });
    });
    await otel.flush();
    await logs.flush();
    await Promise.all([otel.shutdown(), logs.shutdown()]);

    const { traceId, spanId } = agentSpan!.spanContext();
    const span = (await traceOf(traceId)).body.spans.find((s) => s.spanId === spanId)!;
    expect(span.events).toEqual([
      {
        time: expect.any(String),
        name: 'baton.context.snapshot',
        attributes: { 'baton.handoff.id': 'h-grpc', 'baton.snapshot.facts': '{"budget":300}', 'baton.snapshot.phase': 'sent' },
      },
    ]);
  });
});

describe('SIGTERM with calls in flight', () => {
  const dataDir = newDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('answers the calls it took before exiting 0, and every acknowledged span is on disk', async () => {
    // One request per insert, so the writer has a backlog when the signal comes.
    const env = { BATON_WRITE_BATCH_BYTES: '1024' };
    const first = await startBaton({ dataDir, env });
    let signalledAt = Infinity;
    const sends = Array.from({ length: 16 }, async (_, i) => {
      const otel = otelHarness(first.grpcUrl, 'grpc', 'sigterm', undefined, { gzip: i % 2 === 0 });
      const ids = emitTriageTrace(otel.tracer, `sigterm-${i}`);
      try {
        await otel.flush();
        return { traceId: ids.traceId, spans: ids.spanIds.length, answeredAt: performance.now() };
      } finally {
        await otel.shutdown().catch(() => undefined);
      }
    });
    await Promise.any(sends); // one trace acknowledged; the others are queued in the writer or on the wire
    signalledAt = performance.now();
    const exit = first.stop();
    const settled = await Promise.allSettled(sends);
    expect(await exit).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    const acked = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    // Calls Baton had taken were answered during the shutdown, not cut...
    expect(acked.filter((a) => a.answeredAt > signalledAt).length).toBeGreaterThan(0);
    // ...and one that came too late was refused as retryable, never failed otherwise.
    for (const r of settled) if (r.status === 'rejected') expect((r.reason as ServiceError).code).toBe(status.UNAVAILABLE);

    const after = await startBaton({ dataDir });
    try {
      for (const { traceId, spans } of acked) expect((await after.api<TraceDetail>(`/api/v1/traces/${traceId}`)).body.spans, traceId).toHaveLength(spans);
    } finally {
      expect(await after.stop()).toBe(0);
    }
  });
});
